using MlopsKit.Interactive.Tests.Support;
using MlopsKit.Tracking;
using TrackedRun = MlopsKit.Tracking.Run;

namespace MlopsKit.Interactive.Tests;

public sealed class TrackMagicTests
{
    [Fact]
    public async Task A_tracked_cell_ends_finished_with_its_logged_and_returned_metrics_and_its_source_as_an_artifact()
    {
        using var nb = Notebook.Create();
        var code = $$"""
            #!track --experiment nb-exp --name run1 --tracking-uri {{nb.TrackingUri}}
            MlopsKit.Interactive.Run.Current.LogMetric("loss", 0.25);
            MlopsKit.Interactive.Run.Current.LogParam("alpha", 0.1);
            new { rmse = 0.5, epochs = 3, label = "not a metric" }
            """;
        var cell = await nb.RunAsync(code);
        Assert.False(cell.Failed, cell.ToString());
        Assert.NotNull(cell.ReturnValue);

        var run = await OnlyRunAsync(nb, "nb-exp");
        Assert.Equal(RunStatus.FINISHED, run.Info.Status);
        Assert.Equal("run1", run.Info.RunName);
        Assert.Equal(0.25, run.Data.Metrics["loss"].Value);
        Assert.Equal(0.5, run.Data.Metrics["rmse"].Value);
        Assert.Equal(3, run.Data.Metrics["epochs"].Value);
        Assert.False(run.Data.Metrics.ContainsKey("label"));
        Assert.Equal("0.1", run.Data.Params["alpha"]);
        Assert.Equal(code, await File.ReadAllTextAsync(Path.Combine(new Uri(run.Info.ArtifactUri).LocalPath, "cell.cs"), TestContext.Current.CancellationToken));

        // The card comes after the cell: id, name, experiment, status, params and metrics.
        foreach (var expected in new[] { run.Info.RunId, "run1", "nb-exp", "FINISHED", "<td>alpha</td><td>0.1</td>", "<td>rmse</td><td>0.5</td>", "<td>loss</td><td>0.25</td>" })
            Assert.Contains(expected, cell.Html);
        Assert.False(Run.IsActive);
    }

    [Fact]
    public async Task A_throwing_cell_ends_its_run_failed_and_the_next_cell_can_start_a_new_run()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync($"""
            #!track --experiment nb-fail --tracking-uri {nb.TrackingUri}
            MlopsKit.Interactive.Run.Current.LogMetric("before", 1);
            throw new System.InvalidOperationException("boom");
            """);
        Assert.True(cell.Failed, cell.ToString());
        Assert.Contains("boom", cell.FailureMessages);
        var failed = await OnlyRunAsync(nb, "nb-fail");
        Assert.Equal(RunStatus.FAILED, failed.Info.Status);
        Assert.Equal(1, failed.Data.Metrics["before"].Value);
        Assert.False(Run.IsActive);

        var next = await nb.RunAsync($"#!track --experiment nb-fail --tracking-uri {nb.TrackingUri} --quiet\n2 + 2");
        Assert.False(next.Failed, next.ToString());
        Assert.DoesNotContain("mlopskit-run", next.Html);
        Assert.Equal(4, next.ReturnValue);
    }

    [Fact]
    public async Task A_bare_number_is_logged_only_under_the_name_metric_gives_it_and_a_dictionary_by_its_keys()
    {
        using var nb = Notebook.Create();
        Assert.False((await nb.RunAsync($"#!track --experiment bare --tracking-uri {nb.TrackingUri} --quiet\n0.75")).Failed);
        Assert.Empty((await OnlyRunAsync(nb, "bare")).Data.Metrics);

        Assert.False((await nb.RunAsync($"#!track --experiment named --metric accuracy --tracking-uri {nb.TrackingUri} --quiet\n0.75")).Failed);
        Assert.Equal(0.75, (await OnlyRunAsync(nb, "named")).Data.Metrics["accuracy"].Value);

        Assert.False((await nb.RunAsync($"#!track --experiment dict --tracking-uri {nb.TrackingUri} --quiet\nnew System.Collections.Generic.Dictionary<string, double> {{ [\"r2\"] = 0.9 }}")).Failed);
        Assert.Equal(0.9, (await OnlyRunAsync(nb, "dict")).Data.Metrics["r2"].Value);
    }

    [Fact]
    public async Task A_nested_track_starts_a_child_of_the_open_run_and_a_second_top_level_one_is_refused()
    {
        using var nb = Notebook.Create();
        var nested = await nb.RunAsync($"""
            #!track --experiment nest --name outer --tracking-uri {nb.TrackingUri} --quiet
            #!track --experiment nest --name inner --nested --quiet
            MlopsKit.Interactive.Run.Current.LogMetric("inner_metric", 1);
            """);
        Assert.False(nested.Failed, nested.ToString());
        using var client = new TrackingClient(nb.TrackingUri);
        var exp = await client.GetExperimentByNameAsync("nest", TestContext.Current.CancellationToken);
        var runs = await client.SearchAllRunsAsync(new RunSearch { ExperimentIds = [exp.ExperimentId] }, TestContext.Current.CancellationToken);
        var outer = Assert.Single(runs, r => r.Info.RunName == "outer");
        var inner = Assert.Single(runs, r => r.Info.RunName == "inner");
        Assert.Equal(outer.Info.RunId, inner.Data.Tags["mlflow.parentRunId"]);
        Assert.Equal(1, inner.Data.Metrics["inner_metric"].Value);
        Assert.All(runs, r => Assert.Equal(RunStatus.FINISHED, r.Info.Status));

        var twice = await nb.RunAsync($"#!track --experiment nest --tracking-uri {nb.TrackingUri}\n#!track --experiment nest --tracking-uri {nb.TrackingUri}\n1");
        Assert.Contains("is still open; add --nested", twice.FailureMessages);
        Assert.False(Run.IsActive);
    }

    [Fact]
    public async Task Run_Current_outside_a_tracked_cell_fails_with_a_hint_to_use_track()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("MlopsKit.Interactive.Run.Current.LogMetric(\"x\", 1);");
        Assert.True(cell.Failed, cell.ToString());
        Assert.Contains("#!track --experiment", cell.FailureMessages);
    }

    private static async Task<TrackedRun> OnlyRunAsync(Notebook nb, string experiment)
    {
        using var client = new TrackingClient(nb.TrackingUri);
        var exp = await client.GetExperimentByNameAsync(experiment, TestContext.Current.CancellationToken);
        var runs = await client.SearchAllRunsAsync(new RunSearch { ExperimentIds = [exp.ExperimentId] }, TestContext.Current.CancellationToken);
        return Assert.Single(runs);
    }
}
