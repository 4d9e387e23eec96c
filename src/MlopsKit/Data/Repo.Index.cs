namespace MlopsKit.Data;

public sealed partial class Repo
{
    /// <summary>Every <c>.dvc</c> file and pipeline stage in the workspace (ignored folders, <c>.git</c>, <c>.dvc</c> and nested repos skipped), sorted by file.</summary>
    /// <exception cref="ConfigException">A <c>.dvc</c>, <c>dvc.yaml</c> or <c>dvc.lock</c> file is invalid.</exception>
    public IReadOnlyList<Stage> Stages()
    {
        var result = new List<Stage>();
        Collect(Root, "", result);
        return result.OrderBy(s => s.FullPath, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every tracked output in the workspace.</summary>
    public IReadOnlyList<Output> Outputs() => Stages().SelectMany(f => f.Outputs).ToList();

    /// <summary>Resolves user targets to outputs: a <c>.dvc</c> file, a tracked path, or a folder holding <c>.dvc</c> files. No targets means all.</summary>
    /// <exception cref="NotFoundException">A target matches nothing tracked.</exception>
    public IReadOnlyList<Output> ResolveOutputs(IEnumerable<string>? targets)
    {
        var list = targets?.ToList() ?? [];
        var all = Outputs();
        if (list.Count == 0) return all;
        var result = new List<Output>();
        foreach (var target in list)
        {
            var full = FullPathOf(target).TrimEnd(Path.DirectorySeparatorChar);
            if (full != Root && !IsInside(full, Root))
                throw new ConfigException($"'{full}' is outside the repository '{Root}'. Give a path inside it.");
            var address = IsInside(full, Root) ? RelativePath(full) : null;
            var matches = all.Where(o =>
                o.Owner.FullPath == full ||
                o.Owner is PipelineStage && o.Owner.Address(Root) == address ||
                o.FullPath == full ||
                IsInside(o.Owner.FullPath, full) ||
                IsInside(full, o.FullPath)).ToList();
            if (matches.Count == 0)
            {
                var rel = RelativePath(full);
                if (!File.Exists(full) && !Directory.Exists(full))
                    throw new NotFoundException($"'{rel}' does not exist and is not tracked by DVC. Check the path (it is relative to the current folder); 'mlops dvc ls' lists what is tracked.");
                if (rel.Split('/')[0] is ".dvc" or ".git")
                    throw new NotFoundException($"'{rel}' is {rel.Split('/')[0]}'s own folder, which is never tracked data. 'mlops dvc ls' lists what is tracked.");
                throw new NotFoundException($"'{rel}' is not tracked by DVC and holds no .dvc files. Run 'mlops dvc add {rel}' to track it.");
            }
            foreach (var m in matches)
                if (!result.Contains(m)) result.Add(m);
        }
        return result;
    }

    /// <summary>True when <paramref name="path"/> lies strictly inside <paramref name="folder"/>.</summary>
    public static bool IsInside(string path, string folder) =>
        path.Length > folder.Length + 1 && path.StartsWith(folder, StringComparison.Ordinal) && path[folder.Length] == Path.DirectorySeparatorChar;

    /// <summary>Refuses a stage whose outputs lie outside the work tree or inside <c>.dvc</c>/<c>.git</c>, so checkout can never write there.</summary>
    /// <exception cref="ConfigException">An output path escapes the repository.</exception>
    internal T CheckOutputsInside<T>(T stage) where T : Stage
    {
        foreach (var o in stage.Outputs)
        {
            var full = o.FullPath;
            if (IsInside(full, Root) && !RelativePath(full).Split('/').Any(p => p is ".dvc" or ".git")) continue;
            throw new ConfigException($"{stage.Address(Root)}: output path '{o.Path}' points outside the repository's work tree (or into .dvc or .git). Fix the path, or restore the file with 'git checkout -- {RelativePath(stage.FullPath)}'.");
        }
        return stage;
    }

    private void Collect(string dirFull, string rel, List<Stage> result)
    {
        var checkIgnore = Ignore.AnyRules(rel);
        var files = new List<string>();
        var dirs = new List<string>();
        foreach (var entry in new DirectoryInfo(dirFull).EnumerateFileSystemInfos())
        {
            var name = entry.Name;
            var isDir = (entry.Attributes & FileAttributes.Directory) != 0;
            var childRel = rel.Length == 0 ? name : rel + "/" + name;
            if (isDir && (name is ".git" or ".hg" or ".dvc" || (entry.Attributes & FileAttributes.ReparsePoint) != 0)) continue;
            if (checkIgnore && Ignore.IsIgnoredEntry(childRel, isDir)) continue;
            if (isDir)
            {
                if (Directory.Exists(Path.Combine(entry.FullName, ".dvc"))) continue;
                dirs.Add(name);
            }
            else if (DvcFile.IsDvcFileName(name) || name == "dvc.yaml")
            {
                files.Add(entry.FullName);
            }
        }
        var outputDirs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            IEnumerable<Stage> stages = Path.GetFileName(file) == "dvc.yaml" ? PipelineFile.Load(file).Stages : [DvcFile.Load(file)];
            foreach (var stage in stages)
            {
                result.Add(CheckOutputsInside(stage));
                foreach (var o in stage.Outputs)
                    if (Path.GetDirectoryName(o.FullPath) == dirFull) outputDirs.Add(Path.GetFileName(o.FullPath));
            }
        }
        // Tracked directories cannot hold .dvc files of their own, so their (often huge) trees are not walked.
        foreach (var d in dirs)
            if (!outputDirs.Contains(d))
                Collect(Path.Combine(dirFull, d), rel.Length == 0 ? d : rel + "/" + d, result);
    }
}
