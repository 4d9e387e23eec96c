namespace MlopsKit.Data;

/// <summary>Options of <see cref="Repo.Init"/>, as <c>dvc init</c>.</summary>
public sealed record InitOptions
{
    /// <summary>Allow a folder that is not a git repository (<c>--no-scm</c>). Default: false.</summary>
    public bool NoScm { get; init; }

    /// <summary>Delete an existing <c>.dvc</c> and create it again (<c>-f</c>). Default: false.</summary>
    public bool Force { get; init; }

    /// <summary>Allow a folder below the git root (<c>--subdir</c>). Default: false.</summary>
    public bool Subdir { get; init; }
}
