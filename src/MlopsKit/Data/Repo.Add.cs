namespace MlopsKit.Data;

public sealed partial class Repo
{
    /// <summary>Tracks files or directories: hashes them, fills the cache, writes <c>.dvc</c> files and <c>.gitignore</c> entries.</summary>
    /// <exception cref="NotFoundException">A target does not exist.</exception>
    /// <exception cref="ConfigException">A target is outside the repo, ignored, tracked by git or inside another output.</exception>
    public async Task<AddResult> AddAsync(IEnumerable<string> targets, AddOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new AddOptions();
        var list = targets.ToList();
        if (list.Count == 0) throw new ArgumentException("at least one target is required", nameof(targets));
        using var repoLock = Lock();
        var paths = (options.Glob ? ExpandGlobs(list) : list.Select(t => FullPathOf(t).TrimEnd(Path.DirectorySeparatorChar))).Distinct(StringComparer.Ordinal).ToList();
        var existing = Outputs();
        foreach (var full in paths) ValidateAddTarget(full, existing);

        var added = new List<AddedOutput>();
        var gitFiles = new List<string>();
        var linker = new Linker(Cache, Config.Get("cache", "type"));
        foreach (var full in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dvcPath = DvcFile.PathFor(full);
            var dvc = File.Exists(dvcPath) ? DvcFile.Load(dvcPath) : DvcFile.Create(dvcPath, Path.GetFileName(full));
            var output = dvc.Outputs.FirstOrDefault(o => o.FullPath == full)
                ?? throw new ConfigException($"{dvcPath} exists but does not track '{Path.GetFileName(full)}'. Move or delete it, then add again.");
            var saved = await Task.Run(() => SaveOutput(output, linker, commit: !options.NoCommit, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            dvc.Save();
            gitFiles.Add(dvcPath);
            if (Git is not null && output.UseCache)
            {
                if (!IsGitIgnored(full)) GitIgnoreFile.Add(full);
                var gitignore = Path.Combine(Path.GetDirectoryName(full)!, ".gitignore");
                if (File.Exists(gitignore)) gitFiles.Add(gitignore);
            }
            added.Add(new AddedOutput(RelativePath(dvcPath), RelativePath(full), saved.Oid, saved.Size, saved.NFiles));
        }
        State.Flush();
        var staged = Config.GetBool("core", "autostage");
        if (staged) Stage(gitFiles.Where(File.Exists));
        return new AddResult(added, gitFiles.Distinct().Select(RelativePath).ToList(), staged);
    }

    private bool IsGitIgnored(string full)
    {
        var gitRel = Path.GetRelativePath(GitRoot!, full).Replace('\\', '/');
        return Git!.Ignore.IsPathIgnored(gitRel) || (Directory.Exists(full) && Git.Ignore.IsPathIgnored(gitRel + "/"));
    }

    private void ValidateAddTarget(string full, IReadOnlyList<Output> existing)
    {
        var rel = RelativePath(full);
        if (!IsInside(full, Root))
            throw new ConfigException($"'{full}' is outside the repository '{Root}'. Copy the data into the repository first.");
        if (!File.Exists(full) && !Directory.Exists(full))
            throw new NotFoundException($"'{rel}' does not exist. Check the path (it is relative to the current folder).");
        // Through a symlinked folder, the .dvc and .gitignore files would be written wherever the link points.
        for (var dir = Path.GetDirectoryName(full); dir is not null && IsInside(dir, Root); dir = Path.GetDirectoryName(dir))
            if (new DirectoryInfo(dir).LinkTarget is not null)
                throw new ConfigException($"'{rel}' is inside '{RelativePath(dir)}', which is a symlink; DVC does not add paths through symlinked folders. Add the real folder, or copy the data into the repository.");
        if (Directory.Exists(full) && new DirectoryInfo(full).LinkTarget is not null)
            throw new ConfigException($"'{rel}' is a symlink to a folder; DVC cannot track it (checkout would replace the link with a copy). Add the real folder, or copy the data into the repository.");
        if (rel.Split('/').Any(p => p is ".dvc" or ".git"))
            throw new ConfigException($"'{rel}' is inside .dvc or .git, which cannot be tracked.");
        if (DvcFile.IsDvcFileName(full) || Path.GetFileName(full) is "dvc.yaml" or "dvc.lock" or IgnoreRules.FileName)
            throw new ConfigException($"'{rel}' is a DVC metafile; commit it to git instead of adding it.");
        if (Ignore.IsIgnored(rel, Directory.Exists(full)))
            throw new ConfigException($"'{rel}' is ignored by .dvcignore. Remove the matching pattern (see 'mlops dvc check-ignore -d {rel}') to track it.");
        foreach (var o in existing)
        {
            if (o.FullPath == full && o.Owner is PipelineStage)
                throw new ConfigException($"'{rel}' is an output of pipeline stage '{o.Owner.Address(Root)}'; 'dvc repro' or 'mlops dvc commit {o.Owner.Address(Root)}' records it, not add.");
            if (IsInside(full, o.FullPath))
                throw new ConfigException($"'{rel}' is inside '{RelativePath(o.FullPath)}', which {o.Owner.Address(Root)} already tracks. Run 'mlops dvc add {RelativePath(o.FullPath)}' to record changes to the whole directory.");
            if (IsInside(o.FullPath, full))
                throw new ConfigException($"'{rel}' contains '{RelativePath(o.FullPath)}', tracked by {o.Owner.Address(Root)}. Run 'mlops dvc remove {o.Owner.Address(Root)}' first, or add a different folder.");
        }
        if (Git is not null && GitRoot is { } gitRoot)
        {
            var gitRel = Path.GetRelativePath(gitRoot, full).Replace('\\', '/');
            var tracked = Git.Index.Any(e => e.Path == gitRel || e.Path.StartsWith(gitRel + "/", StringComparison.Ordinal));
            if (tracked)
                throw new ConfigException($"'{rel}' is already tracked by git. Run 'git rm -r --cached {rel}' and commit, then add it again.");
        }
    }

    private List<string> ExpandGlobs(List<string> patterns)
    {
        var result = new List<string>();
        foreach (var pattern in patterns)
        {
            if (pattern.IndexOfAny(['*', '?', '[']) < 0)
            {
                result.Add(FullPathOf(pattern).TrimEnd(Path.DirectorySeparatorChar));
                continue;
            }
            var full = FullPathOf(pattern).Replace('\\', '/');
            var firstWild = full.IndexOfAny(['*', '?', '[']);
            var baseDir = full[..full.LastIndexOf('/', firstWild)];
            var regex = IgnoreRules.CompilePattern("/" + full[(baseDir.Length + 1)..], out _, out _);
            var matches = Directory.Exists(baseDir)
                ? Directory.EnumerateFileSystemEntries(baseDir, "*", SearchOption.AllDirectories)
                    .Where(p => !p.Contains("/.git/", StringComparison.Ordinal) && !p.Contains("/.dvc/", StringComparison.Ordinal))
                    .Where(p => regex.IsMatch(Path.GetRelativePath(baseDir, p).Replace('\\', '/')))
                    .Where(p => !DvcFile.IsDvcFileName(p) && Path.GetFileName(p) != ".gitignore")
                    .ToList()
                : [];
            // A match inside another match is covered by the outer one.
            matches = matches.Where(m => !matches.Any(o => IsInside(m, o))).Order(StringComparer.Ordinal).ToList();
            if (matches.Count == 0) throw new NotFoundException($"glob '{pattern}' matches no files.");
            result.AddRange(matches);
        }
        return result;
    }
}
