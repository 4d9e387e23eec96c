using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

/// <summary>
/// Several processes writing one SQLite tracking store at once (issue: 8 processes × 10,000 points, every point kept,
/// no "database is locked" surfaced). The writers are real processes: MlopsKit.Tests.Writer, built beside the tests.
/// </summary>
public sealed class ConcurrencyTests : IDisposable
{
    private const int Writers = 8;
    private const int Points = 10_000;
    private const string Experiment = "concurrency";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);
    private readonly TempDir _dir = TempDir.Create();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private string Uri => $"sqlite:///{_dir["mlflow.db"]}";

    [Fact]
    public async Task Eight_processes_logging_ten_thousand_points_each_keep_every_point_and_report_no_lock_errors()
    {
        var results = await RunWritersAsync(whileRunning: null);

        AssertAllSucceeded(results);
        await AssertEveryPointStoredAsync(results);
    }

    [Fact]
    public async Task Searching_runs_while_eight_processes_write_never_throws()
    {
        WriterResult[] results;
        var searches = 0;
        using (var store = SqliteTrackingStore.Open(Uri))
        {
            results = await RunWritersAsync(async writersDone =>
            {
                var clock = Stopwatch.StartNew();
                while (!writersDone.IsCompleted && searches < 5_000 && clock.Elapsed < s_timeout)
                {
                    // Until a writer has created the experiment there is nothing to search.
                    if (await store.GetExperimentByNameAsync(Experiment) is { } exp)
                    {
                        var (runs, _) = await store.SearchRunsAsync(new RunSearch
                        {
                            ExperimentIds = [exp.ExperimentId],
                            Filter = "metrics.loss >= 0 and params.mode != 'none'",
                            OrderBy = ["metrics.loss DESC"],
                            MaxResults = 100,
                        });
                        Assert.True(runs.Count <= Writers);
                        searches++;
                    }
                    await Task.Delay(10);
                }
            });
        }

        AssertAllSucceeded(results);
        Assert.True(searches > 0, "no search ran while the writers were running");
        await AssertEveryPointStoredAsync(results);
    }

    private sealed record WriterResult(string Mode, int ExitCode, string Stdout, string Stderr);

    /// <summary>Starts all writers at once (half fluent, half client), runs <paramref name="whileRunning"/> beside them, waits with a bound.</summary>
    private async Task<WriterResult[]> RunWritersAsync(Func<Task, Task>? whileRunning)
    {
        var writerDll = Path.Combine(AppContext.BaseDirectory, "MlopsKit.Tests.Writer.dll");
        Assert.True(File.Exists(writerDll), $"{writerDll} is missing; the test project references MlopsKit.Tests.Writer so it is built beside the tests");
        var processes = new List<(string Mode, Process Process, Task<string> Stdout, Task<string> Stderr)>();
        // Each writer starts its run, says so with go.<pid>.ready, then waits for this file: all of them log their points at once.
        var goFile = _dir["go"];
        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            for (var i = 0; i < Writers; i++)
            {
                var mode = i % 2 == 0 ? "fluent" : "client";
                var psi = new ProcessStartInfo("dotnet")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                    WorkingDirectory = _dir.Path,
                };
                foreach (var arg in new[] { writerDll, Uri, Experiment, Points.ToString(System.Globalization.CultureInfo.InvariantCulture), mode, goFile })
                    psi.ArgumentList.Add(arg);
                psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
                foreach (var name in new[] { "MLFLOW_TRACKING_URI", "MLFLOW_EXPERIMENT_NAME", "MLFLOW_EXPERIMENT_ID", "MLFLOW_RUN_ID" })
                    psi.Environment.Remove(name);
                var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the writer");
                processes.Add((mode, process, process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token)));
            }
            // Release the writers together once every one has started its run (or exited early, which the asserts report).
            while (Directory.GetFiles(_dir.Path, "go.*.ready").Length < processes.Count(p => !p.Process.HasExited))
                await Task.Delay(10, timeout.Token);
            await File.WriteAllTextAsync(goFile, "", timeout.Token);
            var allExited = Task.WhenAll(processes.Select(p => p.Process.WaitForExitAsync(timeout.Token)));
            if (whileRunning is not null) await whileRunning(allExited);
            try
            {
                await allExited;
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the writers did not finish within {s_timeout.TotalMinutes} minutes; they were killed");
            }
            var results = new List<WriterResult>();
            foreach (var (mode, process, stdout, stderr) in processes)
                results.Add(new WriterResult(mode, process.ExitCode, (await stdout).Trim(), (await stderr).Trim()));
            return [.. results];
        }
        finally
        {
            foreach (var (_, process, _, _) in processes)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.Dispose();
            }
        }
    }

    private static void AssertAllSucceeded(WriterResult[] results)
    {
        Assert.Equal(Writers, results.Length);
        foreach (var r in results)
        {
            Assert.DoesNotContain("database is locked", r.Stderr, StringComparison.OrdinalIgnoreCase);
            Assert.True(r.ExitCode == 0 && r.Stderr.Length == 0, $"{r.Mode} writer exited {r.ExitCode}: {r.Stderr}");
            Assert.Matches("^[0-9a-f]{32}$", r.Stdout);
        }
        Assert.Equal(Writers, results.Select(r => r.Stdout).Distinct().Count());
    }

    private async Task AssertEveryPointStoredAsync(WriterResult[] results)
    {
        using var store = SqliteTrackingStore.Open(Uri);
        var client = new TrackingClient(store);
        var experiment = await client.GetExperimentByNameAsync(Experiment);
        var runs = await client.SearchAllRunsAsync(new RunSearch { ExperimentIds = [experiment.ExperimentId] });
        Assert.Equal(Writers, runs.Count);
        if (results.Length > 0) Assert.Equal(results.Select(r => r.Stdout).Order(), runs.Select(r => r.Info.RunId).Order());
        foreach (var run in runs)
        {
            Assert.Equal(RunStatus.FINISHED, run.Info.Status);
            Assert.Contains(run.Data.Params["mode"], new[] { "fluent", "client" });
            Assert.True(run.Data.Tags.ContainsKey("writer.pid"));
            var history = await store.GetMetricHistoryAsync(run.Info.RunId, "loss");
            Assert.Equal(Points, history.Count);
            Assert.Equal(Enumerable.Range(0, Points).Select(i => (long)i), history.Select(m => m.Step));
            Assert.All(history, m => Assert.Equal(m.Step * 0.5, m.Value));
            var latest = run.Data.Metrics["loss"];
            Assert.Equal(Points - 1, latest.Step);
            Assert.Equal((Points - 1) * 0.5, latest.Value);
        }
        Assert.Equal(Writers / 2, runs.Count(r => r.Data.Params["mode"] == "fluent"));
    }
}
