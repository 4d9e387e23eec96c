using System.Diagnostics;
using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;

namespace MlopsKit.Notebooks;

/// <summary>Runs a notebook headlessly, like papermill: every code cell in order in one C# kernel, stopping at the first failure.</summary>
public static class NotebookRunner
{
    /// <summary>How long a cancelled cell gets to stop before the runner abandons it (a tight loop never checks for cancellation).</summary>
    private static readonly TimeSpan s_cancelGrace = TimeSpan.FromSeconds(2);

    /// <summary>Parses a <c>name=value</c> parameter (as given to <c>mlops notebook run -p</c>); throws <see cref="ConfigException"/> for other forms.</summary>
    public static KeyValuePair<string, string> ParseParameter(string text) => NotebookParameters.Parse(text);

    /// <summary>The executed notebook's default path: <c>&lt;name&gt;.executed.ipynb</c> beside the input.</summary>
    public static string DefaultOutputPath(string notebookPath)
    {
        var full = Path.GetFullPath(notebookPath);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + ".executed.ipynb");
    }

    /// <summary>
    /// Runs the .ipynb or .dib notebook at <paramref name="notebookPath"/> and writes the executed notebook (and the HTML report if asked),
    /// also when a cell fails. Throws <see cref="MlopsException"/> for a file that is not a notebook or bad options; a failing cell is a result, not an exception.
    /// While it runs, the process's current directory is the working directory (the C# kernel resolves relative paths against it).
    /// </summary>
    public static async Task<NotebookRunResult> RunAsync(string notebookPath, NotebookRunOptions? options = null, IProgress<NotebookCellResult>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        Validate(options);
        var total = Stopwatch.StartNew();
        var input = Path.GetFullPath(notebookPath);
        var document = NotebookFile.Read(notebookPath);
        NotebookParameters.Inject(document, options.Parameters);
        var output = Path.GetFullPath(options.OutputPath ?? DefaultOutputPath(input));
        var workingDirectory = Path.GetFullPath(options.WorkingDirectory ?? Path.GetDirectoryName(input)!);
        if (!Directory.Exists(workingDirectory))
            throw new ConfigException($"working directory '{options.WorkingDirectory}' does not exist; create it or pass another --working-dir.");

        var previousDirectory = Environment.CurrentDirectory;
        Directory.SetCurrentDirectory(workingDirectory);
        List<NotebookCellResult> cells;
        TimeSpan startup;
        try
        {
            var startupClock = Stopwatch.StartNew();
            var kernel = NotebookKernel.Create();
            startup = startupClock.Elapsed;
            bool abandoned;
            (cells, abandoned) = await RunCellsAsync(kernel, document, options, total, progress, cancellationToken).ConfigureAwait(false);
            // A cell that ignored cancellation still holds the kernel; disposing would wait on it, so leave it to process exit.
            if (!abandoned) kernel.Dispose();
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
        }

        NotebookFile.Write(document, output);
        string? html = null;
        if (options.HtmlPath is not null)
        {
            html = Path.GetFullPath(options.HtmlPath);
            NotebookHtmlReport.Write(document, Path.GetFileNameWithoutExtension(input), html);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return new NotebookRunResult(input, output, html, cells, startup, total.Elapsed, document);
    }

    private static async Task<(List<NotebookCellResult> Cells, bool Abandoned)> RunCellsAsync(
        CompositeKernel kernel, InteractiveDocument document, NotebookRunOptions options, Stopwatch total,
        IProgress<NotebookCellResult>? progress, CancellationToken cancellationToken)
    {
        var results = new List<NotebookCellResult>();
        var executionCount = 0;
        var stopped = false;
        var abandoned = false;
        for (var i = 0; i < document.Elements.Count; i++)
        {
            var cell = document.Elements[i];
            if (NotebookFile.IsMarkdown(cell)) continue;
            var firstLine = FirstLine(cell.Contents);
            NotebookCellResult result;
            if (stopped || cancellationToken.IsCancellationRequested)
            {
                cell.Outputs.Clear();
                cell.ExecutionOrder = 0;
                result = new NotebookCellResult(i + 1, firstLine, NotebookCellStatus.Skipped, TimeSpan.Zero, null);
            }
            else
            {
                (result, var gaveUp) = await RunCellAsync(kernel, cell, i + 1, firstLine, ++executionCount, options, total, cancellationToken).ConfigureAwait(false);
                abandoned |= gaveUp;
                stopped = result.Status != NotebookCellStatus.Passed;
            }
            results.Add(result);
            progress?.Report(result);
        }
        return (results, abandoned);
    }

    private static async Task<(NotebookCellResult Result, bool Abandoned)> RunCellAsync(
        CompositeKernel kernel, InteractiveDocumentElement cell, int index, string firstLine, int executionCount,
        NotebookRunOptions options, Stopwatch total, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        cell.ExecutionOrder = executionCount;
        cell.Outputs.Clear();
        var outputs = new CellOutputs();
        if (cell.KernelName != NotebookFile.CSharp)
        {
            var message = $"cell {index} is a '{cell.KernelName}' cell; mlops notebook run has only the C# kernel (use #!csharp cells, or markdown for text)";
            cell.Outputs.AddRange(outputs.ToOutputs(executionCount, message));
            return (new NotebookCellResult(index, firstLine, NotebookCellStatus.Failed, clock.Elapsed, message), false);
        }

        var notebookLeft = options.Timeout - total.Elapsed;
        var limit = notebookLeft < options.CellTimeout ? notebookLeft : options.CellTimeout;
        var command = new SubmitCode(cell.Contents, NotebookFile.CSharp);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var subscription = kernel.KernelEvents.Subscribe(new EventSink(outputs, command));
        var run = kernel.SendAsync(command, cancel.Token);
        string? timeout = null;
        var abandoned = false;
        if (limit <= TimeSpan.Zero || await Task.WhenAny(run, Task.Delay(limit, cancellationToken)).ConfigureAwait(false) != run)
        {
            timeout = cancellationToken.IsCancellationRequested ? $"cell {index} was interrupted"
                : limit < options.CellTimeout ? $"cell {index} timed out: the notebook exceeded its timeout of {Seconds(options.Timeout)}"
                : $"cell {index} timed out after {Seconds(options.CellTimeout)}";
            await cancel.CancelAsync().ConfigureAwait(false);
            abandoned = await Task.WhenAny(run, Task.Delay(s_cancelGrace, CancellationToken.None)).ConfigureAwait(false) != run;
        }
        else
        {
            // The result's event list is complete; the live subscription may miss events published before it attached.
            var result = await run.ConfigureAwait(false);
            outputs.Merge(result.Events);
        }
        cell.Outputs.AddRange(outputs.ToOutputs(executionCount, timeout));
        var failure = outputs.Failure;
        var status = timeout is not null ? NotebookCellStatus.TimedOut : failure is not null ? NotebookCellStatus.Failed : NotebookCellStatus.Passed;
        var error = timeout ?? (failure is null ? null : Describe(failure));
        return (new NotebookCellResult(index, firstLine, status, clock.Elapsed, error), abandoned);
    }

    private static string Describe(CommandFailed failure)
    {
        var (name, message) = CellOutputs.Describe(failure);
        return name is "Error" or "CompilationError" ? message : $"{name}: {message}";
    }

    private static void Validate(NotebookRunOptions options)
    {
        if (options.Timeout <= TimeSpan.Zero)
            throw new ConfigException($"{nameof(NotebookRunOptions.Timeout)} must be positive, not {Seconds(options.Timeout)}.");
        if (options.CellTimeout <= TimeSpan.Zero)
            throw new ConfigException($"{nameof(NotebookRunOptions.CellTimeout)} must be positive, not {Seconds(options.CellTimeout)}.");
    }

    /// <summary>The first non-blank line of a cell, shortened to fit a log line.</summary>
    internal static string FirstLine(string contents)
    {
        var line = contents.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return line.Length <= 60 ? line : line[..57] + "...";
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    /// <summary>Forwards the events of one cell's command tree to its output collector.</summary>
    private sealed class EventSink(CellOutputs outputs, KernelCommand root) : IObserver<KernelEvent>
    {
        public void OnNext(KernelEvent value)
        {
            for (var c = value.Command; c is not null; c = c.Parent)
                if (ReferenceEquals(c, root))
                {
                    outputs.Add(value);
                    return;
                }
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }
    }
}
