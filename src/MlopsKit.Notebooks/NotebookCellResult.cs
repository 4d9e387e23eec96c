namespace MlopsKit.Notebooks;

/// <summary>What happened to one code cell of a notebook run.</summary>
/// <param name="Index">1-based position of the cell in the executed notebook (markdown cells and the injected-parameters cell count).</param>
/// <param name="FirstLine">The first non-blank line of the cell's source, to name the cell in messages.</param>
/// <param name="Status">Passed, failed, timed out or skipped.</param>
/// <param name="Elapsed">Wall time of the cell (zero when skipped).</param>
/// <param name="Error">The error message when the cell failed or timed out; otherwise null.</param>
public sealed record NotebookCellResult(int Index, string FirstLine, NotebookCellStatus Status, TimeSpan Elapsed, string? Error);
