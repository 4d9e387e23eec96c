#!/usr/bin/env -S dotnet run
#:project ../src/MlopsKit/MlopsKit.csproj

// The tutorial's `mlflow models serve` step with the diabetes ElasticNet: train and log it, serve it on a free loopback port,
// send the tutorial's /invocations curl body (MLflow 1.x columns/data form), then the same row over the other protocols; stop.
//   dotnet run examples/serve_diabetes.cs
using System.Text;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Serving;
using MlopsKit.Tracking;
using MlopsKit.Training;

var ml = new MLContext(seed: 42);
var (trainFrame, _) = TutorialFrames.Load(SampleData.Diabetes);
IDataView train = trainFrame;
var pipeline = ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Diabetes))
    .Append(ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = 0.05, L1Ratio = 1.0, LabelColumnName = "target" }));

string runId;
await using (var run = await Tracker.StartRunAsync("diabetes-serving", new StartRunOptions { RunName = "elasticnet-0.05-1.0" }))
{
    runId = run.RunId;
    // The training data as the run's input, so every answer's X-Training-Data-Md5 header names it (its DVC md5 when data/ is tracked).
    var csv = File.Exists("data/diabetes.csv") ? "data/diabetes.csv" : SampleData.Diabetes.WriteTo(Path.Combine(Path.GetTempPath(), "mlopskit-sample-data"));
    await run.LogInputAsync(csv);
    run.LogParam("alpha", 0.05).LogParam("l1_ratio", 1.0);
    await run.LogModelAsync(ml, pipeline.Fit(train), train.Schema, new ModelSaveOptions
    {
        LabelColumn = "target", ModelName = "diabetes", InputExample = ml.Data.TakeRows(train, 3), TrainingData = train,
    });
}

await using var server = await ModelServer.StartAsync(new ModelServerOptions { ModelUri = $"runs:/{runId}/model", Port = 0 });
Console.WriteLine($"serving runs:/{runId}/model on {server.BaseAddress}");

// curl -X POST -H "Content-Type:application/json" --data '<body>' http://127.0.0.1:<port>/invocations
const string tutorialBody = """{"columns":["age","sex","bmi","bp","s1","s2","s3","s4","s5","s6"],"data":[[0.0199,0.0507,0.1048,0.0701,-0.0360,-0.0267,-0.0250,-0.0026,0.0037,0.0403]]}""";
using var http = new HttpClient { BaseAddress = server.BaseAddress };
using var response = await http.PostAsync("/invocations", new StringContent(tutorialBody, Encoding.UTF8, "application/json"));
Console.WriteLine($"POST /invocations {tutorialBody} -> {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
foreach (var header in new[] { LineageHeaders.RunId, LineageHeaders.DataMd5 })
    if (response.Headers.TryGetValues(header, out var values)) Console.WriteLine($"  {header}: {string.Join(",", values)}");

string[] names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];
double[] row = [0.0199, 0.0507, 0.1048, 0.0701, -0.0360, -0.0267, -0.0250, -0.0026, 0.0037, 0.0403];
var features = names.Zip(row).ToDictionary(p => p.First, p => (object?)p.Second);
using var client = new ModelClient(server.BaseAddress, new ModelClientOptions { Columns = names });
foreach (var protocol in new[] { ServingProtocol.Flask, ServingProtocol.Seldon, ServingProtocol.OpenInference })
{
    var answer = await client.PredictAsync([features], protocol);
    Console.WriteLine($"{protocol}: {answer.Predictions[0]}");
}
