using System.Diagnostics;
using MlopsKit.Data;
using Spectre.Console;

namespace MlopsKit.Cli;

/// <summary>Draws library progress: a Spectre.Console bar on a terminal, a plain line every second when stderr is redirected, nothing with -q.</summary>
public static class ProgressView
{
    /// <summary>Runs work with a progress reporter suited to where the output goes.</summary>
    public static async Task<T> RunAsync<T>(string title, bool quiet, Func<IProgress<TransferProgress>?, Task<T>> work)
    {
        if (quiet) return await work(null).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        // Captured output (a notebook cell) cannot show a live bar either.
        if (Console.IsErrorRedirected || Cli.IsCapturing)
        {
            var last = TimeSpan.Zero;
            var gate = new object();
            var plain = new Progress<TransferProgress>(p =>
            {
                lock (gate)
                {
                    if (clock.Elapsed - last < TimeSpan.FromSeconds(1)) return;
                    last = clock.Elapsed;
                }
                Console.Error.WriteLine(Describe(p, clock.Elapsed));
            });
            return await work(plain).ConfigureAwait(false);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(title, maxValue: 1);
                task.IsIndeterminate = true;
                var bar = new Progress<TransferProgress>(p =>
                {
                    task.Description = Markup.Escape(Describe(p, clock.Elapsed));
                    if (p.TotalFiles > 0)
                    {
                        task.IsIndeterminate = false;
                        task.MaxValue = p.TotalFiles;
                        task.Value = p.Files;
                    }
                });
                result = await work(bar).ConfigureAwait(false);
                task.StopTask();
            }).ConfigureAwait(false);
        return result;
    }

    /// <summary>"push 300/1000 files, 29.3 MiB, 12.1 MiB/s": files, bytes and rate.</summary>
    private static string Describe(TransferProgress p, TimeSpan elapsed)
    {
        var files = p.TotalFiles > 0 ? $"{p.Files}/{p.TotalFiles} files" : $"{p.Files} files";
        if (p.Bytes <= 0) return $"{p.Operation} {files}";
        var rate = elapsed.TotalSeconds > 0 ? p.Bytes / elapsed.TotalSeconds : 0;
        return $"{p.Operation} {files}, {Commands.Format.Size(p.Bytes)}, {Commands.Format.Size((long)rate)}/s";
    }
}
