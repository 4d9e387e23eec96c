using System.Text.Json;
using Microsoft.Data.Sqlite;
using MlopsKit.Datasets;
using MlopsKit.IO;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

/// <summary>LogInput links runs to data versions: DVC md5 digests and git commits from a real repository.</summary>
public sealed class DatasetLineageTests : IDisposable
{
    private readonly TempRepo _repo = TempRepo.Create();
    private readonly TempDir _store = TempDir.Create();
    private readonly TrackingClient _client;

    public DatasetLineageTests() => _client = new TrackingClient($"sqlite:///{_store["mlflow.db"]}");

    public void Dispose()
    {
        _client.Dispose();
        SqliteConnection.ClearAllPools();
        _store.Dispose();
        _repo.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dvc_tracked_file_is_logged_with_its_dvc_md5_and_the_git_commit()
    {
        var csv = SampleData.Iris.WriteTo(_repo["data"]);
        await _repo.Repo.AddAsync([csv], cancellationToken: Ct);
        var commit = _repo.GitCommit("track iris");
        var md5 = Md5Hasher.HashFile(csv);

        await using var run = await Tracker.StartRunAsync("lineage", new StartRunOptions { Client = _client }, Ct);
        var dataset = await run.LogInputAsync(csv, cancellationToken: Ct);

        Assert.Equal(md5, dataset.Digest);
        Assert.Equal("dvc", dataset.SourceType);
        using var source = JsonDocument.Parse(dataset.Source);
        Assert.Equal("data/iris.csv", source.RootElement.GetProperty("path").GetString());
        Assert.Equal("data/iris.csv.dvc", source.RootElement.GetProperty("dvc_file").GetString());
        Assert.Equal(md5, source.RootElement.GetProperty("dvc_md5").GetString());
        Assert.Equal(commit, source.RootElement.GetProperty("git_commit").GetString());
        Assert.False(source.RootElement.GetProperty("modified").GetBoolean());
        Assert.True(source.RootElement.GetProperty("dvc_file_committed").GetBoolean());
        Assert.Contains("\"name\":\"species\"", dataset.Schema, StringComparison.Ordinal);
        Assert.Equal("{\"num_rows\":150,\"num_elements\":750}", dataset.Profile);

        var stored = await _client.Store.GetRunAsync(run.RunId, Ct);
        var input = Assert.Single(stored.Inputs);
        Assert.Equal(md5, input.Dataset.Digest);
        Assert.Equal("training", input.Context);
    }

    [Fact]
    public async Task A_tracked_file_changed_since_dvc_add_is_logged_as_modified_with_its_real_digest()
    {
        var csv = SampleData.Iris.WriteTo(_repo["data"]);
        await _repo.Repo.AddAsync([csv], cancellationToken: Ct);
        _repo.GitCommit("track iris");
        var recorded = Md5Hasher.HashFile(csv);
        File.AppendAllText(csv, "5.0,3.0,1.5,0.2,setosa\n");

        var dataset = await DatasetLineage.DescribeAsync(csv, cancellationToken: Ct);

        Assert.Equal(Md5Hasher.HashFile(csv), dataset.Digest);
        Assert.NotEqual(recorded, dataset.Digest);
        using var source = JsonDocument.Parse(dataset.Source);
        Assert.True(source.RootElement.GetProperty("modified").GetBoolean());
        Assert.Equal(recorded, source.RootElement.GetProperty("dvc_md5").GetString());
    }

    [Fact]
    public async Task A_tracked_folder_is_logged_with_its_dir_hash()
    {
        SampleData.Iris.WriteTo(_repo["data"]);
        SampleData.Diabetes.WriteTo(_repo["data"]);
        await _repo.Repo.AddAsync([_repo["data"]], cancellationToken: Ct);
        var recorded = _repo.Repo.Outputs().Single().Hash;

        var dataset = await DatasetLineage.DescribeAsync(_repo["data"], cancellationToken: Ct);

        Assert.EndsWith(".dir", recorded, StringComparison.Ordinal);
        Assert.Equal(recorded, dataset.Digest);
        Assert.Equal("data", dataset.Name);
    }

    [Fact]
    public async Task An_untracked_file_is_logged_as_a_local_source_with_its_md5()
    {
        var csv = SampleData.Diabetes.WriteTo(_store["plain"]);
        var dataset = await DatasetLineage.DescribeAsync(csv, "diabetes", Ct);
        Assert.Equal("local", dataset.SourceType);
        Assert.Equal(Md5Hasher.HashFile(csv), dataset.Digest);
        Assert.Contains("file://", dataset.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logging_the_same_dataset_twice_stores_it_once()
    {
        var csv = SampleData.Iris.WriteTo(_store["plain"]);
        await using var run = await Tracker.StartRunAsync("lineage", new StartRunOptions { Client = _client }, Ct);
        await run.LogInputAsync(csv, cancellationToken: Ct);
        await run.LogInputAsync(csv, cancellationToken: Ct);
        Assert.Single((await _client.Store.GetRunAsync(run.RunId, Ct)).Inputs);
    }

    [Fact]
    public async Task A_missing_dataset_path_is_reported()
    {
        var ex = await Assert.ThrowsAsync<NotFoundException>(() => DatasetLineage.DescribeAsync(_store["missing.csv"], cancellationToken: Ct));
        Assert.Contains("missing.csv", ex.Message, StringComparison.Ordinal);
    }
}
