#!/usr/bin/env -S dotnet run
#:project ../src/MlopsKit/MlopsKit.csproj

// Autologging an ML.NET pipeline (normalize, then a linear regression) on the diabetes data: one call turns it on,
// and the fit records every step's options, the duration, the training data digest and the model; the evaluation
// records MLflow's regression metrics in the same run.
//   dotnet run examples/autolog_pipeline.cs
using System.Globalization;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Tracking;
using MlopsKit.Training;

var ml = new MLContext(seed: 42);
var (train, test) = TutorialFrames.Load(SampleData.Diabetes);
using var autolog = ml.Autolog(new AutologOptions { ExperimentName = "diabetes-autolog" });

var pipeline = ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Diabetes))
    .Append(ml.Transforms.NormalizeMeanVariance("Features"))
    .Append(ml.Regression.Trainers.Sdca(labelColumnName: "target", maximumNumberOfIterations: 200));

var model = await autolog.FitAsync(pipeline, train);
var metrics = await autolog.EvaluateRegressionAsync(model, test, labelColumn: "target", prefix: "test_");

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"autologged run {autolog.RunOf(model)}: test RMSE {metrics.RootMeanSquaredError:F4}, R2 {metrics.RSquared:F4}"));
