namespace MlopsKit.Data;

public sealed partial class Repo
{
    /// <summary>Stops tracking: deletes <c>.dvc</c> files and their <c>.gitignore</c> entries, as <c>dvc remove</c>. With <paramref name="outs"/> the workspace data goes too.</summary>
    /// <returns>The removed <c>.dvc</c> files (relative paths).</returns>
    /// <exception cref="NotFoundException">A target is not a tracked <c>.dvc</c> output.</exception>
    /// <exception cref="ConfigException">A target is a pipeline stage (edit dvc.yaml instead).</exception>
    public IReadOnlyList<string> Remove(IEnumerable<string> targets, bool outs = false)
    {
        using var repoLock = Lock();
        var outputs = ResolveOutputs(targets.ToList());
        var stage = outputs.Select(o => o.Owner).FirstOrDefault(o => o is PipelineStage);
        if (stage is not null)
            throw new ConfigException($"'{stage.Address(Root)}' is a pipeline stage; remove it from {RelativePath(stage.FullPath)} by editing the file.");
        var removed = new List<string>();
        foreach (var file in outputs.Select(o => o.Owner).Distinct())
        {
            foreach (var o in file.Outputs)
            {
                if (Git is not null) GitIgnoreFile.Remove(o.FullPath);
                if (!outs) continue;
                if (Directory.Exists(o.FullPath)) IO.FolderTree.Delete(o.FullPath);
                else if (File.Exists(o.FullPath)) IO.AtomicFile.ForceDelete(o.FullPath);
            }
            File.Delete(file.FullPath);
            removed.Add(RelativePath(file.FullPath));
        }
        return removed;
    }

    /// <summary>Replaces hard or symbolic links to the cache with writable copies, so the data can be edited (as <c>dvc unprotect</c>).</summary>
    /// <returns>How many files were unprotected.</returns>
    public int Unprotect(IEnumerable<string> targets)
    {
        using var repoLock = Lock();
        var count = 0;
        foreach (var o in ResolveOutputs(targets.ToList()))
        {
            var files = Directory.Exists(o.FullPath)
                ? WorkspaceWalker.Files(Root, o.FullPath, Ignore).Select(f => f.FullPath)
                : File.Exists(o.FullPath) ? [o.FullPath] : [];
            foreach (var file in files)
            {
                var info = new FileInfo(file);
                var linked = info.LinkTarget is not null || (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & UnixFileMode.UserWrite) == 0);
                if (!linked) continue;
                var temp = IO.AtomicFile.TempPathFor(file);
                File.Copy(file, temp);
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(temp, File.GetUnixFileMode(temp) | UnixFileMode.UserWrite);
                File.Move(temp, file, overwrite: true);
                count++;
            }
        }
        return count;
    }
}
