namespace MlopsKit.Tracking;

/// <summary>Something an import left out: the file or folder, the 1-based line when one is to blame, and why.</summary>
public sealed record SkippedItem(SkipKind Kind, string Path, int? Line, string Reason)
{
    /// <summary><c>path:line: reason</c>, as compilers print it.</summary>
    public override string ToString() => Line is { } line ? $"{Path}:{line}: {Reason}" : $"{Path}: {Reason}";
}
