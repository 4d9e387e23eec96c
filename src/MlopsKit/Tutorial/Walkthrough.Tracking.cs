using System.Globalization;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using MlopsKit.Charts;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Tracking;
using MlopsKit.Training;
using Plotly.NET;

namespace MlopsKit.Tutorial;

public sealed partial class Walkthrough
{
    /// <summary>The tutorial's 8 (alpha, l1_ratio) pairs, in its order.</summary>
    private static readonly (double Alpha, double L1Ratio)[] s_grid =
        [(0.05, 0.05), (0.01, 0.01), (0.01, 0.75), (0.01, 1.0), (0.05, 1.0), (0.05, 0.01), (0.5, 0.8), (0.8, 1.0)];

    private static readonly string[] s_species = ["setosa", "versicolor", "virginica"];

    private readonly List<TutorialRun> _runs = [];
    private readonly List<GenericChart> _charts = [];
    private TrackingClient? _client;
    private string _trackingUri = "";
    private string? _bestDiabetesRun;
    private string? _irisRun;

    private async Task TrackingAsync()
    {
        _trackingUri = "sqlite:///" + Path.Combine(_dir, "mlflow.db");
        var ml = new MLContext(seed: 42);
        var (diabetesTrain, diabetesTest) = TutorialFrames.Load(SampleData.Diabetes);

        await Step("tracking", "the tutorial's 8 ElasticNet runs", async () =>
        {
            _client = new TrackingClient(_trackingUri);
            IDataView train = diabetesTrain, test = diabetesTest;
            foreach (var (alpha, l1Ratio) in s_grid)
            {
                var pipeline = ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Diabetes))
                    .Append(ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = alpha, L1Ratio = l1Ratio, LabelColumnName = "target" }));
                var run = await Tracker.StartRunAsync("diabetes", new StartRunOptions
                {
                    RunName = $"elasticnet-{PythonText.Format(alpha)}-{PythonText.Format(l1Ratio)}",
                    Client = _client,
                }, _ct).ConfigureAwait(false);
                await using (run.ConfigureAwait(false))
                {
                    var model = pipeline.Fit(train);
                    var metrics = ml.Regression.Evaluate(model.Transform(test), labelColumnName: "target");
                    run.LogParam("alpha", alpha).LogParam("l1_ratio", l1Ratio);
                    run.LogMetric("rmse", metrics.RootMeanSquaredError).LogMetric("mae", metrics.MeanAbsoluteError).LogMetric("r2", metrics.RSquared);
                    await run.LogInputAsync(DataPath, cancellationToken: _ct).ConfigureAwait(false);
                    await run.LogModelAsync(ml, model, train.Schema, new ModelSaveOptions
                    {
                        LabelColumn = "target",
                        ModelName = "diabetes",
                        InputExample = ml.Data.TakeRows(train, 5),
                        TrainingData = train,
                    }, cancellationToken: _ct).ConfigureAwait(false);
                    _runs.Add(new TutorialRun("diabetes", run.RunId, run.RunName,
                        new Dictionary<string, string> { ["alpha"] = PythonText.Format(alpha), ["l1_ratio"] = PythonText.Format(l1Ratio) },
                        new Dictionary<string, double> { ["rmse"] = metrics.RootMeanSquaredError, ["mae"] = metrics.MeanAbsoluteError, ["r2"] = metrics.RSquared }));
                }
            }
            var best = _runs.MinBy(r => r.Metrics["rmse"])!;
            _bestDiabetesRun = best.RunId;
            return string.Create(CultureInfo.InvariantCulture,
                $"8 runs in experiment 'diabetes' ({Path.GetFileName(_dir)}/mlflow.db), each with its params, rmse/mae/r2, model and the DVC md5 of its data; best rmse {best.Metrics["rmse"]:F4} at alpha={best.Params["alpha"]}, l1_ratio={best.Params["l1_ratio"]}");
        }).ConfigureAwait(false);

        await Step("tracking", "an autologged ML.NET pipeline", async () =>
        {
            using var autolog = ml.Autolog(new AutologOptions { ExperimentName = "diabetes-autolog", Client = _client, LabelColumn = "target" });
            var pipeline = ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Diabetes))
                .Append(ml.Transforms.NormalizeMeanVariance("Features"))
                .Append(ml.Regression.Trainers.Sdca(labelColumnName: "target", maximumNumberOfIterations: 200));
            var model = await autolog.FitAsync(pipeline, diabetesTrain, DataPath, _ct).ConfigureAwait(false);
            var metrics = await autolog.EvaluateRegressionAsync(model, diabetesTest, labelColumn: "target", prefix: "test_", cancellationToken: _ct).ConfigureAwait(false);
            var runId = autolog.RunOf(model) ?? throw new InvalidOperationException("autolog did not record the run of the model it fitted");
            var run = await _client!.Store.GetRunAsync(runId, _ct).ConfigureAwait(false);
            _runs.Add(new TutorialRun("diabetes-autolog", runId, run.Info.RunName ?? runId, new Dictionary<string, string>(),
                new Dictionary<string, double> { ["test_root_mean_squared_error"] = metrics.RootMeanSquaredError, ["test_r2_score"] = metrics.RSquared }));
            return string.Create(CultureInfo.InvariantCulture,
                $"Autolog logged {run.Data.Params.Count} params (every step's options), {run.Data.Metrics.Count} metrics and the model; test rmse {metrics.RootMeanSquaredError:F4}");
        }).ConfigureAwait(false);

        await Step("tracking", $"the iris random forest ({_options.IrisTrees} trees)", async () =>
        {
            var (trainFrame, testFrame) = TutorialFrames.Load(SampleData.Iris);
            IDataView train = WithClassIndex(trainFrame), test = WithClassIndex(testFrame);
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "target")
                .Append(ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Iris)))
                .Append(ml.MulticlassClassification.Trainers.RandomForest(new RandomForestOptions { NumberOfTrees = _options.IrisTrees }))
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
            var run = await Tracker.StartRunAsync("iris", new StartRunOptions { RunName = $"random-forest-{_options.IrisTrees}", Client = _client }, _ct).ConfigureAwait(false);
            await using (run.ConfigureAwait(false))
            {
                var model = pipeline.Fit(train);
                var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
                run.LogParam("n_estimators", _options.IrisTrees).LogMetric("accuracy", metrics.MicroAccuracy);
                await run.LogModelAsync(ml, model, train.Schema, new ModelSaveOptions
                {
                    LabelColumn = "target",
                    ModelName = "iris",
                    InputExample = ml.Data.TakeRows(train, 3),
                    TrainingData = train,
                }, cancellationToken: _ct).ConfigureAwait(false);
                _irisRun = run.RunId;
                _runs.Add(new TutorialRun("iris", run.RunId, run.RunName,
                    new Dictionary<string, string> { ["n_estimators"] = _options.IrisTrees.ToString(CultureInfo.InvariantCulture) },
                    new Dictionary<string, double> { ["accuracy"] = metrics.MicroAccuracy }));
                var rows = testFrame.Rows.Count;
                return string.Create(CultureInfo.InvariantCulture,
                    $"test accuracy {metrics.MicroAccuracy:F4} ({Math.Round(metrics.MicroAccuracy * rows)} of {rows} test rows), classes 0/1/2 as in scikit-learn");
            }
        }).ConfigureAwait(false);

        await Step("tracking", "compare the runs: Plotly charts", async () =>
        {
            var experiment = await _client!.GetOrCreateExperimentAsync("diabetes", _ct).ConfigureAwait(false);
            var runs = await _client.SearchAllRunsAsync(new RunSearch { ExperimentIds = [experiment] }, _ct).ConfigureAwait(false);
            _charts.AddRange(RunChart.CompareCharts(runs, null, "rmse", ["alpha", "l1_ratio"]));
            var html = Path.Combine(_dir, "compare-runs.html");
            await File.WriteAllTextAsync(html, RunChart.Compare(runs, null, "rmse", ["alpha", "l1_ratio"]), _ct).ConfigureAwait(false);
            return $"{_charts.Count} charts of rmse over {runs.Count} runs (bars, rmse vs alpha, rmse vs l1_ratio, parallel coordinates) in the report and in compare-runs.html";
        }).ConfigureAwait(false);
    }

    /// <summary>The iris frame with scikit-learn's class index (setosa 0, versicolor 1, virginica 2) as target, so answers read like the tutorial's.</summary>
    private static DataFrame WithClassIndex(DataFrame frame)
    {
        var copy = frame.Clone();
        var species = (StringDataFrameColumn)copy["species"];
        copy.Columns.Add(new SingleDataFrameColumn("target", species.Select(s => (float)Array.IndexOf(s_species, s))));
        copy.Columns.Remove("species");
        return copy;
    }
}
