#!/usr/bin/env -S dotnet run
#:project ../src/MlopsKit/MlopsKit.csproj

// The tutorial's MLflow chapter in C#: an ElasticNet on the diabetes data, tracked as an MLflow run.
//   dotnet run examples/train_diabetes.cs [alpha] [l1_ratio]
// Runs go to $MLFLOW_TRACKING_URI, else sqlite:///mlflow.db in the current folder. When data/diabetes.csv exists here
// (for example tracked with 'mlops dvc add'), it is logged as the run's input with its DVC md5 and git commit.
using System.Globalization;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Tracking;
using MlopsKit.Training;

var alpha = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 0.05;
var l1Ratio = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0.05;

var ml = new MLContext(seed: 42);
var (trainFrame, testFrame) = TutorialFrames.Load(SampleData.Diabetes);
IDataView train = trainFrame, test = testFrame;
var pipeline = ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Diabetes))
    .Append(ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = alpha, L1Ratio = l1Ratio, LabelColumnName = "target" }));

await using var run = await Tracker.StartRunAsync("diabetes", new StartRunOptions
{
    RunName = $"elasticnet-{PythonText.Format(alpha)}-{PythonText.Format(l1Ratio)}",
});
var model = pipeline.Fit(train);
var metrics = ml.Regression.Evaluate(model.Transform(test), labelColumnName: "target");

run.LogParam("alpha", alpha).LogParam("l1_ratio", l1Ratio);
run.LogMetric("rmse", metrics.RootMeanSquaredError).LogMetric("mae", metrics.MeanAbsoluteError).LogMetric("r2", metrics.RSquared);
if (File.Exists("data/diabetes.csv"))
    await run.LogInputAsync("data/diabetes.csv");
await run.LogModelAsync(ml, model, train.Schema, new ModelSaveOptions { LabelColumn = "target", InputExample = ml.Data.TakeRows(train, 5), TrainingData = train });

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Elasticnet model (alpha={alpha:F6}, l1_ratio={l1Ratio:F6}):"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  RMSE: {metrics.RootMeanSquaredError:F4}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  MAE: {metrics.MeanAbsoluteError:F4}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  R2: {metrics.RSquared:F4}"));
Console.WriteLine($"  run {run.RunId}; model at runs:/{run.RunId}/model");
