namespace MlopsKit.Data;

/// <summary>Options of <see cref="Repo.PushAsync"/>, as <c>dvc push</c>.</summary>
public sealed record PushOptions
{
    /// <summary>Remote name (<c>-r</c>). Default: the output's own remote, else <c>core.remote</c>.</summary>
    public string? Remote { get; init; }

    /// <summary>Parallel transfers (<c>-j</c>). Default: the remote's <c>jobs</c>, else 4 × processor count, as in DVC.</summary>
    public int? Jobs { get; init; }

    /// <summary>Also push what every branch tip needs (<c>-a</c>). Default: false.</summary>
    public bool AllBranches { get; init; }

    /// <summary>Also push what every tag needs (<c>-T</c>). Default: false.</summary>
    public bool AllTags { get; init; }

    /// <summary>Also push what every commit needs (<c>-A</c>). Default: false.</summary>
    public bool AllCommits { get; init; }

    /// <summary>
    /// Pushgateway that receives <c>mlops_dvc_push_*</c> metrics after the push (<c>--pushgateway</c>).
    /// Default: <c>MLOPS_PUSHGATEWAY_URL</c>, else none. A failed metrics push never fails the data push.
    /// </summary>
    public string? Pushgateway { get; init; }
}

/// <summary>Options of <see cref="Repo.FetchAsync"/> and <see cref="Repo.PullAsync"/>, as <c>dvc fetch</c>/<c>dvc pull</c>.</summary>
public sealed record FetchOptions
{
    /// <summary>Remote name (<c>-r</c>). Default: the output's own remote, else <c>core.remote</c>.</summary>
    public string? Remote { get; init; }

    /// <summary>Parallel transfers (<c>-j</c>). Default: the remote's <c>jobs</c>, else 4 × processor count.</summary>
    public int? Jobs { get; init; }

    /// <summary>Also fetch what every branch tip needs (<c>-a</c>). Default: false.</summary>
    public bool AllBranches { get; init; }

    /// <summary>Also fetch what every tag needs (<c>-T</c>). Default: false.</summary>
    public bool AllTags { get; init; }

    /// <summary>Also fetch what every commit needs (<c>-A</c>). Default: false.</summary>
    public bool AllCommits { get; init; }

    /// <summary>For pull: overwrite workspace changes that are not in the cache (<c>-f</c>). Default: false.</summary>
    public bool Force { get; init; }
}

/// <summary>What a push or fetch moved: objects transferred, already present, and missing everywhere.</summary>
public sealed record TransferResult(int Transferred, int UpToDate, IReadOnlyList<string> Missing, IReadOnlyList<string> Failed)
{
    /// <summary>Objects not pushed because their cache copy is corrupt (its content does not match its md5); never uploaded.</summary>
    public IReadOnlyList<string> Corrupt { get; init; } = [];

    /// <summary>The checkout that followed a pull, when there was one.</summary>
    public CheckoutResult? Checkout { get; init; }

    /// <summary>Bytes uploaded (push) by this operation.</summary>
    public long Bytes { get; init; }

    /// <summary>Why the metrics could not be sent to the Pushgateway (the data push itself succeeded or failed on its own), or null.</summary>
    public string? PushgatewayWarning { get; init; }
}
