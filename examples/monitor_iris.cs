#!/usr/bin/env -S dotnet run
#:project ../src/MlopsKit/MlopsKit.csproj

// The tutorial's monitoring chapter in C#: serve the iris model with a small drift window, generate the Prometheus stack,
// start Prometheus, Alertmanager and Pushgateway on free ports, send in-distribution traffic and then traffic with
// petal_length 3 cm longer, and read model_feature_psi back from Prometheus as a table. Needs Debian's prometheus,
// prometheus-alertmanager and prometheus-pushgateway packages; without them it says so and exits 0.
//   dotnet run examples/monitor_iris.cs
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Monitoring;
using MlopsKit.Serving;
using MlopsKit.Tracking;
using MlopsKit.Training;

var binaries = new LocalMonitorOptions();
var missing = new[] { binaries.PrometheusBinary, binaries.AlertmanagerBinary, binaries.PushgatewayBinary }.Where(b => !File.Exists(b)).ToList();
if (missing.Count > 0)
{
    Console.WriteLine($"skipped: {string.Join(", ", missing)} not installed (apt-get install prometheus prometheus-alertmanager prometheus-pushgateway)");
    return 0;
}

var ml = new MLContext(seed: 42);
var (trainFrame, _) = TutorialFrames.Load(SampleData.Iris);
IDataView train = trainFrame;
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "species")
    .Append(ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Iris)))
    .Append(ml.MulticlassClassification.Trainers.RandomForest(new RandomForestOptions { NumberOfTrees = 50 }))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
string runId;
await using (var run = await Tracker.StartRunAsync("iris-monitoring", new StartRunOptions { RunName = "iris-forest" }))
{
    runId = run.RunId;
    // TrainingData stores the per-feature profile (deciles) that the server's PSI compares live traffic with.
    await run.LogModelAsync(ml, pipeline.Fit(train), train.Schema, new ModelSaveOptions { LabelColumn = "species", ModelName = "iris", TrainingData = train });
}

await using var server = await ModelServer.StartAsync(new ModelServerOptions { ModelUri = $"runs:/{runId}/model", Port = 0, DriftWindowRows = 150, DriftMinRows = 50 });
var dir = Path.Combine(Path.GetTempPath(), $"mlopskit-monitoring-{Guid.NewGuid():N}");
MonitoringStack.Write(dir, new MonitoringOptions { Targets = [$"127.0.0.1:{server.BaseAddress.Port}"], ScrapeInterval = TimeSpan.FromSeconds(1) });
try
{
    var up = await LocalMonitor.UpAsync(dir, new LocalMonitorOptions { PrometheusPort = 0, AlertmanagerPort = 0, PushgatewayPort = 0 });
    using var prometheus = new PrometheusClient(up[MonitorComponent.Prometheus].Url!);
    Console.WriteLine($"serving iris on {server.BaseAddress}; Prometheus {up[MonitorComponent.Prometheus].Url} scrapes it every second");

    var rows = SampleData.Iris.Rows().Select(values => TutorialFrames.FeatureNames(SampleData.Iris)
        .ToDictionary(f => f, f => (object?)double.Parse(values[Array.IndexOf(SampleData.Iris.Columns.ToArray(), f)], CultureInfo.InvariantCulture))).ToList();
    using var client = new ModelClient(server.BaseAddress, new ModelClientOptions { Columns = TutorialFrames.FeatureNames(SampleData.Iris) });

    await SendAsync(rows);
    await WaitForAsync("min(model_feature_drift_window_rows{model=\"iris\"}) >= 150");
    var before = await PsiAsync();

    var shifted = rows.Concat(rows).Select(r => new Dictionary<string, object?>(r) { ["petal_length"] = (double)r["petal_length"]! + 3.0 }).ToList();
    await SendAsync(shifted);
    await WaitForAsync("max(model_feature_psi{model=\"iris\",feature=\"petal_length\"}) > 1");
    var after = await PsiAsync();

    Console.WriteLine("model_feature_psi        in-distribution   petal_length +3 cm");
    foreach (var feature in before.Keys.Order(StringComparer.Ordinal))
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {feature,-22} {before[feature],15:F4}   {after.GetValueOrDefault(feature, double.NaN),18:F4}"));
    Console.WriteLine(after["petal_length"] > 0.25 ? "petal_length drifted (PSI > 0.25): ModelFeatureDriftHigh would fire after its 'for' period" : "no drift seen");

    async Task SendAsync(List<Dictionary<string, object?>> batch)
    {
        for (var i = 0; i < batch.Count; i += 10)
            await client.PredictAsync([.. batch.Skip(i).Take(10)], ServingProtocol.Mlflow);
    }

    async Task<Dictionary<string, double>> PsiAsync()
    {
        var result = await prometheus.QueryAsync("model_feature_psi{model=\"iris\"}");
        return result.Series.ToDictionary(s => s.Labels["feature"], s => s.Points[^1].Value, StringComparer.Ordinal);
    }

    async Task WaitForAsync(string query)
    {
        var clock = Stopwatch.StartNew();
        while ((await prometheus.QueryAsync(query)).Series.Count == 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"waited 60 s for {query}");
            await Task.Delay(500);
        }
    }
}
finally
{
    var stopped = await LocalMonitor.DownAsync(dir);
    Console.WriteLine($"stopped {string.Join(", ", stopped.Select(LocalMonitor.NameOf))}");
    Directory.Delete(dir, recursive: true);
}
return 0;
