using Microsoft.Data.Sqlite;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Serving;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;
using MlopsKit.Training;

namespace MlopsKit.Tests.Serving;

/// <summary>
/// Trains the tutorial's iris classifier and diabetes regressor once, logs them (with their training CSVs as inputs) into a temp
/// SQLite store, and serves each on 127.0.0.1:0. Shared by the serving tests through <see cref="ServedModels"/>.
/// </summary>
public sealed class ServingFixture : IAsyncLifetime
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-serving");

    public string TrackingUri => $"sqlite:///{_dir["mlflow.db"]}";
    public string IrisRunId { get; private set; } = "";
    public string DiabetesRunId { get; private set; } = "";
    public string IrisDataMd5 { get; private set; } = "";
    public ModelServer Iris { get; private set; } = null!;
    public ModelServer Diabetes { get; private set; } = null!;
    public HttpClient IrisHttp { get; private set; } = null!;
    public HttpClient DiabetesHttp { get; private set; } = null!;
    public string IrisModelDir => Path.Combine(_dir.Path, "mlartifacts");

    public async ValueTask InitializeAsync()
    {
        var ml = new MLContext(seed: 1);
        using var client = new TrackingClient(TrackingUri);

        var (irisTrain, _) = TutorialFrames.Load(SampleData.Iris);
        var iris = ml.Transforms.Conversion.MapValueToKey("Label", "species")
            .Append(ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Iris)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        await using (var run = await Tracker.StartRunAsync("serving", new StartRunOptions { Client = client, RunName = "iris" }))
        {
            IrisRunId = run.RunId;
            var csv = SampleData.Iris.WriteTo(_dir["data"]);
            IrisDataMd5 = (await run.LogInputAsync(csv)).Digest;
            IDataView train = irisTrain;
            await run.LogModelAsync(ml, iris.Fit(train), train.Schema, new ModelSaveOptions
            {
                LabelColumn = "species",
                ModelName = "iris",
                InputExample = ml.Data.TakeRows(train, 3),
                TrainingData = train,
            });
        }

        var (diabetesTrain, _) = TutorialFrames.Load(SampleData.Diabetes);
        var diabetes = ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Diabetes))
            .Append(ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = 0.05, L1Ratio = 1.0, LabelColumnName = "target" }));
        await using (var run = await Tracker.StartRunAsync("serving", new StartRunOptions { Client = client, RunName = "diabetes" }))
        {
            DiabetesRunId = run.RunId;
            IDataView train = diabetesTrain;
            await run.LogModelAsync(ml, diabetes.Fit(train), train.Schema, new ModelSaveOptions
            {
                LabelColumn = "target",
                ModelName = "diabetes",
                InputExample = ml.Data.TakeRows(train, 3),
                TrainingData = train,
            });
        }

        Iris = await ModelServer.StartAsync(new ModelServerOptions { ModelUri = $"runs:/{IrisRunId}/model", Port = 0, TrackingUri = TrackingUri });
        Diabetes = await ModelServer.StartAsync(new ModelServerOptions { ModelUri = $"runs:/{DiabetesRunId}/model", Port = 0, TrackingUri = TrackingUri });
        IrisHttp = new HttpClient { BaseAddress = Iris.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        DiabetesHttp = new HttpClient { BaseAddress = Diabetes.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync()
    {
        IrisHttp?.Dispose();
        DiabetesHttp?.Dispose();
        if (Iris is not null) await Iris.DisposeAsync();
        if (Diabetes is not null) await Diabetes.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}

[CollectionDefinition(nameof(ServedModels))]
public sealed class ServedModels : ICollectionFixture<ServingFixture>;
