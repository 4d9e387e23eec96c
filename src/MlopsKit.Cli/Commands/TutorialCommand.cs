using System.CommandLine;
using System.Globalization;
using MlopsKit.Tutorial;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops tutorial</c>: the whole walkthrough (data, tracking, serving, monitoring) in one command, ending with an HTML report.</summary>
public static class TutorialCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var dir = new Option<string?>("--dir", "-d") { Description = "Working folder, new or empty (default: a new mlops-tutorial-<time> folder here)." };
        var noMonitoring = new Option<bool>("--no-monitoring") { Description = "Skip the monitoring chapter (it also skips itself when Prometheus is not installed)." };
        var trees = new Option<int>("--trees") { Description = "Trees of the iris random forest.", DefaultValueFactory = _ => 300, CustomParser = r => Runner.PositiveInt(r) ?? 0 };
        var cmd = new Command("tutorial", "Run the whole tutorial: version data, track and compare runs, serve models, monitor them; writes report.html.") { dir, noMonitoring, trees };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            var folder = p.GetValue(dir) ?? Path.Combine(Environment.CurrentDirectory,
                "mlops-tutorial-" + TimeProvider.System.GetLocalNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            var quiet = p.GetValue(GlobalOptions.Quiet);
            if (!quiet) Console.WriteLine($"MlopsKit tutorial in {folder}");
            var progress = new SyncProgress(step =>
            {
                if (quiet) return;
                var status = step.Status.ToString().ToLowerInvariant();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{step.Chapter,-10}] {step.Title} — {status} ({step.Elapsed.TotalSeconds:F1} s)"));
                Console.WriteLine($"             {step.Summary}");
            });
            var result = await Walkthrough.RunAsync(new TutorialOptions
            {
                Directory = folder,
                Monitoring = !p.GetValue(noMonitoring),
                IrisTrees = p.GetValue(trees),
            }, progress, ct);
            if (!quiet)
            {
                Console.WriteLine();
                foreach (var chapter in result.Steps.GroupBy(s => s.Chapter))
                {
                    var counts = string.Join(", ", chapter.GroupBy(s => s.Status).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{chapter.Key,-10} {counts,-24} {chapter.Sum(s => s.Elapsed.TotalSeconds),6:F1} s"));
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"total",-10} {"",-24} {result.Elapsed.TotalSeconds,6:F1} s"));
                Console.WriteLine($"report: {result.ReportPath}");
            }
            if (result.Succeeded) return ExitCodes.Ok;
            var failed = result.Steps.First(s => s.Status == TutorialStepStatus.Failed);
            await Console.Error.WriteLineAsync($"error: tutorial step '{failed.Title}' failed: {failed.Summary}");
            return ExitCodes.Internal;
        });
        return cmd;
    }

    /// <summary>Reports on the calling thread, so lines print in step order (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class SyncProgress(Action<TutorialStep> report) : IProgress<TutorialStep>
    {
        public void Report(TutorialStep value) => report(value);
    }
}
