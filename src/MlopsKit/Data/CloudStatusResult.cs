namespace MlopsKit.Data;

/// <summary>The result of <c>status --cloud</c>: per data path, <c>new</c>, <c>deleted</c> or <c>missing</c>.</summary>
public sealed record CloudStatusResult(string Remote, IReadOnlyDictionary<string, string> Changes)
{
    /// <summary>True when cache and remote agree.</summary>
    public bool InSync => Changes.Count == 0;
}
