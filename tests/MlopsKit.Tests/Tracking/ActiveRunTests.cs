using System.Text.Json;
using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

/// <summary>The fluent tier (Tracker / ActiveRun) against a real SQLite store in a temp folder.</summary>
public sealed class ActiveRunTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create();
    private readonly TrackingClient _client;

    public ActiveRunTests() => _client = new TrackingClient($"sqlite:///{_dir["mlflow.db"]}");

    public void Dispose()
    {
        _client.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private StartRunOptions Options(string? name = null, bool nested = false) => new() { Client = _client, RunName = name, Nested = nested };

    [Fact]
    public async Task A_disposed_run_ends_finished_with_its_params_metrics_tags_and_system_tags()
    {
        string runId;
        await using (var run = await Tracker.StartRunAsync("diabetes", Options("en-0.05"), Ct))
        {
            runId = run.RunId;
            Assert.Same(run, Tracker.ActiveRun);
            run.LogParam("alpha", 0.05).LogParam("l1_ratio", 1.0).LogParam("fit_intercept", true);
            run.LogMetric("rmse", 70.5).LogMetrics(new Dictionary<string, double> { ["mae"] = 59.1, ["r2"] = 0.1 });
            run.SetTag("team", "ml");
        }
        Assert.Null(Tracker.ActiveRun);
        var stored = await _client.Store.GetRunAsync(runId, Ct);
        Assert.Equal(RunStatus.FINISHED, stored.Info.Status);
        Assert.NotNull(stored.Info.EndTime);
        Assert.Equal("en-0.05", stored.Info.RunName);
        Assert.Equal("0.05", stored.Data.Params["alpha"]);
        Assert.Equal("1.0", stored.Data.Params["l1_ratio"]);
        Assert.Equal("True", stored.Data.Params["fit_intercept"]);
        Assert.Equal(70.5, stored.Data.Metrics["rmse"].Value);
        Assert.Equal(59.1, stored.Data.Metrics["mae"].Value);
        Assert.Equal("ml", stored.Data.Tags["team"]);
        Assert.Equal(Environment.UserName, stored.Data.Tags[SystemTags.User]);
        Assert.Equal("LOCAL", stored.Data.Tags[SystemTags.SourceType]);
        Assert.Equal("en-0.05", stored.Data.Tags[SystemTags.RunName]);
        var exp = await _client.GetExperimentByNameAsync("diabetes", Ct);
        Assert.Equal(exp.ExperimentId, stored.Info.ExperimentId);
    }

    [Fact]
    public async Task A_run_without_a_name_gets_an_mlflow_style_generated_name()
    {
        await using var run = await Tracker.StartRunAsync(null, Options(), Ct);
        Assert.Matches("^[a-z]+-[a-z]+-[0-9]{1,3}$", run.RunName);
        Assert.Equal("0", run.ExperimentId);
    }

    [Fact]
    public async Task A_body_that_throws_ends_the_run_failed_and_the_exception_reaches_the_caller()
    {
        string? runId = null;
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Tracker.RunAsync("exp", run =>
        {
            runId = run.RunId;
            run.LogMetric("loss", 1.5);
            throw new InvalidOperationException("diverged");
        }, Options(), Ct));
        Assert.Equal("diverged", ex.Message);
        var stored = await _client.Store.GetRunAsync(runId!, Ct);
        Assert.Equal(RunStatus.FAILED, stored.Info.Status);
        Assert.Equal(1.5, stored.Data.Metrics["loss"].Value);
    }

    [Fact]
    public async Task Fail_then_dispose_ends_the_run_failed()
    {
        string runId;
        await using (var run = await Tracker.StartRunAsync("exp", Options(), Ct))
        {
            runId = run.RunId;
            run.Fail(new TimeoutException("too slow"));
        }
        var stored = await _client.Store.GetRunAsync(runId, Ct);
        Assert.Equal(RunStatus.FAILED, stored.Info.Status);
        Assert.Contains("too slow", stored.Data.Tags["mlopskit.failure"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nested_run_records_its_parent_and_the_parent_is_active_again_after_it()
    {
        await using var parent = await Tracker.StartRunAsync("exp", Options("parent"), Ct);
        string childId;
        await using (var child = await Tracker.StartRunAsync("exp", Options("child", nested: true), Ct))
        {
            childId = child.RunId;
            Assert.Same(child, ActiveRun.Current);
            Assert.Same(parent, child.Parent);
        }
        Assert.Same(parent, ActiveRun.Current);
        var stored = await _client.Store.GetRunAsync(childId, Ct);
        Assert.Equal(parent.RunId, stored.Data.Tags[SystemTags.ParentRunId]);
        Assert.Equal(RunStatus.FINISHED, stored.Info.Status);
    }

    [Fact]
    public async Task Starting_a_second_run_while_one_is_active_without_nested_is_refused()
    {
        await using var run = await Tracker.StartRunAsync("exp", Options(), Ct);
        var ex = await Assert.ThrowsAsync<ConflictException>(() => Tracker.StartRunAsync("exp", Options(), Ct));
        Assert.Contains("Nested = true", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relogging_a_param_with_another_value_fails_and_the_same_value_is_accepted()
    {
        await using var run = await Tracker.StartRunAsync("exp", Options(), Ct);
        run.LogParam("alpha", 0.5);
        run.LogParam("alpha", "0.5");
        var ex = Assert.Throws<InvalidParameterException>(() => run.LogParam("alpha", 0.7));
        Assert.Contains("write-once", ex.Message, StringComparison.Ordinal);
        await run.FlushAsync(Ct);
        Assert.Equal("0.5", (await _client.Store.GetRunAsync(run.RunId, Ct)).Data.Params["alpha"]);
    }

    [Fact]
    public async Task Invalid_keys_are_refused_when_logged_not_when_flushed()
    {
        await using var run = await Tracker.StartRunAsync("exp", Options(), Ct);
        Assert.Throws<InvalidParameterException>(() => run.LogMetric("bad key!", 1));
        Assert.Throws<InvalidParameterException>(() => run.LogParam("../escape", 1));
        Assert.Throws<InvalidParameterException>(() => run.SetTag("", "x"));
        await run.FlushAsync(Ct);
    }

    [Fact]
    public async Task Thousands_of_stepped_points_are_all_stored_through_background_batches()
    {
        string runId;
        await using (var run = await Tracker.StartRunAsync("exp", Options(), Ct))
        {
            runId = run.RunId;
            for (var step = 0; step < 2_500; step++) run.LogMetric("loss", 1.0 / (step + 1), step, timestamp: 1_000 + step);
            run.LogMetric("weird", double.NaN).LogMetric("weird", double.PositiveInfinity, step: 1);
        }
        var history = await _client.Store.GetMetricHistoryAsync(runId, "loss", Ct);
        Assert.Equal(2_500, history.Count);
        Assert.Equal(Enumerable.Range(0, 2_500).Select(i => (long)i), history.Select(m => m.Step));
        Assert.Equal(1.0 / 2_500, history[^1].Value);
        var weird = await _client.Store.GetMetricHistoryAsync(runId, "weird", Ct);
        Assert.True(double.IsNaN(weird[0].Value));
        Assert.Equal(double.PositiveInfinity, weird[1].Value);
    }

    [Fact]
    public async Task Logging_after_the_run_ended_is_an_error()
    {
        var run = await Tracker.StartRunAsync("exp", Options(), Ct);
        await run.EndAsync(RunStatus.KILLED, Ct);
        Assert.Throws<InvalidOperationException>(() => run.LogMetric("x", 1));
        Assert.Equal(RunStatus.KILLED, (await _client.Store.GetRunAsync(run.RunId, Ct)).Info.Status);
        await run.DisposeAsync();
        Assert.Equal(RunStatus.KILLED, (await _client.Store.GetRunAsync(run.RunId, Ct)).Info.Status);
    }

    [Fact]
    public async Task Resuming_a_run_by_id_keeps_its_params_and_sets_it_running_then_finished()
    {
        string runId;
        await using (var first = await Tracker.StartRunAsync("exp", Options(), Ct))
        {
            runId = first.RunId;
            first.LogParam("alpha", 1);
        }
        await using (var again = await Tracker.StartRunAsync(null, Options() with { RunId = runId }, Ct))
        {
            Assert.Equal(runId, again.RunId);
            Assert.Equal(RunStatus.RUNNING, (await _client.Store.GetRunAsync(runId, Ct)).Info.Status);
            Assert.Throws<InvalidParameterException>(() => again.LogParam("alpha", 2));
            again.LogMetric("later", 3);
        }
        var stored = await _client.Store.GetRunAsync(runId, Ct);
        Assert.Equal(RunStatus.FINISHED, stored.Info.Status);
        Assert.Equal(3, stored.Data.Metrics["later"].Value);
    }

    [Fact]
    public async Task Text_dict_and_file_artifacts_land_in_the_run_artifact_folder()
    {
        var data = _dir.Path + "/data";
        Directory.CreateDirectory(data + "/sub");
        File.WriteAllText(data + "/a.txt", "A");
        File.WriteAllText(data + "/sub/b.txt", "B");
        await using var run = await Tracker.StartRunAsync("exp", Options(), Ct);
        await run.LogTextAsync("hello", "notes/readme.md", Ct);
        await run.LogDictAsync(new Dictionary<string, object?> { ["alpha"] = 0.5, ["layers"] = new[] { 1, 2 }, ["name"] = "en", ["none"] = null }, "config.json", Ct);
        await run.LogDictAsync(new Dictionary<string, object?> { ["alpha"] = 0.5, ["name"] = "en" }, "config.yaml", Ct);
        await run.LogArtifactAsync(data + "/a.txt", "files", Ct);
        await run.LogArtifactAsync(data, "tree", Ct);

        Assert.Equal("hello", File.ReadAllText(Path.Combine(run.ArtifactDirectory, "notes/readme.md")));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.ArtifactDirectory, "config.json")));
        Assert.Equal(0.5, json.RootElement.GetProperty("alpha").GetDouble());
        Assert.Equal(2, json.RootElement.GetProperty("layers")[1].GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("none").ValueKind);
        Assert.Equal("alpha: 0.5\nname: en\n", File.ReadAllText(Path.Combine(run.ArtifactDirectory, "config.yaml")));
        Assert.Equal("A", File.ReadAllText(Path.Combine(run.ArtifactDirectory, "files/a.txt")));
        Assert.Equal("B", File.ReadAllText(Path.Combine(run.ArtifactDirectory, "tree/sub/b.txt")));
        var root = await _client.ListArtifactsAsync(run.RunId, cancellationToken: Ct);
        Assert.Equal(["config.json", "config.yaml", "files", "notes", "tree"], root.Select(a => a.Path));
        Assert.Equal(Path.Combine(run.ArtifactDirectory, "tree/sub/b.txt"), await _client.GetArtifactPathAsync(run.RunId, "tree/sub/b.txt", Ct));
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("a/../../outside.txt")]
    [InlineData("%2E%2E/outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b.txt")]
    [InlineData("x#y.txt")]
    public async Task Artifact_paths_that_leave_the_run_folder_are_refused(string artifactFile)
    {
        await using var run = await Tracker.StartRunAsync("exp", Options(), Ct);
        await Assert.ThrowsAsync<InvalidParameterException>(() => run.LogTextAsync("x", artifactFile, Ct));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(run.ArtifactDirectory)!, "outside.txt")));
    }

    [Fact]
    public async Task A_missing_artifact_file_is_reported_and_nothing_is_written()
    {
        await using var run = await Tracker.StartRunAsync("exp", Options(), Ct);
        var ex = await Assert.ThrowsAsync<NotFoundException>(() => run.LogArtifactAsync(_dir["nope.csv"], null, Ct));
        Assert.Contains("nope.csv", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await _client.ListArtifactsAsync(run.RunId, cancellationToken: Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => _client.GetArtifactPathAsync(run.RunId, "nope.csv", Ct));
    }
}
