using LibGit2Sharp;

namespace MlopsKit.Data;

public sealed partial class Repo
{
    /// <summary>The exact <c>.dvc/.gitignore</c> DVC 3 writes.</summary>
    public const string DvcGitignore = "/config.local\n/tmp\n/cache\n";

    /// <summary>The <c>.dvcignore</c> written at init: comments only (139 bytes, as DVC's).</summary>
    public const string DvcignoreTemplate =
        "# Add patterns of files dvc should ignore, which could improve\n# the performance. Learn more at\n# https://dvc.org/doc/user-guide/dvcignore\n";

    /// <summary>Creates a DVC repository in a folder, as <c>dvc init</c>: byte-identical files, staged in git.</summary>
    /// <exception cref="ConfigException">Not a git root (without NoScm/Subdir), or <c>.dvc</c> exists (without Force), or git ignores <c>.dvc</c>.</exception>
    public static Repo Init(string path, InitOptions? options = null, TimeProvider? time = null)
    {
        options ??= new InitOptions();
        var root = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        if (!Directory.Exists(root)) throw new NotFoundException($"folder '{root}' does not exist. Create it (and run 'git init') first.");
        Repository? git = null;
        try
        {
            if (!options.NoScm)
            {
                var gitDir = Repository.Discover(root);
                if (gitDir is null)
                    throw new ConfigException($"'{root}' is not a git repository. Run 'git init' first, or use --no-scm to version data without git.");
                git = new Repository(gitDir);
                var workdir = git.Info.WorkingDirectory?.TrimEnd(Path.DirectorySeparatorChar);
                if (workdir != root && !options.Subdir)
                    throw new ConfigException($"'{root}' is not the top of its git repository ('{workdir}'). Run init there, or pass --subdir to create a DVC repository inside a sub-folder.");
                if (git.Ignore.IsPathIgnored(Path.GetRelativePath(workdir!, Path.Combine(root, ".dvc")).Replace('\\', '/') + "/"))
                    throw new ConfigException("'.dvc' is ignored by git. Remove the matching .gitignore rule, then run init again.");
            }
            var dvcDir = Path.Combine(root, ".dvc");
            if (Directory.Exists(dvcDir))
            {
                if (!options.Force)
                    throw new ConfigException($"'{dvcDir}' already exists. Use -f to delete it and initialise again (this discards the cache and config).");
                IO.FolderTree.Delete(dvcDir);
            }
            Directory.CreateDirectory(dvcDir);
            File.WriteAllText(Path.Combine(dvcDir, "config"), options.NoScm ? "[core]\n    no_scm = True\n" : "");
            if (!options.NoScm) File.WriteAllText(Path.Combine(dvcDir, ".gitignore"), DvcGitignore);
            Directory.CreateDirectory(Path.Combine(dvcDir, "tmp"));
            var dvcignore = Path.Combine(root, IgnoreRules.FileName);
            if (!File.Exists(dvcignore)) File.WriteAllText(dvcignore, DvcignoreTemplate);
            if (git is not null)
            {
                var workdir = git.Info.WorkingDirectory!;
                Commands.Stage(git, new[] { Path.Combine(dvcDir, "config"), Path.Combine(dvcDir, ".gitignore"), dvcignore }
                    .Select(p => Path.GetRelativePath(workdir, p).Replace('\\', '/')));
            }
        }
        finally
        {
            git?.Dispose();
        }
        return Open(root, time);
    }
}
