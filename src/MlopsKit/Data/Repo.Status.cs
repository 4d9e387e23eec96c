namespace MlopsKit.Data;

public sealed partial class Repo
{
    /// <summary>Compares tracked outputs with the workspace and cache, as <c>dvc status</c>.</summary>
    public async Task<StatusResult> StatusAsync(IEnumerable<string>? targets = null, CancellationToken cancellationToken = default)
    {
        using var repoLock = Lock();
        var outputs = ResolveOutputs(targets);
        var result = await Task.Run(() =>
        {
            var stages = new List<StageStatus>();
            foreach (var group in outputs.GroupBy(o => o.Owner))
            {
                var changed = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var o in group)
                    if (OutputStatus(o, cancellationToken) is { } state) changed[RelativePath(o.FullPath)] = state;
                if (changed.Count > 0) stages.Add(new StageStatus(RelativePath(group.Key.FullPath), changed));
            }
            return new StatusResult(stages, outputs.Count > 0);
        }, cancellationToken).ConfigureAwait(false);
        State.Flush();
        return result;
    }

    /// <summary>The status word DVC reports for one output, or null when it is up to date.</summary>
    private string? OutputStatus(Output output, CancellationToken cancellationToken)
    {
        if (output.Key is not { } key) return "new";
        if (output.UseCache && !IsInCache(key)) return "not in cache";
        var full = output.FullPath;
        if (!File.Exists(full) && !Directory.Exists(full)) return "deleted";
        return WorkspaceOid(full, output.IsLegacy, cancellationToken) == key.Oid ? null : "modified";
    }

    /// <summary>The oid the workspace data at a path has now (directories hashed to a manifest).</summary>
    internal string WorkspaceOid(string full, bool legacy, CancellationToken cancellationToken) =>
        Directory.Exists(full)
            ? Hasher.HashDirectory(full, legacy, null, cancellationToken).Oid
            : Hasher.HashFile(full, legacy).Md5;

    /// <summary>True when an object, and for a directory every file it lists, is in the cache and sound.</summary>
    internal bool IsInCache(ObjectKey key)
    {
        if (!Cache.IsValid(key)) return false;
        if (!key.IsDir) return true;
        var manifest = Cache.ReadManifest(key);
        return Cache.AllExist(manifest.Entries.Select(e => new ObjectKey(e.Md5, key.Legacy)).ToList());
    }
}
