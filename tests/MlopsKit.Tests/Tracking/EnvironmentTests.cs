using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>MLFLOW_* environment variables, which are process-wide, so these tests run alone.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class EnvironmentTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create();

    public void Dispose()
    {
        foreach (var name in new[] { "MLFLOW_TRACKING_URI", "MLFLOW_EXPERIMENT_NAME", "MLFLOW_EXPERIMENT_ID", "MLFLOW_RUN_ID" })
            Environment.SetEnvironmentVariable(name, null);
        Tracker.SetTrackingUri(null);
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tracking_uri_and_experiment_name_come_from_the_environment()
    {
        var db = _dir["env.db"];
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_URI", $"sqlite:///{db}");
        Environment.SetEnvironmentVariable("MLFLOW_EXPERIMENT_NAME", "from-env");
        Tracker.SetTrackingUri(null);

        string runId;
        await using (var run = await Tracker.StartRunAsync(cancellationToken: Ct))
        {
            runId = run.RunId;
            run.LogMetric("m", 1);
        }

        Assert.Equal($"sqlite:///{db}", Tracker.CurrentTrackingUri);
        using var store = SqliteTrackingStore.Open(db);
        var exp = await store.GetExperimentByNameAsync("from-env", Ct);
        Assert.NotNull(exp);
        Assert.Equal(exp.ExperimentId, (await store.GetRunAsync(runId, Ct)).Info.ExperimentId);
    }

    [Fact]
    public async Task Mlflow_run_id_resumes_that_run_and_experiment_id_picks_the_experiment()
    {
        using var client = new TrackingClient($"sqlite:///{_dir["ids.db"]}");
        var expId = await client.GetOrCreateExperimentAsync("by-id", Ct);
        Environment.SetEnvironmentVariable("MLFLOW_EXPERIMENT_ID", expId);
        string first;
        await using (var run = await Tracker.StartRunAsync(options: new StartRunOptions { Client = client }, cancellationToken: Ct))
            first = run.RunId;
        Assert.Equal(expId, (await client.Store.GetRunAsync(first, Ct)).Info.ExperimentId);

        Environment.SetEnvironmentVariable("MLFLOW_RUN_ID", first);
        await using (var resumed = await Tracker.StartRunAsync(options: new StartRunOptions { Client = client }, cancellationToken: Ct))
        {
            Assert.Equal(first, resumed.RunId);
            resumed.LogMetric("resumed", 1);
        }
        Assert.Equal(1, (await client.Store.GetRunAsync(first, Ct)).Data.Metrics["resumed"].Value);
    }

    [Fact]
    public async Task A_run_started_inside_a_git_work_tree_records_the_commit_and_branch()
    {
        using var repo = TempRepo.Create();
        repo.Write("train.cs", "// script");
        var commit = repo.GitCommit("script");
        using var client = new TrackingClient($"sqlite:///{_dir["git.db"]}");
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(repo.Root);
        try
        {
            await using var run = await Tracker.StartRunAsync("git", new StartRunOptions { Client = client }, Ct);
            var tags = (await client.Store.GetRunAsync(run.RunId, Ct)).Data.Tags;
            Assert.Equal(commit, tags[SystemTags.GitCommit]);
            Assert.True(tags.ContainsKey(SystemTags.GitBranch));
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }
}
