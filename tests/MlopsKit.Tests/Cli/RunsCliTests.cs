using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Cli;

/// <summary>The real <c>mlops runs list|show|delete|restore</c> against a real SQLite tracking store with params, metrics, tags, inputs and artifacts.</summary>
public sealed class RunsCliTests : IAsyncLifetime
{
    private const long T0 = 1_700_000_000_000;
    private static readonly Dictionary<string, string?> s_noTrackingUri = new() { ["MLFLOW_TRACKING_URI"] = null };
    private readonly TempDir _dir = TempDir.Create("mlopskit-runs");
    private SqliteTrackingStore _store = null!;
    private string _experimentId = "";
    private Run _a = null!;
    private Run _b = null!;
    private Run _old = null!;

    private string Uri => $"sqlite:///{_dir["mlflow.db"]}";

    /// <summary>
    /// Experiment 'wine': run en-a (alpha 0.1, rmse 0.71, r2 0.4, a dataset input, artifacts, a logged model), run en-b started a second
    /// later (alpha 0.5, rmse 0.83, r2 NaN, still running) and run en-old (deleted). Experiment 'other' holds one run.
    /// </summary>
    public async ValueTask InitializeAsync()
    {
        _store = SqliteTrackingStore.Open(Uri);
        _experimentId = await _store.CreateExperimentAsync("wine");
        _a = await _store.CreateRunAsync(_experimentId, "en-a", T0, [new RunTag("mlflow.user", "alice"), new RunTag("mlflow.source.name", "train.cs")]);
        var id = _a.Info.RunId;
        await _store.LogBatchAsync(id,
            [new Metric("rmse", 0.9, T0 + 100, 0), new Metric("rmse", 0.71, T0 + 200, 1), new Metric("r2", 0.4, T0 + 200, 1)],
            [new Param("alpha", "0.1"), new Param("l1_ratio", "0.5")],
            [new RunTag("team", "ml"), new RunTag(SystemTags.LogModelHistory,
                "[{\"run_id\":\"" + id + "\",\"artifact_path\":\"model\",\"utc_time_created\":\"2025-01-15 10:30:45.123456\",\"model_uuid\":\"6c3e\",\"flavors\":{\"mlnet\":{},\"python_function\":{}}}]")]);
        await _store.LogInputsAsync(id, [new DatasetInput(new TrackedDataset("wine-train", "abc123", "local", """{"uri": "data/wine.csv"}"""),
            new Dictionary<string, string> { [DatasetInput.ContextTag] = "training" })]);
        using (var client = new TrackingClient(_store))
        {
            await client.LogArtifactBytesAsync(id, "notes.txt", Encoding.UTF8.GetBytes("hello world\n"));
            await client.LogArtifactBytesAsync(id, "model/MLmodel", Encoding.UTF8.GetBytes("artifact_path: model\n"));
        }
        await _store.UpdateRunAsync(id, RunStatus.FINISHED, T0 + 2500);
        _a = await _store.GetRunAsync(id);

        _b = await _store.CreateRunAsync(_experimentId, "en-b", T0 + 1000, []);
        await _store.LogBatchAsync(_b.Info.RunId, [new Metric("rmse", 0.83, T0 + 1100), new Metric("r2", double.NaN, T0 + 1100)], [new Param("alpha", "0.5")], []);
        _b = await _store.GetRunAsync(_b.Info.RunId);

        _old = await _store.CreateRunAsync(_experimentId, "en-old", T0 - 5000, []);
        await _store.DeleteRunAsync(_old.Info.RunId);

        var other = await _store.CreateExperimentAsync("other");
        await _store.CreateRunAsync(other, "elsewhere", T0, []);
    }

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }

    private CliRunner.Result Runs(params string[] args) =>
        CliRunner.RunWithEnvironment(_dir.Path, null, s_noTrackingUri, ["runs", .. args, "--tracking-uri", Uri]);

    private static string[][] Rows(CliRunner.Result r)
    {
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
    }

    private static string Local(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    [Fact]
    public void List_prints_a_header_and_one_row_per_active_run_newest_first_with_metric_and_param_columns()
    {
        var rows = Rows(Runs("list", "--experiment", "wine"));

        Assert.Equal(["run_id", "run_name", "status", "start_time", "duration", "metrics.r2", "metrics.rmse", "params.alpha", "params.l1_ratio"], rows[0]);
        Assert.Equal(3, rows.Length);
        Assert.Equal([_b.Info.RunId, "en-b", "RUNNING", Local(T0 + 1000), "", "NaN", "0.83", "0.5", ""], rows[1]);
        Assert.Equal([_a.Info.RunId, "en-a", "FINISHED", Local(T0), "2.5s", "0.4", "0.71", "0.1", "0.5"], rows[2]);
    }

    [Fact]
    public void List_by_experiment_id_filters_and_orders_like_MLflow_search()
    {
        var ascending = Rows(Runs("list", "--experiment-id", _experimentId, "--filter", "metrics.rmse < 0.9", "--order-by", "metrics.rmse ASC"));
        Assert.Equal(["en-a", "en-b"], ascending.Skip(1).Select(r => r[1]));

        var byParam = Rows(Runs("list", "--experiment-id", _experimentId, "--order-by", "params.alpha DESC"));
        Assert.Equal(["en-b", "en-a"], byParam.Skip(1).Select(r => r[1]));

        var filtered = Rows(Runs("list", "--experiment", "wine", "--filter", "params.alpha = '0.1' and attributes.status = 'FINISHED'"));
        Assert.Equal(["en-a"], filtered.Skip(1).Select(r => r[1]));

        var none = Rows(Runs("list", "--experiment", "wine", "--filter", "metrics.rmse > 5"));
        Assert.Single(none);
    }

    [Fact]
    public void List_columns_picks_the_metric_param_and_tag_columns()
    {
        var rows = Rows(Runs("list", "--experiment", "wine", "--columns", "metrics.rmse,tags.team", "--columns", "params.alpha", "--order-by", "start_time ASC"));

        Assert.Equal(["run_id", "run_name", "status", "start_time", "duration", "metrics.rmse", "tags.team", "params.alpha"], rows[0]);
        Assert.Equal(["0.71", "ml", "0.1"], rows[1][5..]);
        Assert.Equal(["0.83", "", "0.5"], rows[2][5..]);
    }

    [Fact]
    public void List_without_an_experiment_reads_the_Default_experiment()
    {
        var rows = Rows(Runs("list"));

        Assert.Equal(["run_id", "run_name", "status", "start_time", "duration"], rows.Single());
    }

    [Fact]
    public void List_json_has_MLflow_runs_search_shape_with_NaN_as_a_string()
    {
        var r = Runs("list", "--experiment", "wine", "--json", "--order-by", "start_time ASC");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var runs = doc.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        Assert.False(doc.RootElement.TryGetProperty("next_page_token", out _), "the last page has no next_page_token");

        var info = runs[0].GetProperty("info");
        Assert.Equal(_a.Info.RunId, info.GetProperty("run_id").GetString());
        Assert.Equal(_a.Info.RunId, info.GetProperty("run_uuid").GetString());
        Assert.Equal("en-a", info.GetProperty("run_name").GetString());
        Assert.Equal(_experimentId, info.GetProperty("experiment_id").GetString());
        Assert.Equal("alice", info.GetProperty("user_id").GetString());
        Assert.Equal("FINISHED", info.GetProperty("status").GetString());
        Assert.Equal(T0, info.GetProperty("start_time").GetInt64());
        Assert.Equal(T0 + 2500, info.GetProperty("end_time").GetInt64());
        Assert.Equal(_a.Info.ArtifactUri, info.GetProperty("artifact_uri").GetString());
        Assert.Equal("active", info.GetProperty("lifecycle_stage").GetString());

        var data = runs[0].GetProperty("data");
        var rmse = data.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("key").GetString() == "rmse");
        Assert.Equal(0.71, rmse.GetProperty("value").GetDouble());
        Assert.Equal(T0 + 200, rmse.GetProperty("timestamp").GetInt64());
        Assert.Equal(1, rmse.GetProperty("step").GetInt64());
        Assert.Equal("0.1", data.GetProperty("params").EnumerateArray().Single(p => p.GetProperty("key").GetString() == "alpha").GetProperty("value").GetString());
        Assert.Contains(data.GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString() == "team" && t.GetProperty("value").GetString() == "ml");
        Assert.Contains(data.GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString() == "mlflow.user");

        var input = runs[0].GetProperty("inputs").GetProperty("dataset_inputs").EnumerateArray().Single();
        Assert.Equal("wine-train", input.GetProperty("dataset").GetProperty("name").GetString());
        Assert.Equal("abc123", input.GetProperty("dataset").GetProperty("digest").GetString());
        Assert.Equal("local", input.GetProperty("dataset").GetProperty("source_type").GetString());
        Assert.Equal("training", input.GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("key").GetString() == "mlflow.data.context").GetProperty("value").GetString());

        var b = runs[1];
        Assert.False(b.GetProperty("info").TryGetProperty("end_time", out _), "a running run has no end_time");
        var r2 = b.GetProperty("data").GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("key").GetString() == "r2");
        Assert.Equal("NaN", r2.GetProperty("value").GetString());
        Assert.Empty(b.GetProperty("inputs").GetProperty("dataset_inputs").EnumerateArray());
    }

    [Fact]
    public void List_pages_with_max_results_and_the_next_page_token()
    {
        var first = Runs("list", "--experiment", "wine", "--json", "--max-results", "1");
        Assert.True(first.ExitCode == 0, first.Stderr);
        using var page1 = JsonDocument.Parse(first.Stdout);
        Assert.Equal(_b.Info.RunId, page1.RootElement.GetProperty("runs")[0].GetProperty("info").GetProperty("run_id").GetString());
        var token = page1.RootElement.GetProperty("next_page_token").GetString()!;

        var second = Rows(Runs("list", "--experiment", "wine", "--max-results", "1", "--page-token", token));
        Assert.Equal([_a.Info.RunId], second.Skip(1).Select(r => r[0]));

        var table = Runs("list", "--experiment", "wine", "--max-results", "1");
        Assert.Contains($"--page-token {token}", table.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void List_views_show_deleted_runs_only_when_asked()
    {
        Assert.Equal([_old.Info.RunId], Rows(Runs("list", "--experiment", "wine", "--view", "deleted_only")).Skip(1).Select(r => r[0]));
        Assert.Equal(3, Rows(Runs("list", "--experiment", "wine", "--view", "all")).Length - 1);
    }

    [Fact]
    public void Show_prints_info_params_latest_metrics_user_tags_inputs_artifacts_and_the_model_uri()
    {
        var r = Runs("show", _a.Info.RunId);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.Split('\n').Select(l => l.TrimEnd()).ToList();

        Assert.Contains($"run_id           {_a.Info.RunId}", lines);
        Assert.Contains("run_name         en-a", lines);
        Assert.Contains($"experiment       wine (id {_experimentId})", lines);
        Assert.Contains("status           FINISHED", lines);
        Assert.Contains($"start_time       {Local(T0)}", lines);
        Assert.Contains("duration         2.5s", lines);
        Assert.Contains("  alpha     0.1", lines);
        Assert.Contains("  l1_ratio  0.5", lines);
        Assert.Contains("Metrics (latest)", lines);
        Assert.Contains("  rmse  0.71  (step 1)", lines);
        Assert.Contains("  team  ml", lines);
        Assert.DoesNotContain(lines, l => l.Contains("mlflow.user", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Tags (4 mlflow.* system tags hidden", StringComparison.Ordinal));
        Assert.Contains("  wine-train  digest abc123  source_type local  context training", lines);
        Assert.Contains("  model/", lines);
        Assert.Contains("  notes.txt  12 B", lines);
        Assert.Contains("Logged models", lines);
        Assert.Contains($"  model  runs:/{_a.Info.RunId}/model  (flavors: mlnet, python_function)", lines);

        var all = Runs("show", _a.Info.RunId, "--all-tags");
        Assert.Contains("mlflow.user", all.Stdout, StringComparison.Ordinal);
        Assert.Contains("mlflow.source.name", all.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_of_a_bare_run_says_none_and_has_no_model_section()
    {
        var r = Runs("show", _old.Info.RunId);
        Assert.True(r.ExitCode == 0, r.Stderr);

        Assert.Contains("lifecycle_stage  deleted", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Params\n  (none)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Artifacts\n  (none)", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Logged models", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_json_has_the_run_its_artifacts_and_logged_models()
    {
        var r = Runs("show", _a.Info.RunId, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;

        Assert.Equal(_a.Info.RunId, root.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString());
        Assert.Equal(5, root.GetProperty("run").GetProperty("data").GetProperty("tags").GetArrayLength());
        var artifacts = root.GetProperty("artifacts").EnumerateArray().ToList();
        Assert.Equal(["model", "notes.txt"], artifacts.Select(a => a.GetProperty("path").GetString()));
        Assert.True(artifacts[0].GetProperty("is_dir").GetBoolean());
        Assert.Equal(12, artifacts[1].GetProperty("file_size").GetInt64());
        var model = root.GetProperty("logged_models").EnumerateArray().Single();
        Assert.Equal("model", model.GetProperty("artifact_path").GetString());
        Assert.Equal($"runs:/{_a.Info.RunId}/model", model.GetProperty("model_uri").GetString());
        Assert.Equal(["mlnet", "python_function"], model.GetProperty("flavors").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void Delete_and_restore_move_runs_between_the_active_and_deleted_views()
    {
        var deleted = Runs("delete", _a.Info.RunId, _b.Info.RunId);
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);
        Assert.Equal($"Deleted run {_a.Info.RunId}.\nDeleted run {_b.Info.RunId}.", deleted.Stdout.Trim());
        Assert.Single(Rows(Runs("list", "--experiment", "wine")));
        Assert.Equal(3, Rows(Runs("list", "--experiment", "wine", "--view", "deleted_only")).Length - 1);

        var restored = Runs("restore", _a.Info.RunId);
        Assert.True(restored.ExitCode == 0, restored.Stderr);
        Assert.Equal($"Restored run {_a.Info.RunId}.", restored.Stdout.Trim());
        Assert.Equal([_a.Info.RunId], Rows(Runs("list", "--experiment", "wine")).Skip(1).Select(r => r[0]));
    }

    [Fact]
    public void Bad_run_input_fails_with_its_exit_code_and_one_line_saying_what_to_do()
    {
        var unknownRun = Runs("show", "0123456789abcdef0123456789abcdef");
        Assert.Equal(4, unknownRun.ExitCode);
        Assert.Equal("error: run '0123456789abcdef0123456789abcdef' not found (RESOURCE_DOES_NOT_EXIST); list runs with 'mlops runs list --view all'.", unknownRun.Stderr.Trim());

        Assert.Equal(4, Runs("delete", "0123456789abcdef0123456789abcdef").ExitCode);
        Assert.Equal(4, Runs("restore", "0123456789abcdef0123456789abcdef").ExitCode);

        var unknownExperimentId = Runs("list", "--experiment-id", "42");
        Assert.Equal(4, unknownExperimentId.ExitCode);
        Assert.Contains("mlops experiments list", unknownExperimentId.Stderr, StringComparison.Ordinal);
        Assert.Single(unknownExperimentId.Stderr.Trim().Split('\n'));

        var unknownExperiment = Runs("list", "--experiment", "nope");
        Assert.Equal(4, unknownExperiment.ExitCode);
        Assert.Contains("mlops experiments list", unknownExperiment.Stderr, StringComparison.Ordinal);

        var absent = _dir["absent/mlflow.db"];
        var missingDb = CliRunner.RunWithEnvironment(_dir.Path, null, s_noTrackingUri, "runs", "list", "--tracking-uri", absent);
        Assert.Equal(4, missingDb.ExitCode);
        Assert.StartsWith("error: no tracking database at", missingDb.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, CliRunner.RunWithEnvironment(_dir.Path, null, s_noTrackingUri, "runs", "show", _a.Info.RunId, "--tracking-uri", absent).ExitCode);
        Assert.Equal(4, CliRunner.RunWithEnvironment(_dir.Path, null, s_noTrackingUri, "runs", "delete", _a.Info.RunId, "--tracking-uri", absent).ExitCode);
        Assert.False(File.Exists(absent), "read and delete commands must not create a database");

        var badFilter = Runs("list", "--experiment", "wine", "--filter", "params.alpha ~ 1");
        Assert.Equal(3, badFilter.ExitCode);
        Assert.StartsWith("error: invalid search filter \"params.alpha ~ 1\"", badFilter.Stderr, StringComparison.Ordinal);

        var badOrder = Runs("list", "--experiment", "wine", "--order-by", "bogus.rmse ASC");
        Assert.Equal(3, badOrder.ExitCode);

        var both = Runs("list", "--experiment", "wine", "--experiment-id", _experimentId);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--experiment and --experiment-id cannot be used together", both.Stderr, StringComparison.Ordinal);

        var alreadyDeleted = Runs("delete", _old.Info.RunId);
        Assert.Equal(3, alreadyDeleted.ExitCode);
        Assert.Equal($"error: run '{_old.Info.RunId}' is already deleted; nothing was changed.", alreadyDeleted.Stderr.Trim());

        var notDeleted = Runs("restore", _a.Info.RunId);
        Assert.Equal(3, notDeleted.ExitCode);
        Assert.Contains("is already active", notDeleted.Stderr, StringComparison.Ordinal);

        Assert.Equal(2, Runs("list", "--columns", "rmse").ExitCode);
        Assert.Equal(2, Runs("list", "--max-results", "0").ExitCode);
        Assert.Equal(3, Runs("list", "--max-results", "50001").ExitCode);
        Assert.Equal(2, Runs("list", "--view", "archived").ExitCode);
        Assert.Equal(2, Runs("show").ExitCode);
        Assert.Equal(2, Runs("delete").ExitCode);
    }
}
