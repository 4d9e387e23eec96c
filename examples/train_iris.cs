#!/usr/bin/env -S dotnet run
#:project ../src/MlopsKit/MlopsKit.csproj

// The tutorial's iris classifier: a 300-tree random forest, autologged, plus a custom metric logged by hand.
//   dotnet run examples/train_iris.cs [trees]
using System.Globalization;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Tracking;
using MlopsKit.Training;

var trees = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var ml = new MLContext(seed: 42);
var (train, test) = TutorialFrames.Load(SampleData.Iris);
using var autolog = ml.Autolog(new AutologOptions { LabelColumn = "species" });

await using var run = await Tracker.StartRunAsync("iris", new StartRunOptions { RunName = $"random-forest-{trees}" });
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "species")
    .Append(ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Iris)))
    .Append(ml.MulticlassClassification.Trainers.RandomForest(new RandomForestOptions { NumberOfTrees = trees }))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

var model = await autolog.FitAsync(pipeline, train);
var metrics = await autolog.EvaluateMulticlassAsync(model, test, prefix: "test_");

// A custom metric: how many of the test flowers were misclassified.
var testRows = test.Rows.Count;
var misclassified = (int)Math.Round((1 - metrics.MicroAccuracy) * testRows);
run.LogMetric("test_misclassified", misclassified);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"iris forest ({trees} trees): test accuracy {metrics.MicroAccuracy:F4}, misclassified {misclassified} of {testRows}; run {run.RunId}"));
