namespace MlopsKit.Notebooks;

/// <summary>How one notebook cell ended.</summary>
public enum NotebookCellStatus
{
    /// <summary>The cell ran without error.</summary>
    Passed,
    /// <summary>The cell threw, did not compile, or a directive failed.</summary>
    Failed,
    /// <summary>The cell ran past the cell timeout or the notebook timeout and was abandoned.</summary>
    TimedOut,
    /// <summary>The cell was not run because an earlier cell failed or timed out (papermill stops at the first error too).</summary>
    Skipped,
}
