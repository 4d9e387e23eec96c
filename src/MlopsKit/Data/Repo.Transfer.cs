using System.Collections.Concurrent;

namespace MlopsKit.Data;

public sealed partial class Repo
{
    /// <summary>Uploads the objects the outputs need that the remote lacks; a directory's manifest goes last, only when all its files are there.</summary>
    /// <exception cref="ConfigException">No remote is configured or named.</exception>
    /// <exception cref="RemoteException">The remote cannot be written.</exception>
    public async Task<TransferResult> PushAsync(IEnumerable<string>? targets = null, PushOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new PushOptions();
        var gateway = Monitoring.PushgatewayClient.ResolveUrl(options.Pushgateway);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await PushLockedAsync(targets, options, progress, cancellationToken).ConfigureAwait(false);
        if (gateway is null) return result;
        var success = result.Failed.Count == 0 && result.Missing.Count == 0 && result.Corrupt.Count == 0;
        var warning = await Monitoring.BatchMetrics.TryPushAsync(gateway, "dvc_push", new Dictionary<string, string> { ["repo"] = Path.GetFileName(Root) },
            Monitoring.BatchMetrics.DvcPush(clock.Elapsed, result.Transferred, result.Bytes, success, TimeProvider.System.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return result with { PushgatewayWarning = warning };
    }

    private async Task<TransferResult> PushLockedAsync(IEnumerable<string>? targets, PushOptions options, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        using var repoLock = Lock();
        long bytes = 0;
        var outputs = ScopeOutputs(targets, options.AllBranches, options.AllTags, options.AllCommits).Where(o => o.Push).ToList();
        int transferred = 0, upToDate = 0;
        var missing = new List<string>();
        var failed = new List<string>();
        var corrupt = new List<string>();
        foreach (var (remoteName, group) in GroupByRemote(outputs, options.Remote))
        {
            var remote = RemoteResolver.Open(Config, remoteName);
            var jobs = options.Jobs ?? Config.GetInt(DvcConfig.RemoteSection(remoteName), "jobs", 4 * Environment.ProcessorCount);
            var (files, dirs) = UsedObjects(group, missingManifest: missing, corrupt);
            var onRemote = await ExistingAsync(remote, files.Concat(dirs.Keys), jobs, cancellationToken).ConfigureAwait(false);
            // A corrupt cache object is never uploaded: the remote would hand the bad bytes to everyone.
            var toUpload = new List<ObjectKey>();
            foreach (var k in files)
            {
                if (onRemote.Contains(k)) upToDate++;
                else if (!Cache.Exists(k)) missing.Add(k.Oid);
                else if (Cache.IsValid(k)) toUpload.Add(k);
                else corrupt.Add(k.Oid);
            }
            var uploaded = await TransferAsync("push", toUpload, jobs, async (k, ct) =>
            {
                await remote.UploadAsync(k, Cache.PathOf(k), ct).ConfigureAwait(false);
                var length = new FileInfo(Cache.PathOf(k)).Length;
                Interlocked.Add(ref bytes, length);
                return length;
            }, failed, progress, cancellationToken).ConfigureAwait(false);
            transferred += uploaded.Count;
            foreach (var (dirKey, entries) in dirs)
            {
                if (onRemote.Contains(dirKey)) { upToDate++; continue; }
                if (!entries.All(e => onRemote.Contains(e) || uploaded.Contains(e))) continue;
                await remote.UploadAsync(dirKey, Cache.PathOf(dirKey), cancellationToken).ConfigureAwait(false);
                bytes += new FileInfo(Cache.PathOf(dirKey)).Length;
                transferred++;
            }
        }
        return new TransferResult(transferred, upToDate, missing, failed) { Corrupt = corrupt, Bytes = bytes };
    }

    /// <summary>Downloads the objects the outputs need that the cache lacks: manifests first, then their files.</summary>
    public async Task<TransferResult> FetchAsync(IEnumerable<string>? targets = null, FetchOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new FetchOptions();
        using var repoLock = Lock();
        return await FetchLockedAsync(targets, options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fetch, then checkout, as <c>dvc pull</c>.</summary>
    /// <exception cref="ConflictException">The checkout would overwrite unsaved work (use Force).</exception>
    public async Task<TransferResult> PullAsync(IEnumerable<string>? targets = null, FetchOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new FetchOptions();
        var list = targets?.ToList();
        TransferResult fetched;
        using (Lock())
            fetched = await FetchLockedAsync(list, options, progress, cancellationToken).ConfigureAwait(false);
        var checkout = await CheckoutAsync(list, new CheckoutOptions { Force = options.Force }, progress, cancellationToken).ConfigureAwait(false);
        return fetched with { Checkout = checkout };
    }

    private async Task<TransferResult> FetchLockedAsync(IEnumerable<string>? targets, FetchOptions options, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var outputs = ScopeOutputs(targets, options.AllBranches, options.AllTags, options.AllCommits);
        int transferred = 0, upToDate = 0;
        var missing = new List<string>();
        var failed = new List<string>();
        foreach (var (remoteName, group) in GroupByRemote(outputs, options.Remote))
        {
            var remote = RemoteResolver.OpenForReading(Config, remoteName);
            var verify = Config.GetBool(DvcConfig.RemoteSection(remoteName), "verify");
            var jobs = options.Jobs ?? Config.GetInt(DvcConfig.RemoteSection(remoteName), "jobs", 4 * Environment.ProcessorCount);
            Func<ObjectKey, CancellationToken, Task<long>> download = async (k, ct) =>
            {
                await DownloadToCacheAsync(remote, k, verify || k.IsDir, ct).ConfigureAwait(false);
                return new FileInfo(Cache.PathOf(k)).Length;
            };
            var manifests = group.Select(o => o.Key).OfType<ObjectKey>().Where(k => k.IsDir && !Cache.IsValid(k)).Distinct().ToList();
            var gotManifests = await TransferAsync("fetch", manifests, jobs, download, failed, null, cancellationToken).ConfigureAwait(false);
            transferred += gotManifests.Count;
            var (files, dirs) = UsedObjects(group, missingManifest: missing);
            // A corrupt cache object counts as absent, so fetch (and pull) replace it with the remote's copy.
            var needed = files.Where(k => !Cache.IsValid(k)).ToList();
            upToDate += files.Count - needed.Count + dirs.Count - gotManifests.Count;
            var onRemote = await ExistingAsync(remote, needed, jobs, cancellationToken).ConfigureAwait(false);
            foreach (var k in needed.Where(k => !onRemote.Contains(k))) missing.Add(k.Oid);
            var got = await TransferAsync("fetch", needed.Where(onRemote.Contains).ToList(), jobs, download, failed, progress, cancellationToken).ConfigureAwait(false);
            transferred += got.Count;
        }
        return new TransferResult(transferred, upToDate, missing, failed);
    }

    private async Task DownloadToCacheAsync(IObjectStore remote, ObjectKey key, bool verify, CancellationToken cancellationToken)
    {
        var temp = Cache.NewTempPath(key);
        try
        {
            // A local remote's 0444 objects were verified when pushed (the same trust rule as the cache), so they need no re-hash.
            var trusted = !verify && remote is LocalObjectStore local && local.IsTrusted(key);
            if (trusted && IO.FileLinks.TryCopyNew(((LocalObjectStore)remote).PathOf(key), Cache.PathOf(key), LocalObjectStore.ReadOnlyMode)) return;
            await remote.DownloadAsync(key, temp, cancellationToken).ConfigureAwait(false);
            if (verify && !LocalObjectStore.Verify(key, temp))
                throw new IntegrityException($"object {key} on {remote.Url} is corrupt (its content does not match its hash). Re-push it from a clean cache.");
            // Only a verified or trusted object becomes read-only; others are re-hashed before checkout first uses them.
            Cache.Adopt(key, temp, verified: verify || trusted);
        }
        catch
        {
            IO.AtomicFile.TryDelete(temp);
            throw;
        }
    }

    /// <summary>Runs one transfer per key in parallel; each returns the bytes it moved, reported cumulatively with the file count.</summary>
    private static async Task<HashSet<ObjectKey>> TransferAsync(string operation, List<ObjectKey> keys, int jobs, Func<ObjectKey, CancellationToken, Task<long>> transfer, List<string> failed, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var done = new ConcurrentBag<ObjectKey>();
        var errors = new ConcurrentBag<(ObjectKey Key, Exception Error)>();
        var count = 0;
        long bytes = 0;
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = cancellationToken }, async (key, ct) =>
        {
            try
            {
                Interlocked.Add(ref bytes, await transfer(key, ct).ConfigureAwait(false));
                done.Add(key);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or MlopsException)
            {
                errors.Add((key, ex));
            }
            var n = Interlocked.Increment(ref count);
            if (n % 100 == 0 || n == keys.Count) progress?.Report(new TransferProgress(operation, n, keys.Count, Interlocked.Read(ref bytes), -1));
        }).ConfigureAwait(false);
        if (!errors.IsEmpty && done.IsEmpty && errors.First().Error is RemoteException or IntegrityException)
            throw errors.First().Error;
        if (!errors.IsEmpty && done.IsEmpty && errors.First().Error is UnauthorizedAccessException or IOException)
            throw new RemoteException($"{operation} failed for all {errors.Count} objects: {errors.First().Error.Message}", errors.First().Error);
        foreach (var (key, error) in errors) failed.Add($"{key.Oid}: {error.Message}");
        return done.ToHashSet();
    }

    private static async Task<HashSet<ObjectKey>> ExistingAsync(IObjectStore remote, IEnumerable<ObjectKey> keys, int jobs, CancellationToken cancellationToken)
    {
        var present = new ConcurrentBag<ObjectKey>();
        await Parallel.ForEachAsync(keys.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = cancellationToken }, async (key, ct) =>
        {
            if (await remote.ExistsAsync(key, ct).ConfigureAwait(false)) present.Add(key);
        }).ConfigureAwait(false);
        return present.ToHashSet();
    }

    /// <summary>File objects and directory objects (with their entries) the outputs need; manifests missing locally are reported.</summary>
    private (List<ObjectKey> Files, Dictionary<ObjectKey, List<ObjectKey>> Dirs) UsedObjects(IEnumerable<Output> outputs, List<string> missingManifest, List<string>? corruptManifest = null)
    {
        var files = new HashSet<ObjectKey>();
        var dirs = new Dictionary<ObjectKey, List<ObjectKey>>();
        foreach (var o in outputs)
        {
            if (o.Key is not { } key || !o.UseCache) continue;
            if (!key.IsDir) { files.Add(key); continue; }
            if (dirs.ContainsKey(key)) continue;
            if (!Cache.Exists(key)) { missingManifest.Add(key.Oid); continue; }
            if (!Cache.IsValid(key)) { (corruptManifest ?? missingManifest).Add(key.Oid); continue; }
            var entries = Cache.ReadManifest(key).Entries.Select(e => new ObjectKey(e.Md5, key.Legacy)).ToList();
            dirs[key] = entries;
            files.UnionWith(entries);
        }
        return (files.ToList(), dirs);
    }

    private List<Output> ScopeOutputs(IEnumerable<string>? targets, bool allBranches, bool allTags, bool allCommits)
    {
        var list = targets?.ToList();
        var outputs = ResolveOutputs(list).ToList();
        if (allBranches || allTags || allCommits)
            foreach (var commit in Revisions(allBranches, allTags, allCommits))
                outputs.AddRange(StagesIn(commit).SelectMany(f => f.Outputs));
        return outputs;
    }

    private IEnumerable<(string Remote, List<Output> Outputs)> GroupByRemote(List<Output> outputs, string? remoteOption)
    {
        var groups = new Dictionary<string, List<Output>>(StringComparer.Ordinal);
        var fallback = remoteOption?.ToLowerInvariant() ?? Config.Get("core", "remote");
        foreach (var o in outputs)
        {
            if (o.Remote is { } pinned && remoteOption is not null && !string.Equals(pinned, remoteOption, StringComparison.OrdinalIgnoreCase)) continue;
            var name = o.Remote ?? fallback
                ?? throw new ConfigException("no remote specified. Set a default with 'mlops dvc remote add -d NAME URL' (or 'mlops dvc remote default NAME'), or pass -r NAME.");
            if (!groups.TryGetValue(name, out var list)) groups[name] = list = [];
            list.Add(o);
        }
        return groups.Select(g => (g.Key, g.Value));
    }
}
