namespace MlopsKit.Data;

public sealed partial class Repo
{
    private WorkspaceHasher Hasher => new(Root, State, Ignore, Cache);

    /// <summary>Hashes an output's workspace data, stores it in the cache (when committing) and records the new hash.</summary>
    private (string Oid, long Size, long? NFiles) SaveOutput(Output output, Linker linker, bool commit, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var full = output.FullPath;
        var rel = RelativePath(full);
        if (Directory.Exists(full))
        {
            var hashProgress = progress is null ? null : new Progress<int>(n => progress.Report(new TransferProgress($"hash {rel}", n, -1, 0, -1)));
            var dir = Hasher.HashDirectory(full, legacy: false, hashProgress, cancellationToken);
            var key = new ObjectKey(dir.Oid, false);
            var manifest = dir.Manifest ?? Cache.ReadManifest(key);
            if (commit && output.UseCache)
                CommitDirectory(rel, key, manifest, dir, linker, progress, cancellationToken);
            output.Record(dir.Oid, dir.Size, dir.NFiles, isExec: false);
            return (dir.Oid, dir.Size, dir.NFiles);
        }
        var (md5, stat) = Hasher.HashFile(full, legacy: false);
        if (commit && output.UseCache)
        {
            var key = new ObjectKey(md5, false);
            if (!Cache.IsValid(key))
            {
                Cache.Delete(key);
                Cache.AddFile(key, full);
            }
            if (linker.UsesLinks && !linker.IsLinkedTo(key, full)) linker.Place(key, full, stat.IsExecutable);
            progress?.Report(new TransferProgress($"add {rel}", 1, 1, stat.Size, stat.Size));
        }
        output.Record(md5, stat.Size, null, stat.IsExecutable);
        return (md5, stat.Size, null);
    }

    private void CommitDirectory(string rel, ObjectKey dirKey, DirManifest manifest, DirHash dir, Linker linker, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var byRel = new Dictionary<string, int>(dir.Files.Count, StringComparer.Ordinal);
        for (var i = 0; i < dir.Files.Count; i++) byRel[dir.Files[i].RelPath] = i;
        long bytes = 0, files = 0, totalBytes = dir.Size;
        Parallel.ForEach(manifest.Entries, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, entry =>
        {
            var key = new ObjectKey(entry.Md5, false);
            var index = byRel[entry.RelPath];
            var path = dir.Files[index].FullPath;
            if (!Cache.IsValid(key))
            {
                Cache.Delete(key);
                Cache.AddFile(key, path);
            }
            if (linker.UsesLinks && !linker.IsLinkedTo(key, path)) linker.Place(key, path, dir.Stats[index].IsExecutable);
            var f = Interlocked.Increment(ref files);
            var b = Interlocked.Add(ref bytes, dir.Stats[index].Size);
            if (f % 500 == 0 || f == manifest.Entries.Count) progress?.Report(new TransferProgress($"add {rel}", f, manifest.Entries.Count, b, totalBytes));
        });
        Cache.AddBytes(dirKey, manifest.ToBytes());
    }
}
