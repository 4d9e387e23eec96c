// Serving chapter: train and log the iris forest, serve it on a free loopback port, ask the tutorial's Flask question.
//   mlops script run examples/csx/serving.csx
// How MlopsKit is referenced: `#r "nuget: MlopsKit, *-*"`. Under `mlops script run` it binds to the mlops tool's own MlopsKit
// (no restore, works offline; other `#r "nuget:"` packages restore as in notebooks). Under dotnet-script, run `./build.sh pack`
// first: NuGet.Config here points at ../../artifacts/packages, where the newest prerelease wins.
#load "helpers.csx"
using Microsoft.ML;
using MlopsKit.Models;
using MlopsKit.Serving;
using MlopsKit.Tracking;

var ml = new MLContext(seed: 42);
var (trainFrame, _) = TutorialFrames.Load(SampleData.Iris);
IDataView train = trainFrame;
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "species")
    .Append(ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Iris)))
    .Append(ml.MulticlassClassification.Trainers.RandomForest(new RandomForestOptions { NumberOfTrees = 50 }))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
string runId;
await using (var run = await Tracker.StartRunAsync("iris-scripts"))
{
    runId = run.RunId;
    await run.LogModelAsync(ml, pipeline.Fit(train), train.Schema, new ModelSaveOptions { LabelColumn = "species", ModelName = "iris" });
}

await using (var server = await ModelServer.StartAsync(new ModelServerOptions { ModelUri = $"runs:/{runId}/model", Port = 0 }))
using (var client = new ModelClient(server.BaseAddress, new ModelClientOptions { Columns = TutorialFrames.FeatureNames(SampleData.Iris) }))
{
    var flower = new Dictionary<string, object> { ["sepal_length"] = 5.9, ["sepal_width"] = 3.0, ["petal_length"] = 5.1, ["petal_width"] = 1.8 };
    var answer = await client.PredictAsync(new[] { flower }, ServingProtocol.Flask);
    Say("serving", $"{server.BaseAddress}predict {{\"sepal_length\":5.9,\"sepal_width\":3.0,\"petal_length\":5.1,\"petal_width\":1.8}} -> {answer.RawJson}");
    var all = await client.PredictAsync(IrisRows().Take(5).ToArray(), ServingProtocol.Mlflow);
    Say("serving", $"/invocations, 5 rows -> {all.RawJson}");
}
