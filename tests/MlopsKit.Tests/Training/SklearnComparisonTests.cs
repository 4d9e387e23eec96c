using System.Globalization;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Training;

namespace MlopsKit.Tests.Training;

/// <summary>Our learners against scikit-learn 1.2 run live on the same tutorial splits (needs python3-sklearn).</summary>
public sealed class SklearnComparisonTests(SklearnReference reference, ITestOutputHelper output) : IClassFixture<SklearnReference>
{
    [Fact]
    public void Elastic_net_is_within_two_percent_rmse_of_scikit_learn_on_all_eight_tutorial_runs()
    {
        var ml = new MLContext(seed: 42);
        var (train, test) = TutorialSplit.Load(ml, SampleData.Diabetes);
        Assert.Equal(8, reference.Runs.Count);
        output.WriteLine("alpha  l1_ratio  ours rmse/mae/r2  sklearn rmse/mae/r2  rmse ratio  iterations ours/sklearn");
        var failures = new List<string>();
        foreach (var run in reference.Runs)
        {
            var trainer = ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = run.Alpha, L1Ratio = run.L1Ratio });
            var model = trainer.Fit(train, out var fit);
            var metrics = ml.Regression.Evaluate(model.Transform(test));
            var ratio = metrics.RootMeanSquaredError / run.Rmse;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Alpha,-6} {run.L1Ratio,-9} {metrics.RootMeanSquaredError:F6}/{metrics.MeanAbsoluteError:F6}/{metrics.RSquared:F6}  {run.Rmse:F6}/{run.Mae:F6}/{run.R2:F6}  {ratio:F8}  {fit.Iterations}/{run.Iterations}"));
            if (Math.Abs(ratio - 1) > 0.02)
                failures.Add($"alpha={run.Alpha} l1_ratio={run.L1Ratio}: rmse {metrics.RootMeanSquaredError} vs scikit-learn {run.Rmse}");
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Elastic_net_finds_scikit_learns_coefficients_intercept_iterations_and_duality_gap()
    {
        var ml = new MLContext(seed: 42);
        var (train, _) = TutorialSplit.Load(ml, SampleData.Diabetes);
        foreach (var run in reference.Runs)
        {
            var fit = ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = run.Alpha, L1Ratio = run.L1Ratio }).Train(train);
            var scale = run.Coef.Max(Math.Abs);
            for (var j = 0; j < run.Coef.Length; j++)
                Assert.True(Math.Abs(fit.Weights[j] - run.Coef[j]) <= 1e-3 * scale,
                    $"alpha={run.Alpha} l1_ratio={run.L1Ratio}: weight {j} is {fit.Weights[j]}, scikit-learn has {run.Coef[j]}");
            Assert.Equal(run.Intercept, fit.Bias, 0.01);
            Assert.Equal(run.Coef.Select(c => c == 0), fit.Weights.Select(w => w == 0));
            Assert.Equal(run.Iterations, fit.Iterations);
            Assert.Equal(run.DualityGap, fit.DualityGap, 0.01 * run.DualityGap);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"alpha={run.Alpha} l1_ratio={run.L1Ratio}: gap ours {fit.DualityGap:G6} sklearn {run.DualityGap:G6}, iterations {fit.Iterations}/{run.Iterations}"));
        }
    }

    [Fact]
    public void Iris_forest_accuracy_is_within_three_points_of_scikit_learns_random_forest()
    {
        var ml = new MLContext(seed: 42);
        var (train, test) = TutorialSplit.Load(ml, SampleData.Iris);
        var forest = ml.MulticlassClassification.Trainers.RandomForest(new RandomForestOptions { NumberOfTrees = 300 }).Fit(train);
        var accuracy = ml.MulticlassClassification.Evaluate(forest.Transform(test)).MicroAccuracy;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"iris accuracy: ours {accuracy:F4}, scikit-learn {reference.IrisAccuracy:F4}"));
        Assert.InRange(accuracy, reference.IrisAccuracy - 0.03, reference.IrisAccuracy + 0.03);
    }
}
