// Tracking chapter: the tutorial's ElasticNet on the diabetes data as an MLflow run ($MLFLOW_TRACKING_URI, else sqlite:///mlflow.db).
//   mlops script run examples/csx/tracking.csx [-- alpha l1_ratio]
// How MlopsKit is referenced: `#r "nuget: MlopsKit, *-*"`. Under `mlops script run` it binds to the mlops tool's own MlopsKit
// (no restore, works offline; other `#r "nuget:"` packages restore as in notebooks). Under dotnet-script, run `./build.sh pack`
// first: NuGet.Config here points at ../../artifacts/packages, where the newest prerelease wins.
#r "nuget: MlopsKit, *-*"
using System.Globalization;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Tracking;
using MlopsKit.Training;

var alpha = Args.Count > 0 ? double.Parse(Args[0], CultureInfo.InvariantCulture) : 0.05;
var l1Ratio = Args.Count > 1 ? double.Parse(Args[1], CultureInfo.InvariantCulture) : 1.0;
var ml = new MLContext(seed: 42);
var (trainFrame, testFrame) = TutorialFrames.Load(SampleData.Diabetes);
IDataView train = trainFrame, test = testFrame;
var pipeline = ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Diabetes))
    .Append(ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = alpha, L1Ratio = l1Ratio, LabelColumnName = "target" }));

await using (var run = await Tracker.StartRunAsync("diabetes-scripts", new StartRunOptions { RunName = $"elasticnet-{alpha}-{l1Ratio}" }))
{
    var model = pipeline.Fit(train);
    var metrics = ml.Regression.Evaluate(model.Transform(test), labelColumnName: "target");
    run.LogParam("alpha", alpha).LogParam("l1_ratio", l1Ratio);
    run.LogMetric("rmse", metrics.RootMeanSquaredError).LogMetric("r2", metrics.RSquared);
    await run.LogModelAsync(ml, model, train.Schema, new ModelSaveOptions { LabelColumn = "target", TrainingData = train });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[tracking] alpha={alpha} l1_ratio={l1Ratio}: rmse {metrics.RootMeanSquaredError:F4}, r2 {metrics.RSquared:F4}; run {run.RunId}"));
}
