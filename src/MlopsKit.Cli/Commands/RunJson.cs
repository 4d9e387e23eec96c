using System.Text.Json;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary>
/// Runs and experiments in MLflow's REST JSON shape (service.proto, snake_case, times in Unix milliseconds), for the <c>--json</c> flags.
/// Non-finite metric values are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>, as MLflow's JSON carries them.
/// </summary>
public static class RunJson
{
    /// <summary>One experiment: <c>{experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, tags}</c>.</summary>
    public static void WriteExperiment(Utf8JsonWriter w, Experiment experiment)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(experiment);
        w.WriteStartObject();
        w.WriteString("experiment_id", experiment.ExperimentId);
        w.WriteString("name", experiment.Name);
        w.WriteString("artifact_location", experiment.ArtifactLocation);
        w.WriteString("lifecycle_stage", experiment.LifecycleStage);
        w.WriteNumber("creation_time", experiment.CreationTime);
        w.WriteNumber("last_update_time", experiment.LastUpdateTime);
        WritePairs(w, "tags", experiment.Tags);
        w.WriteEndObject();
    }

    /// <summary>One run: <c>{info, data: {metrics, params, tags}, inputs: {dataset_inputs}}</c>, with every tag.</summary>
    public static void WriteRun(Utf8JsonWriter w, Run run)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(run);
        w.WriteStartObject();
        WriteInfo(w, run.Info);
        w.WriteStartObject("data");
        w.WriteStartArray("metrics");
        foreach (var m in run.Data.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("key", m.Key);
            w.WritePropertyName("value");
            WriteNumber(w, m.Value);
            w.WriteNumber("timestamp", m.Timestamp);
            w.WriteNumber("step", m.Step);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WritePairs(w, "params", run.Data.Params);
        WritePairs(w, "tags", run.Data.Tags);
        w.WriteEndObject();
        w.WriteStartObject("inputs");
        w.WriteStartArray("dataset_inputs");
        foreach (var input in run.Inputs)
        {
            w.WriteStartObject();
            WritePairs(w, "tags", input.Tags);
            w.WriteStartObject("dataset");
            w.WriteString("name", input.Dataset.Name);
            w.WriteString("digest", input.Dataset.Digest);
            w.WriteString("source_type", input.Dataset.SourceType);
            w.WriteString("source", input.Dataset.Source);
            if (input.Dataset.Schema is { } schema) w.WriteString("schema", schema);
            if (input.Dataset.Profile is { } profile) w.WriteString("profile", profile);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A metric value: a JSON number when finite, else MLflow's string form.</summary>
    public static void WriteNumber(Utf8JsonWriter w, double value)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (double.IsFinite(value)) w.WriteNumberValue(value);
        else w.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    private static void WriteInfo(Utf8JsonWriter w, RunInfo info)
    {
        w.WriteStartObject("info");
        w.WriteString("run_id", info.RunId);
        w.WriteString("run_uuid", info.RunId);
        w.WriteString("run_name", info.RunName);
        w.WriteString("experiment_id", info.ExperimentId);
        w.WriteString("user_id", info.UserId);
        w.WriteString("status", info.Status.ToString());
        w.WriteNumber("start_time", info.StartTime);
        if (info.EndTime is { } end) w.WriteNumber("end_time", end);
        w.WriteString("artifact_uri", info.ArtifactUri);
        w.WriteString("lifecycle_stage", info.LifecycleStage);
        w.WriteEndObject();
    }

    private static void WritePairs(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> pairs)
    {
        w.WriteStartArray(name);
        foreach (var (key, value) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
