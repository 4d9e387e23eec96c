using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops models list</c>: the registered models with their latest version, stages and aliases, as a table or MLflow's JSON.</summary>
public static class ModelsListCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print MLflow's registered-models/search JSON ({\"registered_models\": [...]}) instead of a table." };
        var trackingUri = ModelsCommand.TrackingUriOption();
        var cmd = new Command("list", "List registered models: name, latest version, the latest version in each stage, and aliases.") { json, trackingUri };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var store = TrackingStoreResolver.Open(p.GetValue(trackingUri), mustExist: true);
            var models = await store.SearchRegisteredModelsAsync(ct);
            if (p.GetValue(json))
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("registered_models");
                    foreach (var m in models) WriteModel(w, m);
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            if (p.GetValue(GlobalOptions.Quiet)) return ExitCodes.Ok;
            Format.Table(["name", "latest_version", "stages", "aliases"],
                models.Select(m => new[]
                {
                    m.Name,
                    m.LatestVersions.Count == 0 ? "" : m.LatestVersions.Max(v => v.Version).ToString(CultureInfo.InvariantCulture),
                    string.Join(", ", m.LatestVersions.Where(v => v.CurrentStage != "None").Select(v => $"{v.CurrentStage}: {v.Version}")),
                    string.Join(", ", m.Aliases.Select(a => $"{a.Key}: {a.Value}")),
                }),
                headerWhenRedirected: true);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void WriteModel(Utf8JsonWriter w, RegisteredModel m)
    {
        w.WriteStartObject();
        w.WriteString("name", m.Name);
        w.WriteNumber("creation_timestamp", m.CreationTimestamp);
        w.WriteNumber("last_updated_timestamp", m.LastUpdatedTimestamp);
        w.WriteString("description", m.Description);
        w.WriteStartArray("latest_versions");
        foreach (var v in m.LatestVersions) WriteVersion(w, v);
        w.WriteEndArray();
        w.WriteStartArray("tags");
        foreach (var (key, value) in m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("aliases");
        foreach (var (alias, version) in m.Aliases)
        {
            w.WriteStartObject();
            w.WriteString("alias", alias);
            w.WriteString("version", version.ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteVersion(Utf8JsonWriter w, ModelVersion v)
    {
        w.WriteStartObject();
        w.WriteString("name", v.Name);
        w.WriteString("version", v.Version.ToString(CultureInfo.InvariantCulture));
        w.WriteNumber("creation_timestamp", v.CreationTimestamp);
        w.WriteNumber("last_updated_timestamp", v.LastUpdatedTimestamp);
        w.WriteString("user_id", v.UserId);
        w.WriteString("current_stage", v.CurrentStage);
        w.WriteString("description", v.Description);
        w.WriteString("source", v.Source);
        w.WriteString("run_id", v.RunId);
        w.WriteString("status", v.Status);
        w.WriteString("run_link", v.RunLink);
        w.WriteStartArray("aliases");
        foreach (var a in v.Aliases) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
