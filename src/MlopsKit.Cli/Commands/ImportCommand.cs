using System.CommandLine;
using System.Globalization;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops import mlruns &lt;dir&gt;</c>: moves an MLflow file store into the embedded tracking store.</summary>
public static class ImportCommand
{
    /// <summary>Builds the <c>import</c> group.</summary>
    public static Command Create()
    {
        var import = new Command("import", "Bring tracking data from other stores into the tracking store.");
        import.Subcommands.Add(Mlruns());
        return import;
    }

    private static Command Mlruns()
    {
        var dir = new Argument<string>("dir") { Description = "The mlruns folder of an MLflow file store." };
        dir.Validators.Add(Runner.NonEmpty);
        var trackingUri = new Option<string?>("--tracking-uri") { Description = $"Store to import into (default: ${TrackingUri.EnvironmentVariable}, else {TrackingUri.Default})." };
        var stopOnError = new Option<bool>("--stop-on-error") { Description = "Stop at the first run that cannot be read instead of skipping it." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var cmd = new Command("mlruns", "Import an MLflow file store (mlruns/) with its run ids, metrics, params, tags and artifacts. Importing again adds only new runs.")
        {
            dir, trackingUri, stopOnError, json,
        };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            var folder = p.GetValue(dir)!;
            MlrunsImporter.RequireFileStore(folder);
            var uri = TrackingUri.Resolve(p.GetValue(trackingUri));
            using var store = TrackingUri.OpenStore(uri) as SqliteTrackingStore
                ?? throw new ConfigException($"'{uri}' is not an embedded store; import writes into SQLite. Pass --tracking-uri {TrackingUri.Default}.");
            var result = await new MlrunsImporter(store).ImportAsync(folder, new ImportOptions { StopOnError = p.GetValue(stopOnError) }, ct);
            if (p.GetValue(json)) WriteJson(uri, result);
            else if (!p.GetValue(GlobalOptions.Quiet)) WriteText(uri, result);
            if (!result.HasErrors) return ExitCodes.Ok;
            var invalid = result.Skipped.Where(s => s.Kind == SkipKind.Invalid).ToList();
            throw new ConfigException($"{invalid.Count} item(s) could not be read and were not imported (first: {invalid[0]}). " +
                "Fix or remove them and run the same command again: runs already imported are skipped.");
        });
        return cmd;
    }

    private static void WriteText(string uri, ImportResult r)
    {
        Console.WriteLine($"Imported into {uri}:");
        Format.Table(["what", "imported"],
        [
            ["experiments", N(r.Experiments)], ["runs", N(r.Runs)], ["params", N(r.Params)], ["metric points", N(r.MetricPoints)],
            ["tags", N(r.Tags)], ["artifact files", N(r.ArtifactFiles)], ["datasets", N(r.Datasets)],
        ]);
        if (r.ExperimentMap.Count > 0)
        {
            Console.WriteLine("Experiments (mlruns id -> store id):");
            Format.Table(["mlruns id", "store id", "name", "stage", "into"],
                r.ExperimentMap.Select(e => new[] { e.SourceId, e.TargetId, e.Name, e.LifecycleStage, e.Existing ? "existing" : "created" }));
        }
        if (r.Skipped.Count > 0)
        {
            Console.WriteLine("Skipped:");
            // One line each, not a table: paths are long and must stay whole to be copied.
            foreach (var s in r.Skipped) Console.WriteLine($"  {Kind(s.Kind),-20} {s}");
        }
    }

    private static void WriteJson(string uri, ImportResult r) => JsonOut.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("tracking_uri", uri);
        w.WriteNumber("experiments", r.Experiments);
        w.WriteNumber("runs", r.Runs);
        w.WriteNumber("params", r.Params);
        w.WriteNumber("metric_points", r.MetricPoints);
        w.WriteNumber("tags", r.Tags);
        w.WriteNumber("artifact_files", r.ArtifactFiles);
        w.WriteNumber("datasets", r.Datasets);
        w.WriteStartArray("experiment_map");
        foreach (var e in r.ExperimentMap)
        {
            w.WriteStartObject();
            w.WriteString("source_id", e.SourceId);
            w.WriteString("target_id", e.TargetId);
            w.WriteString("name", e.Name);
            w.WriteBoolean("existing", e.Existing);
            w.WriteString("lifecycle_stage", e.LifecycleStage);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("skipped");
        foreach (var s in r.Skipped)
        {
            w.WriteStartObject();
            w.WriteString("kind", Kind(s.Kind));
            w.WriteString("path", s.Path);
            if (s.Line is { } line) w.WriteNumber("line", line);
            else w.WriteNull("line");
            w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static string Kind(SkipKind kind) => kind switch
    {
        SkipKind.AlreadyImported => "already_imported",
        SkipKind.Invalid => "invalid",
        SkipKind.Unsupported => "unsupported",
        _ => "artifacts_not_copied",
    };

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
