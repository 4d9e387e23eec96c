using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

/// <summary>Importing an MLflow file store (mlflow.md §3) into the SQLite store, checked through the public store API.</summary>
public sealed class MlrunsImportTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-import");
    private readonly SqliteTrackingStore _store;

    public MlrunsImportTests() => _store = SqliteTrackingStore.Open($"sqlite:///{_dir["mlflow.db"]}");

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Mlruns => _dir["mlruns"];

    private Task<ImportResult> ImportAsync(ImportOptions? options = null) => new MlrunsImporter(_store).ImportAsync(Mlruns, options, Ct);

    [Fact]
    public async Task Experiments_keep_their_names_tags_stages_and_free_ids_and_default_is_matched_by_name()
    {
        MlrunsFixture.Create(Mlruns);
        var result = await ImportAsync();

        var all = await _store.SearchExperimentsAsync(ViewType.All, Ct);
        Assert.Equal(["0", MlrunsFixture.IrisId, "42"], all.Select(e => e.ExperimentId).Order(StringComparer.Ordinal));
        var iris = Assert.Single(all, e => e.Name == "iris");
        Assert.Equal("active", iris.LifecycleStage);
        Assert.Equal(1700000000001, iris.CreationTime);
        Assert.Equal(1700000000006, iris.LastUpdateTime);
        Assert.Equal("ml", iris.Tags["team"]);
        Assert.Equal("# Iris\nfirst try\n", iris.Tags["mlflow.note.content"]);
        Assert.Equal(Path.Combine(_store.ArtifactRoot, MlrunsFixture.IrisId), iris.ArtifactLocation);
        Assert.Equal("deleted", Assert.Single(all, e => e.Name == "old-exp").LifecycleStage);

        Assert.Equal(2, result.Experiments);
        Assert.Contains(new ImportedExperiment("0", "0", "Default", true, "active"), result.ExperimentMap);
        Assert.Contains(new ImportedExperiment(MlrunsFixture.IrisId, MlrunsFixture.IrisId, "iris", false, "active"), result.ExperimentMap);
        Assert.Contains(new ImportedExperiment("42", "42", "old-exp", false, "deleted"), result.ExperimentMap);
    }

    [Fact]
    public async Task An_existing_experiment_with_the_same_name_receives_the_runs_and_the_mapping_is_reported()
    {
        var existing = await _store.CreateExperimentAsync("iris", tags: new Dictionary<string, string> { ["team"] = "data" }, cancellationToken: Ct);
        MlrunsFixture.Create(Mlruns);
        var result = await ImportAsync();

        Assert.Contains(new ImportedExperiment(MlrunsFixture.IrisId, existing, "iris", true, "active"), result.ExperimentMap);
        var run = await _store.GetRunAsync(MlrunsFixture.Finished, Ct);
        Assert.Equal(existing, run.Info.ExperimentId);
        var iris = await _store.GetExperimentAsync(existing, Ct);
        Assert.Equal("data", iris.Tags["team"]);
        Assert.Equal("# Iris\nfirst try\n", iris.Tags["mlflow.note.content"]);
    }

    [Fact]
    public async Task A_run_keeps_its_id_name_status_times_user_params_and_tags()
    {
        MlrunsFixture.Create(Mlruns);
        await ImportAsync();

        var run = await _store.GetRunAsync(MlrunsFixture.Finished, Ct);
        Assert.Equal(new RunInfo(MlrunsFixture.Finished, MlrunsFixture.IrisId, "brave-fox-1", "alice", RunStatus.FINISHED, 1700000000000, 1700000001000,
            Path.Combine(_store.ArtifactRoot, MlrunsFixture.IrisId, MlrunsFixture.Finished, "artifacts"), "active"), run.Info);
        Assert.Equal(new Dictionary<string, string> { ["lr"] = "0.01", ["model/depth"] = "5", ["note"] = "two words \n" }, run.Data.Params);
        Assert.Equal("brave-fox-1", run.Data.Tags["mlflow.runName"]);
        Assert.Equal("alice", run.Data.Tags["mlflow.user"]);
        Assert.Equal("LOCAL", run.Data.Tags["mlflow.source.type"]);
        Assert.Equal(3, run.Data.Tags.Count);

        var old = await _store.GetRunAsync(MlrunsFixture.Remote, Ct);
        Assert.Equal("old-name", old.Info.RunName);
        Assert.Equal(RunStatus.RUNNING, old.Info.Status);
        Assert.Null(old.Info.EndTime);
        Assert.Equal("active", old.Info.LifecycleStage);
    }

    [Fact]
    public async Task Every_metric_point_keeps_its_value_timestamp_and_step_including_nan_and_infinities()
    {
        MlrunsFixture.Create(Mlruns);
        var result = await ImportAsync();

        var loss = await _store.GetMetricHistoryAsync(MlrunsFixture.Finished, "loss", Ct);
        Assert.Equal(
        [
            new Metric("loss", 0.5, 1700000000100, 0), new Metric("loss", double.NaN, 1700000000200, 1), new Metric("loss", double.PositiveInfinity, 1700000000300, 2),
            new Metric("loss", double.NegativeInfinity, 1700000000400, 3), new Metric("loss", 1e-05, 1700000000500, 4),
        ], loss);
        Assert.Equal([new Metric("train/loss", 2.5, 1700000000100, 0), new Metric("train/loss", 1.5, 1700000000200, 0)],
            await _store.GetMetricHistoryAsync(MlrunsFixture.Finished, "train/loss", Ct));
        // 5 + 2 + 2 + 1 points in the finished run, 1 in the deleted run, 1 in the trashed experiment's run.
        Assert.Equal(12, result.MetricPoints);
    }

    [Fact]
    public async Task Latest_metrics_follow_the_stores_rule_of_greatest_step_then_timestamp_then_value()
    {
        MlrunsFixture.Create(Mlruns);
        await ImportAsync();

        var metrics = (await _store.GetRunAsync(MlrunsFixture.Finished, Ct)).Data.Metrics;
        Assert.Equal(new Metric("loss", 1e-05, 1700000000500, 4), metrics["loss"]);
        Assert.Equal(new Metric("train/loss", 1.5, 1700000000200, 0), metrics["train/loss"]);
        Assert.Equal(new Metric("acc", 0.8, 1700000000200, 7), metrics["acc"]);
        Assert.True(double.IsNaN(metrics["grad_norm"].Value));

        // The same points logged through the store's own LogBatch give the same latest values.
        var logged = await _store.CreateRunAsync("0", "reference", 0, [], Ct);
        var history = await _store.GetMetricHistoryAsync(MlrunsFixture.Finished, "acc", Ct);
        await _store.LogBatchAsync(logged.Info.RunId, [.. (await _store.GetMetricHistoryAsync(MlrunsFixture.Finished, "loss", Ct)), .. history], [], [], Ct);
        var reference = (await _store.GetRunAsync(logged.Info.RunId, Ct)).Data.Metrics;
        Assert.Equal(reference["loss"], metrics["loss"]);
        Assert.Equal(reference["acc"], metrics["acc"]);
    }

    [Fact]
    public async Task Deleted_runs_and_runs_of_trashed_experiments_stay_deleted()
    {
        MlrunsFixture.Create(Mlruns);
        await ImportAsync();

        var deleted = await _store.GetRunAsync(MlrunsFixture.Deleted, Ct);
        Assert.Equal("deleted", deleted.Info.LifecycleStage);
        Assert.Equal(RunStatus.FAILED, deleted.Info.Status);
        var trashed = await _store.GetRunAsync(MlrunsFixture.InTrash, Ct);
        Assert.Equal("deleted", trashed.Info.LifecycleStage);
        Assert.Equal("42", trashed.Info.ExperimentId);
        var (active, _) = await _store.SearchRunsAsync(new RunSearch { ExperimentIds = [MlrunsFixture.IrisId] }, Ct);
        Assert.Equal([MlrunsFixture.Finished, MlrunsFixture.Remote], active.Select(r => r.Info.RunId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Local_artifacts_are_copied_byte_for_byte_and_remote_ones_keep_their_uri()
    {
        MlrunsFixture.Create(Mlruns);
        var result = await ImportAsync();

        var run = await _store.GetRunAsync(MlrunsFixture.Finished, Ct);
        var dir = TrackingClient.ArtifactDirectory(run.Info);
        Assert.StartsWith(_store.ArtifactRoot, dir, StringComparison.Ordinal);
        Assert.Equal(MlrunsFixture.Weights, await File.ReadAllBytesAsync(Path.Combine(dir, "model", "weights.bin"), Ct));
        Assert.Equal("hello\n", await File.ReadAllTextAsync(Path.Combine(dir, "readme.txt"), Ct));
        Assert.Equal(2, result.ArtifactFiles);

        var remote = await _store.GetRunAsync(MlrunsFixture.Remote, Ct);
        Assert.Equal($"s3://bucket/mlruns/{MlrunsFixture.Remote}/artifacts", remote.Info.ArtifactUri);
        Assert.Contains(result.Skipped, s => s.Kind == SkipKind.ArtifactsNotCopied && s.Path.EndsWith(MlrunsFixture.Remote, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dataset_inputs_are_imported_with_their_context_tag()
    {
        MlrunsFixture.Create(Mlruns);
        var result = await ImportAsync();

        var input = Assert.Single((await _store.GetRunAsync(MlrunsFixture.Finished, Ct)).Inputs);
        Assert.Equal(new TrackedDataset("iris.csv", "9f8e7d6c", "local", "{\"uri\": \"/data/iris.csv\"}", "{\"mlflow_colspec\": []}", "{\"num_rows\": 150}"), input.Dataset);
        Assert.Equal("training", input.Context);
        Assert.Equal(1, result.Datasets);
    }

    [Fact]
    public async Task A_corrupt_run_is_reported_with_its_file_and_line_and_leaves_nothing_behind()
    {
        MlrunsFixture.Create(Mlruns);
        var result = await ImportAsync();

        var badMetric = Assert.Single(result.Skipped, s => s.Kind == SkipKind.Invalid && s.Path.Contains(MlrunsFixture.BadMetric, StringComparison.Ordinal));
        Assert.Equal(Path.Combine(Mlruns, MlrunsFixture.IrisId, MlrunsFixture.BadMetric, "metrics", "loss"), badMetric.Path);
        Assert.Equal(2, badMetric.Line);
        Assert.Contains("'abc'", badMetric.Reason, StringComparison.Ordinal);
        var badMeta = Assert.Single(result.Skipped, s => s.Kind == SkipKind.Invalid && s.Path.Contains(MlrunsFixture.BadMeta, StringComparison.Ordinal));
        Assert.EndsWith("meta.yaml", badMeta.Path, StringComparison.Ordinal);
        Assert.True(result.HasErrors);

        await Assert.ThrowsAsync<NotFoundException>(() => _store.GetRunAsync(MlrunsFixture.BadMetric, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => _store.GetRunAsync(MlrunsFixture.BadMeta, Ct));
        Assert.False(Directory.Exists(Path.Combine(_store.ArtifactRoot, MlrunsFixture.IrisId, MlrunsFixture.BadMetric)));
        Assert.Equal(5, result.Runs);
    }

    [Fact]
    public async Task Importing_the_same_folder_again_adds_nothing_and_reports_the_runs_as_already_imported()
    {
        MlrunsFixture.Create(Mlruns);
        var first = await ImportAsync();
        var second = await ImportAsync();

        Assert.Equal(0, second.Experiments + second.Runs + second.Params + second.MetricPoints + second.Tags + second.ArtifactFiles + second.Datasets);
        Assert.Equal(first.Runs, second.Skipped.Count(s => s.Kind == SkipKind.AlreadyImported));
        Assert.Equal(3, (await _store.SearchExperimentsAsync(ViewType.All, Ct)).Count);
        Assert.Equal(5, (await _store.GetMetricHistoryAsync(MlrunsFixture.Finished, "loss", Ct)).Count);
        Assert.Single((await _store.GetRunAsync(MlrunsFixture.Finished, Ct)).Inputs);
    }

    [Fact]
    public async Task Stop_on_error_throws_a_config_error_naming_the_file_and_writes_nothing_of_that_run()
    {
        MlrunsFixture.Create(Mlruns);
        var e = await Assert.ThrowsAsync<ConfigException>(() => ImportAsync(new ImportOptions { StopOnError = true }));
        Assert.Contains(Path.Combine(MlrunsFixture.BadMetric, "metrics", "loss") + ":2:", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => _store.GetRunAsync(MlrunsFixture.BadMetric, Ct));
        // Runs read before it stay imported.
        Assert.Equal(MlrunsFixture.DefaultRun, (await _store.GetRunAsync(MlrunsFixture.DefaultRun, Ct)).Info.RunId);
    }

    [Fact]
    public async Task The_model_registry_is_reported_as_not_imported()
    {
        MlrunsFixture.Create(Mlruns, corrupt: false);
        var result = await ImportAsync();

        Assert.False(result.HasErrors);
        Assert.Contains(result.Skipped, s => s.Kind == SkipKind.Unsupported && s.Path == Path.Combine(Mlruns, "models"));
        Assert.Equal(5, result.Runs);
        Assert.Equal(4, result.Params);
    }

    [Fact]
    public async Task A_missing_folder_and_a_folder_without_experiments_are_refused_clearly()
    {
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => new MlrunsImporter(_store).ImportAsync(_dir["absent"], cancellationToken: Ct));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Directory.CreateDirectory(_dir["empty/notes"]);
        var notStore = await Assert.ThrowsAsync<ConfigException>(() => new MlrunsImporter(_store).ImportAsync(_dir["empty"], cancellationToken: Ct));
        Assert.Contains("meta.yaml", notStore.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_experiment_without_a_name_is_reported_and_none_of_its_runs_are_written()
    {
        var f = MlrunsFixture.Create(Mlruns, corrupt: false);
        f.Write("7/meta.yaml", "artifact_location: file:///x/7\nexperiment_id: 7\nlifecycle_stage: active\n");
        f.Run("7", "7a8b9c0d1e2f30415263748596a7b8c9", "orphan", status: 3, start: 1, end: 2);
        var result = await ImportAsync();

        var item = Assert.Single(result.Skipped, s => s.Kind == SkipKind.Invalid);
        Assert.Equal(Path.Combine(Mlruns, "7", "meta.yaml"), item.Path);
        Assert.Contains("no 'name'", item.Reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => _store.GetRunAsync("7a8b9c0d1e2f30415263748596a7b8c9", Ct));
        Assert.Equal(5, result.Runs);
    }

    [Fact]
    public async Task Artifacts_kept_in_another_local_folder_are_copied_from_where_the_artifact_uri_points()
    {
        var f = new MlrunsFixture(Mlruns);
        f.Experiment("0", "Default", creation: 1);
        var elsewhere = _dir["artifact-root/run/artifacts"];
        f.Run("0", MlrunsFixture.Finished, "r", status: 3, start: 1, end: 2, artifactUri: "file://" + elsewhere);
        f.Write("../artifact-root/run/artifacts/plots/loss.png", "png");
        var result = await ImportAsync();

        var run = await _store.GetRunAsync(MlrunsFixture.Finished, Ct);
        Assert.Equal("png", await File.ReadAllTextAsync(Path.Combine(TrackingClient.ArtifactDirectory(run.Info), "plots", "loss.png"), Ct));
        Assert.Equal(1, result.ArtifactFiles);
        Assert.Empty(result.Skipped);
    }

    [Theory]
    [InlineData("nan", double.NaN)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("1e-05", 1e-05)]
    [InlineData("-2.5E+10", -2.5e10)]
    [InlineData("3", 3.0)]
    public void Metric_values_are_read_as_python_float_text(string text, double expected)
    {
        Assert.True(MlrunsReader.TryParsePythonFloat(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("--inf")]
    [InlineData("")]
    public void Text_that_python_float_refuses_is_refused(string text) => Assert.False(MlrunsReader.TryParsePythonFloat(text, out _));
}
