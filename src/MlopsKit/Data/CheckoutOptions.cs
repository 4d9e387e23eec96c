namespace MlopsKit.Data;

/// <summary>Options of <see cref="Repo.CheckoutAsync"/>, as <c>dvc checkout</c>.</summary>
public sealed record CheckoutOptions
{
    /// <summary>Overwrite or delete workspace content even when it is not in the cache (<c>-f</c>). Default: false.</summary>
    public bool Force { get; init; }

    /// <summary>Re-create every link or copy even when the content is unchanged (<c>--relink</c>). Default: false.</summary>
    public bool Relink { get; init; }

    /// <summary>Read the <c>.dvc</c> files at this git revision instead of the workspace ones, without touching git's work tree (our extension). Default: null.</summary>
    public string? Rev { get; init; }
}

/// <summary>What a checkout changed, per output path (relative to the repo root).</summary>
public sealed record CheckoutResult(IReadOnlyList<string> Added, IReadOnlyList<string> Modified, IReadOnlyList<string> Deleted, IReadOnlyList<string> Failed)
{
    /// <summary>The outputs in <see cref="Failed"/> whose cache object exists but is corrupt (its content does not match its md5). Nothing was written for them.</summary>
    public IReadOnlyList<string> Corrupt { get; init; } = [];

    /// <summary>True when nothing had to change.</summary>
    public bool NothingChanged => Added.Count + Modified.Count + Deleted.Count + Failed.Count == 0;
}
