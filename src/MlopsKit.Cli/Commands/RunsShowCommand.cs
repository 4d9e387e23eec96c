using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops runs show</c>: one run's info, params, latest metrics, tags, dataset inputs, top-level artifacts and logged models.</summary>
public static class RunsShowCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runId = new Argument<string>("run-id") { Description = "The run, by id (see 'mlops runs list')." };
        runId.Validators.Add(Runner.NonEmpty);
        var allTags = new Option<bool>("--all-tags") { Description = "Also show MLflow's system tags (mlflow.*); --json always has every tag." };
        var json = new Option<bool>("--json") { Description = "Print {\"run\": <MLflow runs/get shape>, \"artifacts\": [...], \"logged_models\": [...]} instead of text." };
        var cmd = new Command("show", "Show a run: info, params, latest metrics, tags, dataset inputs, artifacts and logged models.") { runId, allTags, json };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var store = TrackingStoreResolver.Open(p.GetValue(RunsCommand.TrackingUri), mustExist: true);
            using var client = new TrackingClient(store);
            var run = await store.GetRunAsync(p.GetValue(runId)!, ct);
            var experiment = await store.GetExperimentAsync(run.Info.ExperimentId, ct);
            IReadOnlyList<ArtifactFile>? artifacts;
            string? artifactsNote = null;
            try
            {
                artifacts = await client.ListArtifactsAsync(run.Info.RunId, cancellationToken: ct);
            }
            catch (ConfigException ex)
            {
                // A remote artifact root (mlflow-artifacts:/, s3://) cannot be listed here; the rest of the run still can be shown.
                (artifacts, artifactsNote) = (null, ex.Message);
            }
            var models = ModelInfo.FromRun(run);
            if (p.GetValue(json))
                WriteJson(run, artifacts, models);
            else if (!p.GetValue(GlobalOptions.Quiet))
                WriteText(run, experiment, artifacts, artifactsNote, models, p.GetValue(allTags));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void WriteJson(Run run, IReadOnlyList<ArtifactFile>? artifacts, IReadOnlyList<ModelInfo> models) =>
        JsonOut.Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("run");
            RunJson.WriteRun(w, run);
            if (artifacts is not null)
            {
                w.WriteStartArray("artifacts");
                foreach (var a in artifacts)
                {
                    w.WriteStartObject();
                    w.WriteString("path", a.Path);
                    w.WriteBoolean("is_dir", a.IsDir);
                    if (a.FileSize is { } size) w.WriteNumber("file_size", size);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteStartArray("logged_models");
            foreach (var m in models)
            {
                w.WriteStartObject();
                w.WriteString("artifact_path", m.ArtifactPath);
                w.WriteString("model_uri", m.ModelUri);
                w.WriteStartArray("flavors");
                foreach (var f in m.Flavors) w.WriteStringValue(f);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static void WriteText(Run run, Experiment experiment, IReadOnlyList<ArtifactFile>? artifacts, string? artifactsNote, IReadOnlyList<ModelInfo> models, bool allTags)
    {
        var info = run.Info;
        Pairs(null, [
            ("run_id", info.RunId),
            ("run_name", info.RunName),
            ("experiment", $"{experiment.Name} (id {experiment.ExperimentId})"),
            ("status", info.Status.ToString()),
            ("start_time", Format.Time(info.StartTime)),
            ("end_time", info.EndTime is { } end ? Format.Time(end) : ""),
            ("duration", Format.Duration(info.StartTime, info.EndTime)),
            ("user_id", info.UserId),
            ("artifact_uri", info.ArtifactUri),
            ("lifecycle_stage", info.LifecycleStage),
        ]);

        Pairs("Params", run.Data.Params.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)));
        Pairs("Metrics (latest)", run.Data.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => (m.Key, $"{Format.Number(m.Value)}  (step {m.Step})")));

        var shown = run.Data.Tags.Where(t => allTags || !t.Key.StartsWith("mlflow.", StringComparison.Ordinal)).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var hidden = run.Data.Tags.Count - shown.Count;
        Pairs(hidden > 0 ? $"Tags ({hidden} mlflow.* system tags hidden; show them with --all-tags)" : "Tags", shown.Select(t => (t.Key, t.Value)));

        Pairs("Dataset inputs", run.Inputs.Select(i => (i.Dataset.Name,
            $"digest {i.Dataset.Digest}  source_type {i.Dataset.SourceType}" + (i.Context is { } context ? $"  context {context}" : ""))));

        if (artifacts is null) Pairs("Artifacts", [("(not listed)", artifactsNote ?? "")]);
        else Pairs("Artifacts", artifacts.Select(a => a.IsDir ? (a.Path + "/", "") : (a.Path, a.FileSize is { } size ? Format.Size(size) : "")));

        if (models.Count > 0)
            Pairs("Logged models", models.Select(m => (m.ArtifactPath, m.ModelUri + (m.Flavors.Count > 0 ? $"  (flavors: {string.Join(", ", m.Flavors)})" : ""))));
    }

    /// <summary>A titled block of aligned "key  value" lines; "(none)" when empty.</summary>
    private static void Pairs(string? title, IEnumerable<(string Key, string Value)> pairs)
    {
        var list = pairs.ToList();
        if (title is not null)
        {
            Console.WriteLine();
            Console.WriteLine(title);
        }
        var indent = title is null ? "" : "  ";
        if (list.Count == 0) Console.WriteLine(indent + "(none)");
        var width = list.Count == 0 ? 0 : list.Max(p => p.Key.Length);
        foreach (var (key, value) in list)
            Console.WriteLine(value.Length == 0 ? indent + key : $"{indent}{key.PadRight(width)}  {value}");
    }
}
