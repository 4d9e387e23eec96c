using LibGit2Sharp;

namespace MlopsKit.Tracking;

/// <summary>The <c>mlflow.*</c> tags MLflow's client sets on a new run: user, source and git state.</summary>
public static class SystemTags
{
    /// <summary>The OS user.</summary>
    public const string User = "mlflow.user";
    /// <summary>Entry script or notebook path.</summary>
    public const string SourceName = "mlflow.source.name";
    /// <summary>NOTEBOOK, JOB, PROJECT, LOCAL or UNKNOWN.</summary>
    public const string SourceType = "mlflow.source.type";
    /// <summary>Commit of the git repository holding the source.</summary>
    public const string GitCommit = "mlflow.source.git.commit";
    /// <summary>Checked-out branch.</summary>
    public const string GitBranch = "mlflow.source.git.branch";
    /// <summary>URL of the <c>origin</c> remote.</summary>
    public const string GitRepoUrl = "mlflow.source.git.repoURL";
    /// <summary>The run name.</summary>
    public const string RunName = "mlflow.runName";
    /// <summary>Parent of a nested run.</summary>
    public const string ParentRunId = "mlflow.parentRunId";
    /// <summary>JSON array of the MLmodel dicts of the models logged in the run.</summary>
    public const string LogModelHistory = "mlflow.log-model.history";
    /// <summary>Markdown description.</summary>
    public const string NoteContent = "mlflow.note.content";
    /// <summary>Set when autologging created the run (value: the flavor, e.g. <c>mlnet</c>).</summary>
    public const string Autologging = "mlflow.autologging";

    /// <summary>Tags for a run started now from this process: user, source name and type, git commit/branch/remote when the source is in a git work tree.</summary>
    public static Dictionary<string, string> Collect(string? sourceName = null, string sourceType = "LOCAL")
    {
        var source = sourceName ?? EntryPoint();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [User] = Environment.UserName,
            [SourceName] = source,
            [SourceType] = sourceType,
        };
        foreach (var (key, value) in Git(source)) tags[key] = value;
        return tags;
    }

    /// <summary>The script a file-based app was built from (<c>dotnet run x.cs</c>), else the program's path.</summary>
    public static string EntryPoint() =>
        AppContext.GetData("EntryPointFilePath") as string
        ?? Environment.GetCommandLineArgs().FirstOrDefault(a => a.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || a.EndsWith(".csx", StringComparison.OrdinalIgnoreCase))
        ?? Environment.ProcessPath
        ?? "unknown";

    private static IEnumerable<KeyValuePair<string, string>> Git(string source)
    {
        // A script's own folder says which repository it belongs to; for a compiled program, the working directory does.
        var isScript = source.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".csx", StringComparison.OrdinalIgnoreCase)
            || source.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".dib", StringComparison.OrdinalIgnoreCase);
        var start = isScript && File.Exists(source) ? Path.GetDirectoryName(Path.GetFullPath(source))! : Directory.GetCurrentDirectory();
        string? gitDir;
        try
        {
            gitDir = Repository.Discover(start);
        }
        catch (LibGit2SharpException)
        {
            yield break;
        }
        if (gitDir is null) yield break;
        var found = new List<KeyValuePair<string, string>>();
        try
        {
            using var repo = new Repository(gitDir);
            if (repo.Head.Tip is { } tip) found.Add(new(GitCommit, tip.Sha));
            if (!repo.Info.IsHeadDetached && !repo.Info.IsHeadUnborn) found.Add(new(GitBranch, repo.Head.FriendlyName));
            if (repo.Network.Remotes["origin"] is { } origin) found.Add(new(GitRepoUrl, origin.Url));
        }
        catch (LibGit2SharpException)
        {
            // A broken or foreign repository only costs the git tags, never the run.
        }
        foreach (var pair in found) yield return pair;
    }
}
