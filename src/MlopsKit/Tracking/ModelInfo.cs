using System.Text.Json;

namespace MlopsKit.Tracking;

/// <summary>
/// A model logged in a run, as MLflow's <c>mlflow.log-model.history</c> tag records it (MLflow's <c>ModelInfo</c>):
/// where it sits in the run's artifacts, the <c>runs:/</c> URI that loads it, and its flavors.
/// </summary>
public sealed record ModelInfo(string RunId, string ArtifactPath, IReadOnlyList<string> Flavors, string? UtcTimeCreated, string? ModelUuid)
{
    /// <summary>The URI that loads the model: <c>runs:/&lt;run_id&gt;/&lt;artifact_path&gt;</c>.</summary>
    public string ModelUri => $"runs:/{RunId}/{ArtifactPath}";

    /// <summary>The models a run logged, oldest first; none when the tag is missing or unreadable (a hand-edited tag never fails a read).</summary>
    public static IReadOnlyList<ModelInfo> FromRun(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!run.Data.Tags.TryGetValue(SystemTags.LogModelHistory, out var history) || string.IsNullOrWhiteSpace(history)) return [];
        var found = new List<ModelInfo>();
        try
        {
            using var doc = JsonDocument.Parse(history);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return [];
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || Text(item, "artifact_path") is not { Length: > 0 } path) continue;
                var flavors = item.TryGetProperty("flavors", out var f) && f.ValueKind == JsonValueKind.Object
                    ? f.EnumerateObject().Select(p => p.Name).ToList()
                    : [];
                found.Add(new ModelInfo(run.Info.RunId, path, flavors, Text(item, "utc_time_created"), Text(item, "model_uuid")));
            }
        }
        catch (JsonException)
        {
            return [];
        }
        return found;
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
