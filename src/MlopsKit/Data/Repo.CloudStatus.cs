namespace MlopsKit.Data;

public sealed partial class Repo
{
    /// <summary>Compares the cache with a remote for the objects the outputs need, as <c>dvc status -c</c>: <c>new</c> (only in the cache), <c>deleted</c> (only on the remote), <c>missing</c> (in neither).</summary>
    public async Task<CloudStatusResult> CloudStatusAsync(IEnumerable<string>? targets = null, string? remote = null, int? jobs = null, CancellationToken cancellationToken = default)
    {
        using var repoLock = Lock();
        var outputs = ResolveOutputs(targets?.ToList()).Where(o => o.UseCache && o.Key is not null).ToList();
        var changes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? lastRemote = null;
        foreach (var (remoteName, group) in GroupByRemote(outputs, remote))
        {
            lastRemote = remoteName;
            var store = RemoteResolver.OpenForReading(Config, remoteName);
            var named = new List<(string Path, ObjectKey Key)>();
            foreach (var o in group)
            {
                var key = o.Key!.Value;
                var path = RelativePath(o.FullPath);
                named.Add((path, key));
                if (key.IsDir && Cache.Exists(key))
                    named.AddRange(Cache.ReadManifest(key).Entries.Select(e => (path + "/" + e.RelPath, new ObjectKey(e.Md5, key.Legacy))));
            }
            var onRemote = await ExistingAsync(store, named.Select(n => n.Key), jobs ?? 4 * Environment.ProcessorCount, cancellationToken).ConfigureAwait(false);
            foreach (var (path, key) in named)
            {
                var local = Cache.Exists(key);
                var there = onRemote.Contains(key);
                if (local && !there) changes[path] = "new";
                else if (!local && there) changes[path] = "deleted";
                else if (!local) changes[path] = "missing";
            }
        }
        return new CloudStatusResult(lastRemote ?? remote ?? Config.Get("core", "remote") ?? "", changes);
    }
}
