using MlopsKit.Yaml;

namespace MlopsKit.Data;

public sealed partial class Repo
{
    /// <summary>Compares tracked outputs (and pipeline deps, params and commands) with the workspace and cache, as <c>dvc status</c>.</summary>
    public async Task<StatusResult> StatusAsync(IEnumerable<string>? targets = null, CancellationToken cancellationToken = default)
    {
        using var repoLock = Lock();
        var outputs = ResolveOutputs(targets);
        var result = await Task.Run(() =>
        {
            var stages = new List<StageStatus>();
            foreach (var group in outputs.GroupBy(o => o.Owner))
            {
                var changes = new List<object>();
                if (group.Key is PipelineStage { Frozen: false } ps && DependencyStatus(ps, cancellationToken) is { Count: > 0 } deps)
                    changes.Add(Group("changed deps", deps));
                var outs = new Dictionary<string, object>(StringComparer.Ordinal);
                foreach (var o in group)
                    if (OutputStatus(o, cancellationToken) is { } state) outs[RelativePath(o.FullPath)] = state;
                if (outs.Count > 0) changes.Add(Group("changed outs", outs));
                if (group.Key is PipelineStage p)
                {
                    if (p.AlwaysChanged) changes.Add("always changed");
                    if (p.Command is { } cmd && p.LockedCommand != cmd) changes.Add("changed command");
                }
                if (changes.Count > 0) stages.Add(new StageStatus(group.Key.Address(Root), changes));
            }
            return new StatusResult(stages, outputs.Count > 0);
        }, cancellationToken).ConfigureAwait(false);
        State.Flush();
        return result;
    }

    private static KeyValuePair<string, IReadOnlyDictionary<string, object>> Group(string name, Dictionary<string, object> map) => new(name, map);

    /// <summary>The status word DVC reports for one output, or null when it is up to date.</summary>
    private string? OutputStatus(Output output, CancellationToken cancellationToken)
    {
        if (output.Key is not { } key)
            return File.Exists(output.FullPath) || Directory.Exists(output.FullPath) ? "new" : "deleted";
        var full = output.FullPath;
        var exists = File.Exists(full) || Directory.Exists(full);
        var unchanged = exists && WorkspaceOid(full, output.IsLegacy, cancellationToken) == key.Oid;
        // When the workspace already holds exactly the recorded data, the entries' presence is enough (a readdir per cache
        // folder); otherwise the cache is the only copy and every entry is checked for integrity too.
        if (output.UseCache && !IsInCache(key, thorough: !unchanged)) return "not in cache";
        if (!exists) return "deleted";
        return unchanged ? null : "modified";
    }

    private Dictionary<string, object> DependencyStatus(PipelineStage stage, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var path in stage.DependencyPaths)
        {
            var full = Path.GetFullPath(Path.Combine(stage.Directory, path));
            var locked = stage.LockedDependency(path);
            var exists = File.Exists(full) || Directory.Exists(full);
            if (!exists) result[path] = "deleted";
            else if (locked?["md5"] is not YamlScalar md5) result[path] = "new";
            else if (WorkspaceOid(full, locked["hash"] is not YamlScalar { Value: "md5" }, cancellationToken) is var oid && !string.Equals(oid, md5.Value, StringComparison.OrdinalIgnoreCase)) result[path] = "modified";
        }
        foreach (var (file, keys) in stage.TrackedParams)
        {
            var changed = ParamStatus(stage, file, keys);
            if (changed.Count > 0) result[file] = changed;
        }
        return result;
    }

    private static Dictionary<string, object> ParamStatus(PipelineStage stage, string file, List<string> keys)
    {
        var changed = new Dictionary<string, object>(StringComparer.Ordinal);
        var full = Path.Combine(stage.Directory, file);
        var current = ParamsFile.Load(full);
        foreach (var key in keys)
        {
            var now = current is null ? null : ParamsFile.Lookup(current, key);
            var locked = stage.LockedParam(file, key);
            if (now is null && locked is null) continue;
            if (now is null) changed[key] = "deleted";
            else if (locked is null) changed[key] = "new";
            else if (!ParamsFile.ValueEquals(now, locked)) changed[key] = "modified";
        }
        return changed;
    }

    /// <summary>The oid the workspace data at a path has now (directories hashed to a manifest).</summary>
    internal string WorkspaceOid(string full, bool legacy, CancellationToken cancellationToken) =>
        Directory.Exists(full)
            ? Hasher.HashDirectory(full, legacy, null, cancellationToken).Oid
            : Hasher.HashFile(full, legacy).Md5;

    /// <summary>True when an object, and for a directory every file it lists, is in the cache and sound (a corrupt object counts as absent).</summary>
    internal bool IsInCache(ObjectKey key, bool thorough = true)
    {
        if (!Cache.IsValid(key)) return false;
        if (!key.IsDir) return true;
        // The quick check is about presence only, and presence cannot change without an object folder's mtime changing.
        var layout = thorough ? null : Cache.LayoutFingerprint();
        if (layout is not null && State.IsKnownComplete(key.Oid, layout)) return true;
        var entries = Cache.ReadManifest(key).Entries.Select(e => new ObjectKey(e.Md5, key.Legacy)).ToList();
        // Thorough is DVC's check: each entry exists and is trusted (0444) or re-hashes to its name.
        var complete = thorough ? Cache.AllValid(entries) : Cache.AllExist(entries);
        if (complete) State.SetComplete(key.Oid, layout ?? Cache.LayoutFingerprint());
        return complete;
    }
}
