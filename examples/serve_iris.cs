#!/usr/bin/env -S dotnet run
#:project ../src/MlopsKit/MlopsKit.csproj

// The tutorial's serving chapter with the iris classifier: train it (classes 0, 1, 2 as in scikit-learn), log it as an MLflow
// model, serve it on a free loopback port, send the tutorial's requests over Flask, Seldon, MLflow and Open Inference, stop.
//   dotnet run examples/serve_iris.cs
using System.Globalization;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Serving;
using MlopsKit.Tracking;
using MlopsKit.Training;

var ml = new MLContext(seed: 42);
var (trainFrame, _) = TutorialFrames.Load(SampleData.Iris);
// scikit-learn's iris target is the class index (setosa 0, versicolor 1, virginica 2); use the same so answers read like the tutorial's.
string[] species = ["setosa", "versicolor", "virginica"];
var speciesColumn = (StringDataFrameColumn)trainFrame["species"];
trainFrame.Columns.Add(new SingleDataFrameColumn("target", speciesColumn.Select(s => (float)Array.IndexOf(species, s))));
trainFrame.Columns.Remove("species");
IDataView train = trainFrame;

var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "target")
    .Append(ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Iris)))
    .Append(ml.MulticlassClassification.Trainers.RandomForest(new RandomForestOptions { NumberOfTrees = 100 }))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

string runId;
await using (var run = await Tracker.StartRunAsync("iris-serving", new StartRunOptions { RunName = "iris-forest" }))
{
    runId = run.RunId;
    // The training data as the run's input, so every answer's X-Training-Data-Md5 header names it (its DVC md5 when data/ is tracked).
    var csv = File.Exists("data/iris.csv") ? "data/iris.csv" : SampleData.Iris.WriteTo(Path.Combine(Path.GetTempPath(), "mlopskit-sample-data"));
    await run.LogInputAsync(csv);
    var model = pipeline.Fit(train);
    await run.LogModelAsync(ml, model, train.Schema, new ModelSaveOptions
    {
        LabelColumn = "target", ModelName = "iris", InputExample = ml.Data.TakeRows(train, 3), TrainingData = train,
    });
}

await using var server = await ModelServer.StartAsync(new ModelServerOptions { ModelUri = $"runs:/{runId}/model", Port = 0 });
Console.WriteLine($"serving runs:/{runId}/model on {server.BaseAddress}");
using var client = new ModelClient(server.BaseAddress, new ModelClientOptions { Columns = TutorialFrames.FeatureNames(SampleData.Iris) });

var flower = new Dictionary<string, object?> { ["sepal_length"] = 5.9, ["sepal_width"] = 3.0, ["petal_length"] = 5.1, ["petal_width"] = 1.8 };
var flask = await client.PredictAsync([flower], ServingProtocol.Flask);
Console.WriteLine($"POST /predict {{\"sepal_length\":5.9,\"sepal_width\":3.0,\"petal_length\":5.1,\"petal_width\":1.8}} -> {flask.RawJson}");

var ones = new Dictionary<string, object?> { ["sepal_length"] = 1.0, ["sepal_width"] = 2.0, ["petal_length"] = 3.0, ["petal_width"] = 4.0 };
var seldon = await client.PredictAsync([ones], ServingProtocol.Seldon);
Console.WriteLine($"POST /api/v1.0/predictions {{\"data\":{{\"ndarray\":[[1,2,3,4]]}}}} -> {seldon.RawJson}");

var mlflow = await client.PredictAsync([flower], ServingProtocol.Mlflow);
Console.WriteLine($"POST /invocations (dataframe_split) -> {mlflow.RawJson}");
var v2 = await client.PredictAsync([flower], ServingProtocol.OpenInference);
Console.WriteLine($"POST /v2/models/iris/infer -> {v2.RawJson}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopping {server.BaseAddress}"));
