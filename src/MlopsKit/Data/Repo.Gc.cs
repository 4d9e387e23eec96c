namespace MlopsKit.Data;

public sealed partial class Repo
{
    /// <summary>Works out which objects gc would delete; nothing is deleted.</summary>
    /// <exception cref="ConfigException">No scope was given.</exception>
    /// <exception cref="ConflictException">A kept revision needs a directory whose manifest is missing, so its files cannot be told apart.</exception>
    public async Task<GcPlan> PlanGc(GcOptions options, CancellationToken cancellationToken = default)
    {
        if (!(options.Workspace || options.AllBranches || options.AllTags || options.AllCommits))
            throw new ConfigException("gc needs a scope of what to keep: -w (workspace), -a (all branches), -T (all tags) or -A (all commits).");
        using var repoLock = Lock();
        var keep = UsedKeys(options);
        var local = Cache.List().Where(k => !keep.Contains(k)).ToList();
        var remoteToRemove = new List<ObjectKey>();
        string? remoteName = null;
        if (options.Cloud)
        {
            remoteName = options.Remote ?? Config.Get("core", "remote")
                ?? throw new ConfigException("gc -c needs a remote: pass -r NAME or set a default remote.");
            var remote = RemoteResolver.OpenForReading(Config, remoteName);
            await foreach (var k in remote.ListAsync(cancellationToken).ConfigureAwait(false))
                if (!keep.Contains(k)) remoteToRemove.Add(k);
        }
        return new GcPlan(keep.Count, local, remoteToRemove, remoteName);
    }

    /// <summary>Deletes what a plan lists. Call <see cref="PlanGc"/> first and confirm with the user.</summary>
    public async Task GcAsync(GcPlan plan, CancellationToken cancellationToken = default)
    {
        using var repoLock = Lock();
        foreach (var k in plan.LocalToRemove) Cache.Delete(k);
        if (plan.Remote is { } name && plan.RemoteToRemove.Count > 0)
        {
            var remote = RemoteResolver.OpenForReading(Config, name);
            foreach (var k in plan.RemoteToRemove) await remote.DeleteAsync(k, cancellationToken).ConfigureAwait(false);
        }
    }

    private HashSet<ObjectKey> UsedKeys(GcOptions options)
    {
        // The workspace is always kept, whatever the scope: DVC's brancher always yields it, and -T or -a alone
        // must not delete data that the checked-out .dvc files (maybe not yet committed to git) need.
        var outputs = new List<Output>(Outputs());
        if (Git is not null)
        {
            if (options.AllBranches || options.AllTags || options.AllCommits)
                foreach (var c in Revisions(options.AllBranches, options.AllTags, options.AllCommits))
                    outputs.AddRange(StagesIn(c).SelectMany(f => f.Outputs));
        }
        var keep = new HashSet<ObjectKey>();
        foreach (var o in outputs)
        {
            if (o.Key is not { } key || !keep.Add(key) || !key.IsDir) continue;
            if (!Cache.Exists(key))
                throw new ConflictException($"directory object {key.Oid} (for '{RelativePath(o.FullPath)}' in {o.Owner.Address(Root)}) is not in the cache, so gc cannot tell which files it needs. Run 'mlops dvc fetch' first (with the same -a/-T/-A), or drop that scope.");
            foreach (var e in Cache.ReadManifest(key).Entries) keep.Add(new ObjectKey(e.Md5, key.Legacy));
        }
        return keep;
    }
}
