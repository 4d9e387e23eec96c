using System.CommandLine;
using System.Globalization;
using MlopsKit.Notebooks;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops notebook run</c>: runs every code cell of a notebook in a C# kernel, papermill-style, and writes the executed notebook.</summary>
public static class NotebookRunCommand
{
    private static readonly NotebookRunOptions s_defaults = new();

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var notebook = new Argument<string>("notebook") { Description = "The notebook to run (.ipynb or .dib)." };
        notebook.Validators.Add(Runner.NonEmpty);
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the executed notebook. Default: <name>.executed.ipynb beside the input." };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML report (sources and outputs) to this path." };
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "name=value for the cell tagged 'parameters' (a .dib cell starting with '// parameters'); repeat for more. Numbers and true/false stay literals, anything else is a string.",
            AllowMultipleArgumentsPerToken = false,
        };
        var timeout = Seconds("--timeout", "Seconds the whole notebook may take", s_defaults.Timeout);
        var cellTimeout = Seconds("--cell-timeout", "Seconds one cell may take; a cell past it fails and the run stops", s_defaults.CellTimeout);
        var workingDir = new Option<string?>("--working-dir") { Description = "The kernel's current folder (relative #r paths and files). Default: the notebook's folder." };
        var cmd = new Command("run", "Run every code cell in order (stopping at the first failure, like papermill) and write the executed notebook with its outputs.")
        {
            notebook, output, html, parameters, timeout, cellTimeout, workingDir,
        };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            // The C# kernel redirects Console while cells run (and a runaway cell keeps it redirected), so the runner writes to the raw streams.
            var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
            var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };
            var quiet = p.GetValue(GlobalOptions.Quiet);
            var options = new NotebookRunOptions
            {
                OutputPath = p.GetValue(output),
                HtmlPath = p.GetValue(html),
                Parameters = (p.GetValue(parameters) ?? []).Select(NotebookRunner.ParseParameter).ToList(),
                Timeout = p.GetValue(timeout) ?? s_defaults.Timeout,
                CellTimeout = p.GetValue(cellTimeout) ?? s_defaults.CellTimeout,
                WorkingDirectory = p.GetValue(workingDir),
            };
            var path = p.GetValue(notebook)!;
            var progress = new CellLog(stdout, quiet);
            var result = await NotebookRunner.RunAsync(path, options, progress, ct).ConfigureAwait(false);
            var shown = Path.GetRelativePath(Environment.CurrentDirectory, result.OutputPath);
            if (result.FirstFailure is { } failed)
            {
                // A timeout's message already names the cell ("cell 2 timed out after 3s"); a failure's is the exception's own.
                stderr.WriteLine(failed.Status == NotebookCellStatus.TimedOut
                    ? $"error: {OneLine(failed.Error)} ({failed.FirstLine})"
                    : $"error: cell {failed.Index} ({failed.FirstLine}) failed: {OneLine(failed.Error)}");
                stderr.WriteLine($"the executed notebook, with the error output and the remaining cells not run, is in {shown}");
            }
            if (!quiet)
            {
                var ran = result.Cells.Count(c => c.Status != NotebookCellStatus.Skipped);
                stdout.WriteLine($"wrote {shown} ({ran} of {result.Cells.Count} code cells run in {Format(result.Elapsed)}, kernel start {Format(result.KernelStartup)})");
                if (result.HtmlPath is not null) stdout.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, result.HtmlPath)}");
            }
            var code = result.Succeeded ? ExitCodes.Ok : ExitCodes.NotebookFailed;
            if (result.Cells.Any(c => c.Status == NotebookCellStatus.TimedOut))
            {
                // A cell that ignores cancellation (a tight loop) keeps running on a kernel thread; end the process so the command never hangs.
                await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                await stderr.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                Environment.Exit(code);
            }
            return code;
        });
        return cmd;
    }

    private static string OneLine(string? text) => (text ?? "").ReplaceLineEndings(" ").Trim();

    private static string Format(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s";

    private static Option<TimeSpan?> Seconds(string name, string what, TimeSpan defaultValue) => new(name)
    {
        Description = $"{what}. Default: {defaultValue.TotalSeconds.ToString(CultureInfo.InvariantCulture)}.",
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= TimeSpan.MaxValue.TotalSeconds / 2)
                return TimeSpan.FromSeconds(s);
            r.AddError($"{name} must be a positive number of seconds such as {defaultValue.TotalSeconds.ToString(CultureInfo.InvariantCulture)}, not '{text}'");
            return null;
        },
    };

    /// <summary>One line per code cell: position, status, elapsed time and the cell's first line.</summary>
    private sealed class CellLog(TextWriter writer, bool quiet) : IProgress<NotebookCellResult>
    {
        public void Report(NotebookCellResult value)
        {
            if (quiet) return;
            var status = value.Status switch
            {
                NotebookCellStatus.Passed => "ok     ",
                NotebookCellStatus.Failed => "FAILED ",
                NotebookCellStatus.TimedOut => "TIMEOUT",
                _ => "skipped",
            };
            writer.WriteLine($"cell {value.Index,3} {status} {Format(value.Elapsed),7}  {value.FirstLine}");
        }
    }
}
