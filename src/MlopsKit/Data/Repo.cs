using LibGit2Sharp;

namespace MlopsKit.Data;

/// <summary>A DVC repository: its config, cache, tracked files and (optionally) the git repository around it.</summary>
public sealed partial class Repo : IDisposable
{
    private Repository? _git;
    private bool _gitOpened;
    private HashState? _state;

    private Repo(string root, TimeProvider time)
    {
        Root = root;
        Time = time;
        Config = DvcConfig.Load(DvcDir);
        Cache = new LocalObjectStore(Config.GetPath("cache", "dir") ?? Path.Combine(DvcDir, "cache"));
        Ignore = new IgnoreRules(root);
        NoScm = Config.GetBool("core", "no_scm");
    }

    /// <summary>The repository root (the folder that holds <c>.dvc</c>).</summary>
    public string Root { get; }

    /// <summary>The <c>.dvc</c> folder.</summary>
    public string DvcDir => Path.Combine(Root, ".dvc");

    /// <summary>The scratch folder <c>.dvc/tmp</c> (git-ignored).</summary>
    public string TmpDir => Path.Combine(DvcDir, "tmp");

    /// <summary>The merged configuration.</summary>
    public DvcConfig Config { get; private set; }

    /// <summary>The local cache (<c>.dvc/cache</c> or <c>cache.dir</c>).</summary>
    public LocalObjectStore Cache { get; }

    /// <summary>The <c>.dvcignore</c> rules.</summary>
    public IgnoreRules Ignore { get; }

    /// <summary>True when the repository was initialised with <c>--no-scm</c>.</summary>
    public bool NoScm { get; }

    /// <summary>The git work tree root, or null without git.</summary>
    public string? GitRoot => Git?.Info.WorkingDirectory?.TrimEnd(Path.DirectorySeparatorChar);

    /// <summary>The git repository, opened on first use: commands that never need git (status, checkout) skip libgit2's start-up.</summary>
    internal Repository? Git
    {
        get
        {
            if (_gitOpened) return _git;
            _gitOpened = true;
            if (!NoScm && Repository.Discover(Root) is { } gitDir) _git = new Repository(gitDir);
            return _git;
        }
    }

    internal TimeProvider Time { get; }

    internal HashState State => _state ??= new HashState(Path.Combine(TmpDir, "mlopskit"));

    /// <summary>Opens the repository that contains a path (searching upwards for <c>.dvc</c>).</summary>
    /// <exception cref="NotARepoException">No <c>.dvc</c> folder at or above the path.</exception>
    public static Repo Open(string path, TimeProvider? time = null)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(path));
        for (var d = dir; d is not null; d = d.Parent)
        {
            if (Directory.Exists(Path.Combine(d.FullName, ".dvc")))
                return new Repo(d.FullName.TrimEnd(Path.DirectorySeparatorChar), time ?? TimeProvider.System);
        }
        throw new NotARepoException(dir.FullName);
    }

    /// <summary>Takes the repository lock for the duration of a command.</summary>
    public RepoLock Lock() => RepoLock.Acquire(TmpDir, Time);

    /// <summary>Reloads the configuration after it was edited.</summary>
    public void ReloadConfig() => Config = DvcConfig.Load(DvcDir);

    /// <summary>A path relative to the repository root with '/' separators.</summary>
    public string RelativePath(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    /// <summary>The absolute path of a target given relative to the root (or absolute).</summary>
    public string FullPathOf(string target) => Path.GetFullPath(target, Root);

    /// <inheritdoc />
    public void Dispose()
    {
        _state?.Dispose();
        _git?.Dispose();
    }

    internal void Stage(IEnumerable<string> fullPaths)
    {
        if (Git is null) return;
        var paths = fullPaths.Select(p => Path.GetRelativePath(GitRoot!, p).Replace('\\', '/')).ToList();
        if (paths.Count > 0) Commands.Stage(Git, paths);
    }
}
