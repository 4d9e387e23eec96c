namespace MlopsKit.Data;

/// <summary>Options of <see cref="Repo.CommitAsync"/>, as <c>dvc commit</c>.</summary>
public sealed record CommitOptions
{
    /// <summary>Commit changed outputs without asking (<c>-f</c>). Without it, a changed output is a <see cref="ConflictException"/>. Default: false.</summary>
    public bool Force { get; init; }
}

public sealed partial class Repo
{
    /// <summary>Records the current workspace data of tracked outputs: re-hash, store in the cache, rewrite the <c>.dvc</c> files.</summary>
    /// <returns>The <c>.dvc</c> files that changed (relative paths).</returns>
    /// <exception cref="ConflictException">An output changed and Force is off.</exception>
    public async Task<IReadOnlyList<string>> CommitAsync(IEnumerable<string>? targets = null, CommitOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new CommitOptions();
        using var repoLock = Lock();
        var outputs = ResolveOutputs(targets);
        var changedFiles = await Task.Run(() =>
        {
            var changed = new List<(Output Output, bool DataChanged)>();
            foreach (var o in outputs)
            {
                var full = o.FullPath;
                if (!File.Exists(full) && !Directory.Exists(full))
                    throw new NotFoundException($"'{RelativePath(full)}' does not exist, so there is nothing to commit. Run 'mlops dvc checkout {RelativePath(full)}' to restore it.");
                var same = o.Key is { } key && WorkspaceOid(full, o.IsLegacy, cancellationToken) == key.Oid;
                changed.Add((o, !same));
            }
            var dataChanged = changed.Where(c => c.DataChanged).Select(c => RelativePath(c.Output.Owner.FullPath)).Distinct().ToList();
            if (dataChanged.Count > 0 && !options.Force)
                throw new ConflictException($"outputs of {string.Join(", ", dataChanged)} changed. Use --force to commit them.");
            var linker = new Linker(Cache, Config.Get("cache", "type"));
            var files = new List<DvcFile>();
            foreach (var (o, isChanged) in changed)
            {
                // A legacy (2.x) entry keeps its hash and layout while its data is unchanged, as in DVC 3.
                if (!isChanged && o.IsLegacy)
                {
                    if (o.Key is { } legacyKey && !IsInCache(legacyKey)) StoreLegacy(o, legacyKey, cancellationToken);
                    continue;
                }
                SaveOutput(o, linker, commit: true, progress, cancellationToken);
                if (!files.Contains(o.Owner)) files.Add(o.Owner);
            }
            foreach (var f in files) f.Save();
            return files.Select(f => RelativePath(f.FullPath)).ToList();
        }, cancellationToken).ConfigureAwait(false);
        State.Flush();
        return changedFiles;
    }

    private void StoreLegacy(Output o, ObjectKey key, CancellationToken cancellationToken)
    {
        if (!key.IsDir)
        {
            Cache.AddFile(key, o.FullPath);
            return;
        }
        var dir = Hasher.HashDirectory(o.FullPath, legacy: true, null, cancellationToken);
        var manifest = dir.Manifest ?? new DirManifest([]);
        var byRel = dir.Files.ToDictionary(f => f.RelPath, f => f.FullPath, StringComparer.Ordinal);
        foreach (var e in manifest.Entries) Cache.AddFile(new ObjectKey(e.Md5, true), byRel[e.RelPath]);
        Cache.AddBytes(key, manifest.ToBytes());
    }
}
