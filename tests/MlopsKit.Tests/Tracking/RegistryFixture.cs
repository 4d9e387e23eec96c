using Microsoft.Data.Sqlite;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;
using MlopsKit.Training;

namespace MlopsKit.Tests.Tracking;

/// <summary>
/// A temp SQLite store with two finished runs, each logging a real ML.NET diabetes regressor at <c>model</c> (ElasticNet with alpha 0.05
/// and 5.0, so their predictions differ), for the model registry tests to register.
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-registry");

    public string TrackingUri => $"sqlite:///{_dir["mlflow.db"]}";
    public TrackingClient Client { get; private set; } = null!;
    public SqliteTrackingStore Store => (SqliteTrackingStore)Client.Store;
    public string RunA { get; private set; } = "";
    public string RunB { get; private set; } = "";
    public string Scratch => _dir["scratch"];

    /// <summary>The first diabetes test row, as a caller of Predict sends it.</summary>
    public IReadOnlyDictionary<string, object?> Row { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Client = new TrackingClient(TrackingUri);
        var ml = new MLContext(seed: 1);
        var (train, test) = TutorialFrames.Load(SampleData.Diabetes);
        Row = TutorialFrames.FeatureNames(SampleData.Diabetes).ToDictionary(n => n, n => (object?)(float)test[n][0]!);
        RunA = await LogAsync(ml, train, 0.05, "a");
        RunB = await LogAsync(ml, train, 5.0, "b");
        Directory.CreateDirectory(Scratch);
    }

    private async Task<string> LogAsync(MLContext ml, IDataView train, double alpha, string runName)
    {
        var pipeline = ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Diabetes))
            .Append(ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = alpha, L1Ratio = 1.0, LabelColumnName = "target" }));
        await using var run = await Tracker.StartRunAsync("registry", new StartRunOptions { Client = Client, RunName = runName });
        await run.LogModelAsync(ml, pipeline.Fit(train), train.Schema, new ModelSaveOptions { LabelColumn = "target" });
        return run.RunId;
    }

    public ValueTask DisposeAsync()
    {
        Client?.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
