using Microsoft.Data.Sqlite;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;
using MlopsKit.Training;

namespace MlopsKit.Tests.Tracking;

/// <summary>ML.NET autologging and model logging into a real SQLite store, with real training on the tutorial data.</summary>
public sealed class AutologTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create();
    private readonly TrackingClient _client;

    public AutologTests() => _client = new TrackingClient($"sqlite:///{_dir["mlflow.db"]}");

    public void Dispose()
    {
        _client.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EstimatorChain<RegressionPredictionTransformer<LinearRegressionModelParameters>> DiabetesPipeline(MLContext ml) =>
        ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Diabetes))
            .Append(ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = 0.05, L1Ratio = 1.0, LabelColumnName = "target" }));

    [Fact]
    public async Task An_autologged_fit_records_step_params_duration_data_digest_and_a_loadable_model()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = TutorialFrames.Load(SampleData.Diabetes);
        using var autolog = ml.Autolog(new AutologOptions { Client = _client, ExperimentName = "autolog" });

        var model = await autolog.FitAsync(DiabetesPipeline(ml), train, cancellationToken: Ct);
        var metrics = await autolog.EvaluateRegressionAsync(model, test, labelColumn: "target", prefix: "test_", cancellationToken: Ct);

        var runId = autolog.RunOf(model);
        Assert.NotNull(runId);
        Assert.Null(Tracker.ActiveRun);
        var run = await _client.Store.GetRunAsync(runId, Ct);
        Assert.Equal(RunStatus.FINISHED, run.Info.Status);
        Assert.Equal("mlnet", run.Data.Tags[SystemTags.Autologging]);
        Assert.Equal("0.05", run.Data.Params["1.ElasticNetTrainer.Options.Alpha"]);
        Assert.Equal("1.0", run.Data.Params["1.ElasticNetTrainer.Options.L1Ratio"]);
        Assert.Equal("target", run.Data.Params["1.ElasticNetTrainer.Options.LabelColumnName"]);
        Assert.Contains("ColumnConcatenatingEstimator -> ElasticNetTrainer", run.Data.Params["mlnet.steps"], StringComparison.Ordinal);
        Assert.True(run.Data.Metrics["training_duration_seconds"].Value > 0);
        Assert.Equal(metrics.RootMeanSquaredError, run.Data.Metrics["test_root_mean_squared_error"].Value, 9);
        Assert.InRange(run.Data.Metrics["test_root_mean_squared_error"].Value, 63.1, 63.3);
        Assert.Equal(metrics.RSquared, run.Data.Metrics["test_r2_score"].Value, 9);
        var input = Assert.Single(run.Inputs);
        Assert.Equal(32, input.Dataset.Digest.Length);
        Assert.Equal("training", input.Context);
        Assert.Contains("\"artifact_path\":\"model\"", run.Data.Tags[SystemTags.LogModelHistory], StringComparison.Ordinal);
        Assert.Contains("\"mlnet\"", run.Data.Tags[SystemTags.LogModelHistory], StringComparison.Ordinal);

        var loaded = await _client.LoadModelAsync($"runs:/{runId}/model", Ct);
        Assert.Equal(runId, loaded.RunId);
        Assert.Equal(TutorialFrames.FeatureNames(SampleData.Diabetes), loaded.Signature!.Inputs.Select(i => i.Name));
        var row = TutorialFrames.FeatureNames(SampleData.Diabetes).ToDictionary(n => n, n => (object?)(float)test[n][0]!);
        var predicted = loaded.Predict([row]);
        var expected = ml.Data.CreateEnumerable<ScoreRow>(model.Transform(test), reuseRowObject: false).First().Score;
        Assert.Equal(expected, Convert.ToSingle(predicted[0]["Score"], System.Globalization.CultureInfo.InvariantCulture), 4);
    }

    [Fact]
    public async Task Fitting_inside_an_active_run_logs_into_it_and_leaves_it_running()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = TutorialFrames.Load(SampleData.Diabetes);
        using var autolog = ml.Autolog(new AutologOptions { Client = _client, LogModels = false });
        await using var run = await Tracker.StartRunAsync("outer", new StartRunOptions { Client = _client }, Ct);

        var model = await autolog.FitAsync(DiabetesPipeline(ml), train, cancellationToken: Ct);

        Assert.Equal(run.RunId, autolog.RunOf(model));
        var stored = await _client.Store.GetRunAsync(run.RunId, Ct);
        Assert.Equal(RunStatus.RUNNING, stored.Info.Status);
        Assert.True(stored.Data.Params.ContainsKey("1.ElasticNetTrainer.Options.Alpha"));
        Assert.False(stored.Data.Tags.ContainsKey(SystemTags.LogModelHistory));
    }

    [Fact]
    public async Task A_fit_that_throws_ends_the_autolog_run_failed()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = TutorialFrames.Load(SampleData.Diabetes);
        using var autolog = ml.Autolog(new AutologOptions { Client = _client, ExperimentName = "broken" });
        var bad = ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Diabetes))
            .Append(ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { LabelColumnName = "no_such_column" }));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => autolog.FitAsync(bad, train, cancellationToken: Ct));

        var runs = await _client.SearchAllRunsAsync(new RunSearch { ExperimentIds = [(await _client.GetExperimentByNameAsync("broken", Ct)).ExperimentId] }, Ct);
        Assert.Equal(RunStatus.FAILED, Assert.Single(runs).Info.Status);
    }

    [Fact]
    public async Task An_iris_forest_autologs_classification_metrics_and_its_model_predicts_species()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = TutorialFrames.Load(SampleData.Iris);
        using var autolog = ml.Autolog(new AutologOptions { Client = _client, ExperimentName = "iris", LabelColumn = "species" });
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "species")
            .Append(ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Iris)))
            .Append(ml.MulticlassClassification.Trainers.RandomForest(new RandomForestOptions { NumberOfTrees = 50 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        var model = await autolog.FitAsync(pipeline, train, cancellationToken: Ct);
        var metrics = await autolog.EvaluateMulticlassAsync(model, test, cancellationToken: Ct);

        var run = await _client.Store.GetRunAsync(autolog.RunOf(model)!, Ct);
        Assert.InRange(run.Data.Metrics["accuracy_score"].Value, 0.9, 1.0);
        Assert.Equal(metrics.MicroAccuracy, run.Data.Metrics["accuracy_score"].Value, 9);
        Assert.True(run.Data.Metrics.ContainsKey("log_loss_class_2"));
        Assert.Equal("50", run.Data.Params.First(p => p.Key.EndsWith("NumberOfTrees", StringComparison.Ordinal)).Value);
        var loaded = await _client.LoadModelAsync($"runs:/{run.Info.RunId}/model", Ct);
        var setosa = new Dictionary<string, object?> { ["sepal_length"] = 5.1f, ["sepal_width"] = 3.5f, ["petal_length"] = 1.4f, ["petal_width"] = 0.2f };
        Assert.Equal("setosa", loaded.Predict([setosa])[0]["PredictedLabel"]?.ToString());
    }

    [Fact]
    public void Stepped_metrics_are_read_from_iteration_lines()
    {
        var found = MlnetAutolog.SteppedMetrics(["Iteration 3: loss = 0.25, accuracy: 0.9", "nothing here", "epoch 4 loss=1e-3"]).ToList();
        Assert.Equal([("train_loss", 3L, 0.25), ("train_accuracy", 3L, 0.9), ("train_loss", 4L, 0.001)], found);
    }

    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }
}
