// Monitoring chapter: serve iris with a 150-row drift window, start Prometheus, Alertmanager and Pushgateway on free ports,
// send iris traffic, then petal_length 3 cm longer, and print model_feature_psi from Prometheus. Skips (exit 0) without
// Debian's prometheus packages.   mlops script run examples/csx/monitoring.csx [-- /path/to/prometheus]
// How MlopsKit is referenced: `#r "nuget: MlopsKit, *-*"`. Under `mlops script run` it binds to the mlops tool's own MlopsKit
// (no restore, works offline; other `#r "nuget:"` packages restore as in notebooks). Under dotnet-script, run `./build.sh pack`
// first: NuGet.Config here points at ../../artifacts/packages, where the newest prerelease wins.
#load "helpers.csx"
using System.Diagnostics;
using Microsoft.ML;
using MlopsKit.Models;
using MlopsKit.Monitoring;
using MlopsKit.Serving;
using MlopsKit.Tracking;

var binaries = new LocalMonitorOptions { PrometheusBinary = Args.Count > 0 ? Args[0] : new LocalMonitorOptions().PrometheusBinary };
var missing = new[] { binaries.PrometheusBinary, binaries.AlertmanagerBinary, binaries.PushgatewayBinary }.Where(b => !File.Exists(b)).ToList();
if (missing.Count > 0)
{
    Say("monitoring", $"skipped: {string.Join(", ", missing)} not installed (apt-get install prometheus prometheus-alertmanager prometheus-pushgateway)");
    return;
}

var ml = new MLContext(seed: 42);
var (trainFrame, _) = TutorialFrames.Load(SampleData.Iris);
IDataView train = trainFrame;
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "species")
    .Append(ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Iris)))
    .Append(ml.MulticlassClassification.Trainers.RandomForest(new RandomForestOptions { NumberOfTrees = 20 }))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
string runId;
await using (var run = await Tracker.StartRunAsync("iris-scripts-monitoring"))
{
    runId = run.RunId;
    await run.LogModelAsync(ml, pipeline.Fit(train), train.Schema, new ModelSaveOptions { LabelColumn = "species", ModelName = "iris", TrainingData = train });
}

await using (var server = await ModelServer.StartAsync(new ModelServerOptions { ModelUri = $"runs:/{runId}/model", Port = 0, DriftWindowRows = 150, DriftMinRows = 50 }))
{
    var dir = NewFolder("monitoring");
    MonitoringStack.Write(dir, new MonitoringOptions { Targets = new[] { $"127.0.0.1:{server.BaseAddress.Port}" }, ScrapeInterval = TimeSpan.FromSeconds(1) });
    try
    {
        var up = await LocalMonitor.UpAsync(dir, binaries with { PrometheusPort = 0, AlertmanagerPort = 0, PushgatewayPort = 0 });
        using var prometheus = new PrometheusClient(up[MonitorComponent.Prometheus].Url);
        using var client = new ModelClient(server.BaseAddress, new ModelClientOptions { Columns = TutorialFrames.FeatureNames(SampleData.Iris) });
        async Task Send(List<Dictionary<string, object>> rows)
        {
            for (var i = 0; i < rows.Count; i += 10) await client.PredictAsync(rows.Skip(i).Take(10).ToArray(), ServingProtocol.Mlflow);
        }
        async Task WaitFor(string query)
        {
            var clock = Stopwatch.StartNew();
            while ((await prometheus.QueryAsync(query)).Series.Count == 0)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"waited 60 s for {query}");
                await Task.Delay(500);
            }
        }
        async Task<Dictionary<string, double>> Psi() =>
            (await prometheus.QueryAsync("model_feature_psi{model=\"iris\"}")).Series.ToDictionary(s => s.Labels["feature"], s => s.Points[^1].Value);

        await Send(IrisRows());
        await WaitFor("min(model_feature_drift_window_rows{model=\"iris\"}) >= 150");
        var before = await Psi();
        await Send(IrisRows().Concat(IrisRows()).Select(r => new Dictionary<string, object>(r) { ["petal_length"] = (double)r["petal_length"] + 3.0 }).ToList());
        await WaitFor("max(model_feature_psi{model=\"iris\",feature=\"petal_length\"}) > 1");
        var after = await Psi();
        Say("monitoring", "feature          PSI before   PSI after");
        foreach (var feature in before.Keys.OrderBy(k => k, StringComparer.Ordinal))
            Say("monitoring", string.Create(CultureInfo.InvariantCulture, $"{feature,-15} {before[feature],11:F4} {after[feature],11:F4}"));
    }
    finally
    {
        var stopped = await LocalMonitor.DownAsync(dir);
        Say("monitoring", $"stopped {string.Join(", ", stopped.Select(LocalMonitor.NameOf))}");
        Directory.Delete(dir, recursive: true);
    }
}
