using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Monitoring;

/// <summary>Batch jobs report to the real Pushgateway: <c>mlops dvc push --pushgateway</c> and tracked runs that finish; a dead gateway only warns.</summary>
[Collection(nameof(LocalStackProcesses))]
public sealed class BatchMetricsPushTests(LocalStackFixture stack) : IDisposable
{
    private readonly TempRepo _repo = TempRepo.Create();
    private readonly TempDir _store = TempDir.Create("mlopskit-store");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _repo.Dispose();
        _store.Dispose();
    }

    [Fact]
    public async Task Dvc_push_with_pushgateway_leaves_its_metrics_in_the_gateway()
    {
        _repo.Write("data/a.csv", "x,y\n1,2\n");
        Assert.Equal(0, CliRunner.Run(_repo.Root, "dvc", "add", "data").ExitCode);
        Assert.Equal(0, CliRunner.Run(_repo.Root, "dvc", "remote", "add", "-d", "storage", _store.Path).ExitCode);

        var push = CliRunner.Run(_repo.Root, "dvc", "push", "--pushgateway", stack.Pushgateway.ToString());

        Assert.True(push.ExitCode == 0, push.Stderr);
        Assert.DoesNotContain("warning", push.Stderr, StringComparison.Ordinal);
        using var http = new HttpClient();
        var lines = (await http.GetStringAsync(new Uri(stack.Pushgateway, "/metrics"), Ct)).Split('\n');
        var repo = Path.GetFileName(_repo.Root);
        Assert.Contains($"mlops_dvc_push_files{{instance=\"\",job=\"dvc_push\",repo=\"{repo}\"}} 2", lines);
        Assert.Contains(lines, l => l.StartsWith($"mlops_dvc_push_bytes{{instance=\"\",job=\"dvc_push\",repo=\"{repo}\"}} ", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"mlops_dvc_push_last_success_timestamp_seconds{{instance=\"\",job=\"dvc_push\",repo=\"{repo}\"}} ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"mlops_dvc_push_duration_seconds{{instance=\"\",job=\"dvc_push\",repo=\"{repo}\"}} ", StringComparison.Ordinal));
    }

    [Fact]
    public void Dvc_push_to_an_unreachable_gateway_still_succeeds_with_one_warning()
    {
        _repo.Write("data/a.csv", "x\n1\n");
        Assert.Equal(0, CliRunner.Run(_repo.Root, "dvc", "add", "data").ExitCode);
        Assert.Equal(0, CliRunner.Run(_repo.Root, "dvc", "remote", "add", "-d", "storage", _store.Path).ExitCode);

        var push = CliRunner.RunWithEnvironment(_repo.Root, null,
            new Dictionary<string, string?> { ["MLOPS_PUSHGATEWAY_URL"] = $"http://127.0.0.1:{StackProcesses.FreePort()}" }, "dvc", "push");

        Assert.True(push.ExitCode == 0, push.Stderr);
        var warning = Assert.Single(push.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Contains("cannot reach the Pushgateway", warning, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_store.Path, "files"), "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task A_finished_run_pushes_duration_final_metrics_and_success_time_grouped_by_experiment_and_run()
    {
        using var client = new TrackingClient($"sqlite:///{_store.Path}/mlflow.db");
        await using (var run = await Tracker.StartRunAsync("pg-exp", new StartRunOptions { Client = client, RunName = "pg-run", Pushgateway = stack.Pushgateway.ToString() }, Ct))
        {
            run.LogMetric("rmse", 0.9, step: 0).LogMetric("rmse", 0.4, step: 1).LogMetric("r2", 0.8);
        }

        using var http = new HttpClient();
        var lines = (await http.GetStringAsync(new Uri(stack.Pushgateway, "/metrics"), Ct)).Split('\n');
        const string Group = "experiment=\"pg-exp\",instance=\"\",job=\"training\"";
        Assert.Contains($"mlops_run_metric{{{Group},metric=\"rmse\",run=\"pg-run\"}} 0.4", lines);
        Assert.Contains($"mlops_run_metric{{{Group},metric=\"r2\",run=\"pg-run\"}} 0.8", lines);
        Assert.Contains(lines, l => l.StartsWith($"mlops_training_duration_seconds{{{Group},run=\"pg-run\"}} ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"mlops_training_last_success_timestamp_seconds{{{Group},run=\"pg-run\"}} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_whose_push_fails_still_finishes_and_warns_once()
    {
        using var client = new TrackingClient($"sqlite:///{_store.Path}/mlflow.db");
        var warnings = new List<string>();
        var run = await Tracker.StartRunAsync("pg-exp", new StartRunOptions
        {
            Client = client,
            Pushgateway = $"http://127.0.0.1:{StackProcesses.FreePort()}",
            OnWarning = warnings.Add,
        }, Ct);
        run.LogMetric("rmse", 0.5);
        await run.DisposeAsync();

        Assert.Equal(RunStatus.FINISHED, (await client.Store.GetRunAsync(run.RunId, Ct)).Info.Status);
        var warning = Assert.Single(warnings);
        Assert.Equal(warnings, run.Warnings);
        Assert.Contains("cannot reach the Pushgateway", warning, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', warning);
    }
}
