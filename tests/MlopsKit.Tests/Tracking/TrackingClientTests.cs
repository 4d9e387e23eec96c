using Microsoft.Data.Analysis;
using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

/// <summary>The explicit tier: experiment and run lifecycle, search views, DataFrames, store errors.</summary>
public sealed class TrackingClientTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create();
    private readonly TrackingClient _client;

    public TrackingClientTests() => _client = new TrackingClient($"sqlite:///{_dir["mlflow.db"]}");

    public void Dispose()
    {
        _client.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> NewRunAsync(string experimentId, string name, double rmse, string alpha)
    {
        var run = await _client.Store.CreateRunAsync(experimentId, name, 1_000, [], Ct);
        await _client.Store.LogBatchAsync(run.Info.RunId, [new Metric("rmse", rmse, 5, 0)], [new Param("alpha", alpha)], [new RunTag("kind", "en")], Ct);
        await _client.SetTerminatedAsync(run.Info.RunId, cancellationToken: Ct);
        return run.Info.RunId;
    }

    [Fact]
    public async Task A_deleted_experiment_hides_its_runs_and_restore_brings_both_back()
    {
        var exp = await _client.GetOrCreateExperimentAsync("to-delete", Ct);
        var runId = await NewRunAsync(exp, "r", 1, "0.1");
        await _client.Store.DeleteExperimentAsync(exp, Ct);

        Assert.DoesNotContain(await _client.Store.SearchExperimentsAsync(cancellationToken: Ct), e => e.ExperimentId == exp);
        Assert.Contains(await _client.Store.SearchExperimentsAsync(ViewType.DeletedOnly, Ct), e => e.ExperimentId == exp);
        Assert.Empty(await _client.SearchAllRunsAsync(new RunSearch { ExperimentIds = [exp] }, Ct));
        Assert.Equal("deleted", (await _client.Store.GetRunAsync(runId, Ct)).Info.LifecycleStage);
        await Assert.ThrowsAsync<InvalidParameterException>(() => _client.Store.CreateRunAsync(exp, null, 1, [], Ct));
        await Assert.ThrowsAsync<InvalidParameterException>(() => _client.GetOrCreateExperimentAsync("to-delete", Ct));

        await _client.Store.RestoreExperimentAsync(exp, Ct);
        Assert.Single(await _client.SearchAllRunsAsync(new RunSearch { ExperimentIds = [exp] }, Ct));
    }

    [Fact]
    public async Task The_default_experiment_cannot_be_deleted_and_unknown_ids_are_not_found()
    {
        await Assert.ThrowsAsync<InvalidParameterException>(() => _client.Store.DeleteExperimentAsync("0", Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => _client.Store.DeleteExperimentAsync("42", Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => _client.Store.GetExperimentAsync("42", Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => _client.Store.DeleteRunAsync("0123456789abcdef0123456789abcdef", Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => _client.GetExperimentByNameAsync("nope", Ct));
    }

    [Fact]
    public async Task A_deleted_run_is_found_only_in_the_deleted_view_and_can_be_restored()
    {
        var keep = await NewRunAsync("0", "keep", 1, "0.1");
        var gone = await NewRunAsync("0", "gone", 2, "0.2");
        await _client.Store.DeleteRunAsync(gone, Ct);
        await Assert.ThrowsAsync<InvalidParameterException>(() => _client.Store.DeleteRunAsync(gone, Ct));
        await Assert.ThrowsAsync<InvalidParameterException>(() => _client.LogMetricAsync(gone, "x", 1, cancellationToken: Ct));

        Assert.Equal([keep], (await _client.SearchAllRunsAsync(new RunSearch { ExperimentIds = ["0"] }, Ct)).Select(r => r.Info.RunId));
        Assert.Equal([gone], (await _client.SearchAllRunsAsync(new RunSearch { ExperimentIds = ["0"], ViewType = ViewType.DeletedOnly }, Ct)).Select(r => r.Info.RunId));
        Assert.Equal(2, (await _client.SearchAllRunsAsync(new RunSearch { ExperimentIds = ["0"], ViewType = ViewType.All }, Ct)).Count);

        await _client.Store.RestoreRunAsync(gone, Ct);
        Assert.Equal(2, (await _client.SearchAllRunsAsync(new RunSearch { ExperimentIds = ["0"] }, Ct)).Count);
    }

    [Fact]
    public async Task Search_returns_whole_runs_even_though_it_filters_on_a_few_keys()
    {
        await NewRunAsync("0", "a", 50, "0.01");
        await NewRunAsync("0", "b", 80, "0.5");
        var found = await _client.SearchAllRunsAsync(new RunSearch { ExperimentIds = ["0"], Filter = "metrics.rmse < 70", OrderBy = ["params.alpha DESC"] }, Ct);
        var run = Assert.Single(found);
        Assert.Equal("a", run.Info.RunName);
        Assert.Equal("0.01", run.Data.Params["alpha"]);
        Assert.Equal("en", run.Data.Tags["kind"]);
        Assert.Equal("a", run.Data.Tags[SystemTags.RunName]);
    }

    [Fact]
    public async Task ToDataFrame_has_one_row_per_run_and_mlflow_column_names()
    {
        var a = await NewRunAsync("0", "a", 50, "0.01");
        await NewRunAsync("0", "b", 80, "0.5");
        var runs = await _client.SearchAllRunsAsync(new RunSearch { ExperimentIds = ["0"], OrderBy = ["metrics.rmse"] }, Ct);

        var frame = runs.ToDataFrame();

        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal(["run_id", "experiment_id", "status", "artifact_uri", "start_time", "end_time", "metrics.rmse", "params.alpha", "tags.kind", "tags.mlflow.runName"],
            frame.Columns.Select(c => c.Name).Where(n => n != "tags.mlflow.user"));
        Assert.Equal(a, frame["run_id"][0]);
        Assert.Equal(50.0, frame["metrics.rmse"][0]);
        Assert.Equal("0.5", frame["params.alpha"][1]);
        Assert.Equal("FINISHED", frame["status"][1]);
        Assert.IsType<PrimitiveDataFrameColumn<DateTime>>(frame["start_time"]);
        Assert.Equal(new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc), frame["start_time"][0]);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_reported_and_left_unchanged()
    {
        var path = _dir["broken.db"];
        File.WriteAllText(path, "this is not sqlite, but it is somebody's file\n");
        var before = File.ReadAllBytes(path);
        var ex = Assert.Throws<IntegrityException>(() => TrackingUri.OpenStore($"sqlite:///{path}"));
        Assert.Contains("broken.db", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("postgresql://u@localhost/db", "not supported")]
    [InlineData("http://127.0.0.1:5000", "tracking server")]
    [InlineData("file:///tmp/mlruns", "mlops import mlruns")]
    [InlineData("sqlite://relative.db", "sqlite:///")]
    public void Unsupported_tracking_uris_say_what_to_use_instead(string uri, string hint)
    {
        var ex = Assert.Throws<ConfigException>(() => TrackingUri.OpenStore(uri));
        Assert.Contains(hint, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.01, "0.01")]
    [InlineData(1.0, "1.0")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1e16, "1e+16")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(2.5e300, "2.5e+300")]
    [InlineData(100.0, "100.0")]
    [InlineData(double.NaN, "nan")]
    public void Params_are_formatted_as_python_str_would(double value, string expected) =>
        Assert.Equal(expected, PythonText.Format(value));
}
