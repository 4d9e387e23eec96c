namespace MlopsKit.Data;

/// <summary>Options of <see cref="Repo.AddAsync"/>, as <c>dvc add</c>.</summary>
public sealed record AddOptions
{
    /// <summary>Write the <c>.dvc</c> file without copying data into the cache (<c>--no-commit</c>). Default: false.</summary>
    public bool NoCommit { get; init; }

    /// <summary>Treat targets as glob patterns (<c>--glob</c>): <c>*</c>, <c>?</c>, <c>[..]</c>, <c>**</c>. Default: false.</summary>
    public bool Glob { get; init; }
}

/// <summary>What <see cref="Repo.AddAsync"/> did for one target.</summary>
public sealed record AddedOutput(string DvcFile, string Path, string Oid, long Size, long? NFiles);

/// <summary>The result of an add: the outputs and the files to commit to git.</summary>
public sealed record AddResult(IReadOnlyList<AddedOutput> Outputs, IReadOnlyList<string> GitFiles, bool Staged);
