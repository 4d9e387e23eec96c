namespace MlopsKit.Data;

/// <summary>Options of <see cref="Repo.PlanGc"/>, as <c>dvc gc</c>; at least one scope is required.</summary>
public sealed record GcOptions
{
    /// <summary>Keep what the workspace needs (<c>-w</c>). The workspace is kept with every other scope too, as in DVC.</summary>
    public bool Workspace { get; init; }

    /// <summary>Keep what every branch tip needs (<c>-a</c>).</summary>
    public bool AllBranches { get; init; }

    /// <summary>Keep what every tag needs (<c>-T</c>).</summary>
    public bool AllTags { get; init; }

    /// <summary>Keep what every commit needs (<c>-A</c>, <c>--all-commits</c>).</summary>
    public bool AllCommits { get; init; }

    /// <summary>Also delete unused objects from the remote (<c>-c</c>).</summary>
    public bool Cloud { get; init; }

    /// <summary>The remote for <see cref="Cloud"/> (<c>-r</c>). Default: <c>core.remote</c>.</summary>
    public string? Remote { get; init; }
}

/// <summary>What a gc will delete: local objects and, with Cloud, remote objects; and how many it keeps.</summary>
public sealed record GcPlan(int Kept, IReadOnlyList<ObjectKey> LocalToRemove, IReadOnlyList<ObjectKey> RemoteToRemove, string? Remote);
