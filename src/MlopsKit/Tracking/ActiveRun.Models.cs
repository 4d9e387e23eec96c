using System.Text;
using System.Text.Json;
using Microsoft.ML;
using MlopsKit.Models;
using MlopsKit.Yaml;

namespace MlopsKit.Tracking;

/// <summary>Logging ML.NET models into a run as MLflow model directories.</summary>
public sealed partial class ActiveRun
{
    /// <summary>
    /// Saves an ML.NET model as an MLflow model directory under the run's artifacts (<c>model</c> by default), with its signature
    /// inferred from <paramref name="inputSchema"/> and the model's output, and records it in <c>mlflow.log-model.history</c>.
    /// Load it back with <see cref="TrackingClient.LoadModelAsync"/> and <c>runs:/&lt;run_id&gt;/model</c>.
    /// </summary>
    public async Task<MlmodelFile> LogModelAsync(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, ModelSaveOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options = (options ?? new ModelSaveOptions()) with { RunId = RunId };
        var directory = TrackingClient.ResolveInside(ArtifactDirectory, options.ArtifactPath);
        var file = await MlflowModel.SaveAsync(mlContext, model, inputSchema, directory, options, cancellationToken).ConfigureAwait(false);
        await AppendModelHistoryAsync(file, cancellationToken).ConfigureAwait(false);
        return file;
    }

    private async Task AppendModelHistoryAsync(MlmodelFile file, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var current = (await Client.Store.GetRunAsync(RunId, cancellationToken).ConfigureAwait(false)).Data.Tags.GetValueOrDefault(SystemTags.LogModelHistory);
        SetTag(SystemTags.LogModelHistory, AppendHistory(current, file));
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds MLflow's tag form of a model (run_id, artifact_path, utc_time_created, model_uuid, flavors) to the JSON array.</summary>
    internal static string AppendHistory(string? existing, MlmodelFile file)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            if (!string.IsNullOrEmpty(existing))
            {
                try
                {
                    using var old = JsonDocument.Parse(existing);
                    if (old.RootElement.ValueKind == JsonValueKind.Array)
                        foreach (var item in old.RootElement.EnumerateArray()) item.WriteTo(w);
                }
                catch (JsonException)
                {
                    // A hand-edited, unreadable history is replaced rather than blocking model logging.
                }
            }
            w.WriteStartObject();
            foreach (var key in new[] { "run_id", "artifact_path", "utc_time_created", "model_uuid" })
                if (file.Root[key] is YamlScalar { IsNull: false } s) w.WriteString(key, s.Value);
            w.WritePropertyName("flavors");
            WriteYamlAsJson(w, file.Root["flavors"] ?? new YamlMapping());
            w.WriteEndObject();
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteYamlAsJson(Utf8JsonWriter w, YamlNode node)
    {
        switch (node)
        {
            case YamlMapping m:
                w.WriteStartObject();
                foreach (var (k, v) in m.Entries)
                {
                    w.WritePropertyName(k);
                    WriteYamlAsJson(w, v);
                }
                w.WriteEndObject();
                break;
            case YamlSequence s:
                w.WriteStartArray();
                foreach (var item in s.Items) WriteYamlAsJson(w, item);
                w.WriteEndArray();
                break;
            case YamlScalar { IsNull: true }:
                w.WriteNullValue();
                break;
            case YamlScalar sc:
                w.WriteStringValue(sc.Value);
                break;
        }
    }
}
