using Microsoft.DotNet.Interactive.Documents;

namespace MlopsKit.Notebooks;

/// <summary>The outcome of a notebook run: per-cell results, timings and the executed document.</summary>
/// <param name="InputPath">The notebook that was run.</param>
/// <param name="OutputPath">The executed notebook that was written.</param>
/// <param name="HtmlPath">The HTML report that was written, if one was asked for.</param>
/// <param name="Cells">One result per code cell, in notebook order.</param>
/// <param name="KernelStartup">Time to create the kernel before the first cell.</param>
/// <param name="Elapsed">Wall time of the whole run, reading and writing included.</param>
/// <param name="Document">The executed document (outputs and execution counts filled in).</param>
public sealed record NotebookRunResult(
    string InputPath,
    string OutputPath,
    string? HtmlPath,
    IReadOnlyList<NotebookCellResult> Cells,
    TimeSpan KernelStartup,
    TimeSpan Elapsed,
    InteractiveDocument Document)
{
    /// <summary>True when every code cell passed.</summary>
    public bool Succeeded => Cells.All(c => c.Status == NotebookCellStatus.Passed);

    /// <summary>The first cell that failed or timed out, or null.</summary>
    public NotebookCellResult? FirstFailure => Cells.FirstOrDefault(c => c.Status is NotebookCellStatus.Failed or NotebookCellStatus.TimedOut);
}
