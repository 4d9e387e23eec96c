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
            var dataChanged = changed.Where(c => c.DataChanged).Select(c => c.Output.Owner.Address(Root)).Distinct().ToList();
            if (dataChanged.Count > 0 && !options.Force)
                throw new ConflictException($"outputs of {string.Join(", ", dataChanged)} changed. Use --force to commit them.");
            var linker = new Linker(Cache, Config.Get("cache", "type"));
            var files = new List<Stage>();
            foreach (var stage in changed.Select(c => c.Output.Owner).OfType<PipelineStage>().Distinct())
            {
                CommitDependencies(stage, cancellationToken);
                files.Add(stage);
            }
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
            return files.Select(f => f.Address(Root)).ToList();
        }, cancellationToken).ConfigureAwait(false);
        State.Flush();
        return changedFiles;
    }

    /// <summary>Records a pipeline stage's current dependency hashes and param values in its lock entry.</summary>
    private void CommitDependencies(PipelineStage stage, CancellationToken cancellationToken)
    {
        if (stage.LockEntry is null)
            throw new ConflictException($"stage '{stage.Address(Root)}' has never run, so it has no dvc.lock entry to commit. Run 'dvc repro {stage.Name}' first.");
        foreach (var path in stage.DependencyPaths)
        {
            var full = Path.GetFullPath(Path.Combine(stage.Directory, path));
            if (stage.LockedDependency(path) is not { } node || (!File.Exists(full) && !Directory.Exists(full))) continue;
            long size;
            long? nfiles = null;
            string oid;
            if (Directory.Exists(full))
            {
                var dir = Hasher.HashDirectory(full, legacy: false, null, cancellationToken);
                (oid, size, nfiles) = (dir.Oid, dir.Size, dir.NFiles);
                Cache.AddBytes(new ObjectKey(dir.Oid, false), (dir.Manifest ?? Cache.ReadManifest(new ObjectKey(dir.Oid, false))).ToBytes());
            }
            else
            {
                var (md5, stat) = Hasher.HashFile(full, legacy: false);
                (oid, size) = (md5, stat.Size);
            }
            node.Set("hash", new Yaml.YamlScalar("md5"));
            node.Set("md5", Yaml.YamlWriter.Str(oid));
            node.Set("size", Yaml.YamlWriter.Number(size));
            if (nfiles is { } n) node.Set("nfiles", Yaml.YamlWriter.Number(n));
            else node.Remove("nfiles");
        }
        if (stage.LockEntry["params"] is Yaml.YamlMapping locked)
        {
            foreach (var (file, keys) in stage.TrackedParams)
            {
                if (ParamsFile.Load(Path.Combine(stage.Directory, file)) is not { } current || locked[file] is not Yaml.YamlMapping values) continue;
                foreach (var key in keys)
                    if (ParamsFile.Lookup(current, key) is { } value) values.Set(key, value);
            }
        }
        if (stage.Definition?["cmd"] is { } cmd) stage.LockEntry.Set("cmd", cmd);
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
