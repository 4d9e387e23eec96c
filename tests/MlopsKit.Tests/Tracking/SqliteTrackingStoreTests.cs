using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

/// <summary>The embedded SQLite tracking store (mlflow.md §1.1–1.6) on a real database file in a temp folder.</summary>
public sealed class SqliteTrackingStoreTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create();
    private readonly SqliteTrackingStore _store;

    public SqliteTrackingStoreTests() => _store = SqliteTrackingStore.Open($"sqlite:///{_dir["mlflow.db"]}");

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Run> NewRun(string experimentId = "0", string? name = null, long start = 1000) =>
        _store.CreateRunAsync(experimentId, name, start, [], Ct);

    [Fact]
    public async Task The_default_experiment_exists_on_first_open()
    {
        var exp = await _store.GetExperimentByNameAsync("Default", Ct);
        Assert.NotNull(exp);
        Assert.Equal("0", exp.ExperimentId);
        Assert.Equal("active", exp.LifecycleStage);
        Assert.Equal(Path.Combine(_dir["mlartifacts"], "0"), exp.ArtifactLocation);
    }

    [Fact]
    public async Task A_created_experiment_is_found_by_name_with_its_tags()
    {
        var id = await _store.CreateExperimentAsync("demo", tags: new Dictionary<string, string> { ["team"] = "ml" }, cancellationToken: Ct);
        var exp = await _store.GetExperimentByNameAsync("demo", Ct);
        Assert.NotNull(exp);
        Assert.Equal("1", id);
        Assert.Equal(id, exp.ExperimentId);
        Assert.Equal("ml", exp.Tags["team"]);
        Assert.Null(await _store.GetExperimentByNameAsync("absent", Ct));
    }

    [Fact]
    public async Task Creating_an_experiment_with_a_taken_name_fails_clearly()
    {
        await _store.CreateExperimentAsync("demo", cancellationToken: Ct);
        var e = await Assert.ThrowsAsync<ConflictException>(() => _store.CreateExperimentAsync("demo", cancellationToken: Ct));
        Assert.Contains("demo", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Params_metrics_and_tags_round_trip_through_a_run()
    {
        var run = await NewRun(name: "iris-forest");
        Assert.Matches("^[0-9a-f]{32}$", run.Info.RunId);
        Assert.Equal(RunStatus.RUNNING, run.Info.Status);
        Assert.Equal($"{_dir["mlartifacts"]}/0/{run.Info.RunId}/artifacts", run.Info.ArtifactUri);
        await _store.LogBatchAsync(run.Info.RunId, [new Metric("rmse", 0.5, 10, 1)], [new Param("alpha", "0.01")], [new RunTag("team", "ml")], Ct);
        await _store.LogBatchAsync(run.Info.RunId, [], [new Param("alpha", "0.01")], [new RunTag("team", "ops")], Ct);
        await _store.UpdateRunAsync(run.Info.RunId, RunStatus.FINISHED, 2000, cancellationToken: Ct);

        var got = await _store.GetRunAsync(run.Info.RunId, Ct);
        Assert.Equal("iris-forest", got.Info.RunName);
        Assert.Equal(RunStatus.FINISHED, got.Info.Status);
        Assert.Equal(2000, got.Info.EndTime);
        Assert.Equal(new Metric("rmse", 0.5, 10, 1), got.Data.Metrics["rmse"]);
        Assert.Equal("0.01", got.Data.Params["alpha"]);
        Assert.Equal("ops", got.Data.Tags["team"]);
        Assert.Equal("iris-forest", got.Data.Tags["mlflow.runName"]);
    }

    [Fact]
    public async Task Changing_a_param_value_fails_naming_old_and_new_value()
    {
        var run = await NewRun();
        await _store.LogBatchAsync(run.Info.RunId, [], [new Param("alpha", "0.01")], [], Ct);
        var e = await Assert.ThrowsAsync<InvalidParameterException>(() => _store.LogBatchAsync(run.Info.RunId, [], [new Param("alpha", "0.5")], [], Ct));
        Assert.Contains("'0.01'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'0.5'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_to_an_unknown_run_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => _store.LogBatchAsync("0123456789abcdef0123456789abcdef", [], [new Param("a", "b")], [], Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => _store.GetRunAsync("0123456789abcdef0123456789abcdef", Ct));
    }

    [Fact]
    public async Task Writing_to_a_deleted_run_fails_asking_to_restore_it()
    {
        var run = await NewRun();
        using (var db = new SqliteConnection($"Data Source={_dir["mlflow.db"]};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "UPDATE runs SET lifecycle_stage='deleted' WHERE run_uuid=$id";
            cmd.Parameters.AddWithValue("$id", run.Info.RunId);
            cmd.ExecuteNonQuery();
        }
        var e = await Assert.ThrowsAsync<InvalidParameterException>(() => _store.LogBatchAsync(run.Info.RunId, [new Metric("m", 1, 1)], [], [], Ct));
        Assert.Contains("'active' lifecycle_stage", e.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.GetMetricHistoryAsync(run.Info.RunId, "m", Ct));
    }

    [Fact]
    public async Task NaN_and_infinities_round_trip_as_MLflow_stores_them()
    {
        var run = await NewRun();
        await _store.LogBatchAsync(run.Info.RunId,
            [new Metric("nan", double.NaN, 1), new Metric("pos", double.PositiveInfinity, 1), new Metric("neg", double.NegativeInfinity, 1)], [], [], Ct);
        var data = (await _store.GetRunAsync(run.Info.RunId, Ct)).Data;
        Assert.True(double.IsNaN(data.Metrics["nan"].Value));
        Assert.Equal(double.PositiveInfinity, data.Metrics["pos"].Value);
        Assert.Equal(double.NegativeInfinity, data.Metrics["neg"].Value);

        using var db = new SqliteConnection($"Data Source={_dir["mlflow.db"]};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT key, value, is_nan FROM metrics ORDER BY key";
        using var r = cmd.ExecuteReader();
        var rows = new List<(string, double, long)>();
        while (r.Read()) rows.Add((r.GetString(0), r.GetDouble(1), r.GetInt64(2)));
        Assert.Equal([("nan", 0d, 1L), ("neg", -1.7976931348623157e308, 0L), ("pos", 1.7976931348623157e308, 0L)], rows);
    }

    [Fact]
    public async Task Metric_history_returns_every_point_ordered_by_step()
    {
        var run = await NewRun();
        await _store.LogBatchAsync(run.Info.RunId, [new Metric("loss", 0.3, 30, 2), new Metric("loss", 0.9, 10, 0)], [], [], Ct);
        await _store.LogBatchAsync(run.Info.RunId, [new Metric("loss", 0.5, 20, 1)], [], [], Ct);
        var history = await _store.GetMetricHistoryAsync(run.Info.RunId, "loss", Ct);
        Assert.Equal([0L, 1L, 2L], history.Select(m => m.Step));
        Assert.Equal([0.9, 0.5, 0.3], history.Select(m => m.Value));
    }

    [Fact]
    public async Task The_latest_metric_is_the_max_by_step_then_timestamp_then_value()
    {
        var run = await NewRun();
        var id = run.Info.RunId;
        await _store.LogBatchAsync(id, [new Metric("m", 1, 100, 5)], [], [], Ct);
        await _store.LogBatchAsync(id, [new Metric("m", 2, 999, 4)], [], [], Ct);   // lower step loses despite a later time
        Assert.Equal(1, (await _store.GetRunAsync(id, Ct)).Data.Metrics["m"].Value);
        await _store.LogBatchAsync(id, [new Metric("m", 3, 200, 5)], [], [], Ct);   // same step, later time wins
        Assert.Equal(3, (await _store.GetRunAsync(id, Ct)).Data.Metrics["m"].Value);
        await _store.LogBatchAsync(id, [new Metric("m", 2.5, 200, 5)], [], [], Ct); // same step and time, smaller value loses
        Assert.Equal(3, (await _store.GetRunAsync(id, Ct)).Data.Metrics["m"].Value);
        await _store.LogBatchAsync(id, [new Metric("m", 4, 200, 5)], [], [], Ct);   // larger value wins
        Assert.Equal(4, (await _store.GetRunAsync(id, Ct)).Data.Metrics["m"].Value);
    }

    [Fact]
    public async Task Within_one_batch_the_latest_metric_of_each_key_is_its_newest_point_not_its_last()
    {
        var run = await NewRun();
        var id = run.Info.RunId;
        await _store.LogBatchAsync(id, [new Metric("a", 7, 100, 3)], [], [], Ct);
        await _store.LogBatchAsync(id,
            [new Metric("a", 9, 100, 9), new Metric("b", 1, 100, 2), new Metric("a", 8, 100, 1), new Metric("b", 5, 300, 2), new Metric("b", 4, 200, 2)], [], [], Ct);
        var metrics = (await _store.GetRunAsync(id, Ct)).Data.Metrics;
        Assert.Equal((9, 9L), (metrics["a"].Value, metrics["a"].Step));
        Assert.Equal((5, 300L), (metrics["b"].Value, metrics["b"].Timestamp));
        Assert.Equal([1L, 3L, 9L], (await _store.GetMetricHistoryAsync(id, "a", Ct)).Select(m => m.Step));
        // Against the stored latest (step 9, time 100): a lower step loses, the same step at a later time wins.
        await _store.LogBatchAsync(id, [new Metric("a", 100, 999, 8), new Metric("a", 50, 999, 9)], [], [], Ct);
        Assert.Equal(50, (await _store.GetRunAsync(id, Ct)).Data.Metrics["a"].Value);
    }

    [Fact]
    public async Task Searched_runs_carry_their_dataset_inputs_and_runs_without_inputs_carry_none()
    {
        var with = await NewRun(name: "with", start: 2000);
        var without = await NewRun(name: "without", start: 1000);
        var dataset = new TrackedDataset("iris", "abc123", "local", """{"uri": "data/iris.csv"}""");
        await _store.LogInputsAsync(with.Info.RunId, [new DatasetInput(dataset, new Dictionary<string, string> { [DatasetInput.ContextTag] = "training" })], Ct);

        var (runs, _) = await _store.SearchRunsAsync(new RunSearch { ExperimentIds = ["0"] }, Ct);

        Assert.Equal([with.Info.RunId, without.Info.RunId], runs.Select(r => r.Info.RunId));
        var input = Assert.Single(runs[0].Inputs);
        Assert.Equal(("iris", "training"), (input.Dataset.Name, input.Context));
        Assert.Empty(runs[1].Inputs);
    }

    [Fact]
    public async Task A_batch_that_fails_validation_writes_nothing()
    {
        var run = await NewRun();
        await Assert.ThrowsAsync<InvalidParameterException>(() => _store.LogBatchAsync(run.Info.RunId,
            [new Metric("good", 1, 1)], [new Param("p", "1")], [new RunTag("../bad", "x")], Ct));
        await _store.LogBatchAsync(run.Info.RunId, [], [new Param("set", "1")], [], Ct);
        await Assert.ThrowsAsync<InvalidParameterException>(() => _store.LogBatchAsync(run.Info.RunId,
            [new Metric("good", 1, 1)], [new Param("other", "1"), new Param("set", "2")], [new RunTag("t", "x")], Ct));
        var data = (await _store.GetRunAsync(run.Info.RunId, Ct)).Data;
        Assert.Empty(data.Metrics);
        Assert.Equal(["set"], data.Params.Keys);
        Assert.DoesNotContain("t", data.Tags.Keys);
        Assert.Empty(await _store.GetMetricHistoryAsync(run.Info.RunId, "good", Ct));
    }

    [Fact]
    public async Task Search_filters_like_the_tutorial_and_pages_in_order()
    {
        var exp = await _store.CreateExperimentAsync("tutorial", cancellationToken: Ct);
        for (var i = 0; i < 9; i++)
        {
            var run = await _store.CreateRunAsync(exp, $"run-{i}", 1000 + i, [], Ct);
            await _store.LogBatchAsync(run.Info.RunId, [new Metric("rmse", 60 + (i * 2), 1)], [new Param("alpha", i % 3 == 2 ? "0.5" : "0.01")], [], Ct);
        }
        // rmse 60..76; alpha 0.01 for i in {0,1,3,4,6,7}; rmse < 70 keeps i in {0,1,3,4}.
        var found = await _store.SearchRunsAsync(new RunSearch { ExperimentIds = [exp], Filter = "metrics.rmse < 70 and params.alpha = '0.01'" }, Ct);
        Assert.Equal(["run-4", "run-3", "run-1", "run-0"], found.Runs.Select(r => r.Info.RunName));
        Assert.Null(found.NextPageToken);

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _store.SearchRunsAsync(new RunSearch { ExperimentIds = [exp], OrderBy = ["metrics.rmse DESC"], MaxResults = 3, PageToken = token }, Ct);
            names.AddRange(page.Runs.Select(r => r.Info.RunName));
            token = page.NextPageToken;
            pages++;
        } while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 9).Reverse().Select(i => $"run-{i}"), names);

        var byParam = await _store.SearchRunsAsync(new RunSearch { ExperimentIds = [exp], OrderBy = ["params.alpha DESC", "attributes.start_time"] }, Ct);
        Assert.Equal(["run-2", "run-5", "run-8", "run-0"], byParam.Runs.Take(4).Select(r => r.Info.RunName));
    }

    [Fact]
    public async Task A_bad_page_token_is_refused()
    {
        await Assert.ThrowsAsync<InvalidParameterException>(() => _store.SearchRunsAsync(new RunSearch { ExperimentIds = ["0"], PageToken = "not-a-token" }, Ct));
    }

    [Fact]
    public async Task Two_stores_on_one_file_writing_at_once_lose_nothing()
    {
        using var other = SqliteTrackingStore.Open(_dir["mlflow.db"]);
        var a = await NewRun();
        var b = await other.CreateRunAsync("0", null, 1, [], Ct);
        const int Points = 2000;
        static async Task Log(ITrackingStore store, string runId)
        {
            for (var i = 0; i < Points; i += 100)
                await store.LogBatchAsync(runId, Enumerable.Range(i, 100).Select(s => new Metric("x", s, s, s)).ToList(), [], [], Ct);
        }
        static async Task LogOneByOne(ITrackingStore store, string runId, int from)
        {
            for (var i = from; i < Points; i += 2)
                await store.LogBatchAsync(runId, [new Metric("y", i, i, i)], [], [], Ct);
        }
        await Task.WhenAll(
            Task.Run(() => Log(_store, a.Info.RunId), Ct), Task.Run(() => Log(other, b.Info.RunId), Ct),
            Task.Run(() => LogOneByOne(_store, a.Info.RunId, 0), Ct), Task.Run(() => LogOneByOne(other, a.Info.RunId, 1), Ct));
        Assert.Equal(Points, (await _store.GetMetricHistoryAsync(a.Info.RunId, "x", Ct)).Count);
        Assert.Equal(Points, (await _store.GetMetricHistoryAsync(b.Info.RunId, "x", Ct)).Count);
        Assert.Equal(Points, (await other.GetMetricHistoryAsync(a.Info.RunId, "y", Ct)).Count);
        Assert.Equal(Points - 1, (await _store.GetRunAsync(a.Info.RunId, Ct)).Data.Metrics["y"].Step);
    }
}
