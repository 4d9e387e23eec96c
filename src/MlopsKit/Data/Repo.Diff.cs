namespace MlopsKit.Data;

public sealed partial class Repo
{
    /// <summary>Compares the data of two revisions (default: HEAD against the workspace), as <c>dvc diff</c>.</summary>
    public async Task<DiffResult> DiffAsync(string? aRev = null, string? bRev = null, IEnumerable<string>? targets = null, CancellationToken cancellationToken = default)
    {
        using var repoLock = Lock();
        var list = targets?.ToList();
        var result = await Task.Run(() =>
        {
            var a = IndexOf(OutputsAtRevision(aRev ?? "HEAD", list), workspace: false, cancellationToken);
            var b = bRev is null ? IndexOf(ResolveOutputsOrEmpty(list), workspace: true, cancellationToken) : IndexOf(OutputsAtRevision(bRev, list), workspace: false, cancellationToken);
            return Compare(a, b, bRev is null ? NotInCacheOf(ResolveOutputsOrEmpty(list)) : []);
        }, cancellationToken).ConfigureAwait(false);
        State.Flush();
        return result;
    }

    private IReadOnlyList<Output> ResolveOutputsOrEmpty(List<string>? targets) => targets is { Count: > 0 } ? ResolveOutputs(targets) : Outputs();

    private List<DiffEntry> NotInCacheOf(IReadOnlyList<Output> outputs) =>
        outputs.Where(o => o.Key is { } k && o.UseCache && !Cache.Exists(k))
            .Select(o => new DiffEntry(DiffPath(o.FullPath, o.IsDirectory), o.Hash)).ToList();

    /// <summary>Data paths → hash at one side: each output, and the files inside directories whose manifest is known.</summary>
    private Dictionary<string, string> IndexOf(IReadOnlyList<Output> outputs, bool workspace, CancellationToken cancellationToken)
    {
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in outputs)
        {
            var full = o.FullPath;
            if (workspace)
            {
                if (Directory.Exists(full))
                {
                    var dir = Hasher.HashDirectory(full, o.IsLegacy, null, cancellationToken);
                    index[DiffPath(full, true)] = dir.Oid;
                    var manifest = dir.Manifest ?? (Cache.Exists(new ObjectKey(dir.Oid, o.IsLegacy)) ? Cache.ReadManifest(new ObjectKey(dir.Oid, o.IsLegacy)) : null);
                    foreach (var e in manifest?.Entries ?? []) index[DiffPath(Path.Combine(full, e.RelPath), false)] = e.Md5;
                }
                else if (File.Exists(full))
                {
                    index[DiffPath(full, false)] = Hasher.HashFile(full, o.IsLegacy).Md5;
                }
                continue;
            }
            if (o.Key is not { } key) continue;
            index[DiffPath(full, key.IsDir)] = key.Oid;
            if (key.IsDir && Cache.Exists(key))
                foreach (var e in Cache.ReadManifest(key).Entries) index[DiffPath(Path.Combine(full, e.RelPath), false)] = e.Md5;
        }
        return index;
    }

    private string DiffPath(string full, bool isDir) => RelativePath(full) + (isDir ? Path.DirectorySeparatorChar.ToString() : "");

    private static DiffResult Compare(Dictionary<string, string> a, Dictionary<string, string> b, List<DiffEntry> notInCache)
    {
        var added = b.Where(kv => !a.ContainsKey(kv.Key)).Select(kv => new DiffEntry(kv.Key, kv.Value)).ToList();
        var deleted = a.Where(kv => !b.ContainsKey(kv.Key)).Select(kv => new DiffEntry(kv.Key, kv.Value)).ToList();
        var modified = a.Where(kv => b.TryGetValue(kv.Key, out var h) && h != kv.Value).Select(kv => new DiffEntry(kv.Key, b[kv.Key], OldHash: kv.Value)).ToList();
        var renamed = new List<DiffEntry>();
        foreach (var del in deleted.ToList())
        {
            var match = added.FirstOrDefault(x => x.Hash == del.Hash && x.Path.EndsWith('/') == del.Path.EndsWith('/'));
            if (match is null) continue;
            added.Remove(match);
            deleted.Remove(del);
            renamed.Add(new DiffEntry(match.Path, match.Hash, OldPath: del.Path));
        }
        static List<DiffEntry> Sorted(List<DiffEntry> l) => l.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        return new DiffResult(Sorted(added), Sorted(deleted), Sorted(modified), Sorted(renamed), Sorted(notInCache));
    }
}
