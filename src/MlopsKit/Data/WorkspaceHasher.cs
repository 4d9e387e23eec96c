using System.Security.Cryptography;
using System.Text;
using MlopsKit.IO;

namespace MlopsKit.Data;

/// <summary>Hashes workspace files and directories the way DVC does, skipping unchanged files through <see cref="HashState"/>.</summary>
public sealed class WorkspaceHasher(string repoRoot, HashState state, IgnoreRules ignore, LocalObjectStore cache)
{
    /// <summary>The md5 (raw, or md5-dos2unix for legacy entries) and stat of a file.</summary>
    public (string Md5, FileStat Stat) HashFile(string fullPath, bool legacy)
    {
        var stat = FileStat.Get(fullPath) ?? throw new NotFoundException($"'{fullPath}' does not exist.");
        var key = Rel(fullPath);
        if (state.GetFile(key, stat, legacy) is { } known) return (known, stat);
        var md5 = legacy ? Md5Hasher.HashFileLegacy(fullPath) : Md5Hasher.HashFile(fullPath);
        state.SetFile(key, stat, legacy, md5);
        return (md5, stat);
    }

    /// <summary>Hashes a directory: its manifest oid, size, file count and the files behind each entry.</summary>
    public DirHash HashDirectory(string fullPath, bool legacy, IProgress<int>? filesDone, CancellationToken cancellationToken)
    {
        var files = WorkspaceWalker.Files(repoRoot, fullPath, ignore);
        var stats = StatAll(files, cancellationToken);
        var fingerprint = Fingerprint(files, stats);
        var dirKey = Rel(fullPath);
        if (state.GetDir(dirKey, fingerprint, legacy) is { } knownOid)
        {
            var key = new ObjectKey(knownOid, legacy);
            if (cache.Exists(key))
                return new DirHash(knownOid, stats.Sum(s => s.Size), files, stats, null);
        }
        var md5s = new string[files.Count];
        var done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var key = Rel(files[i].FullPath);
            var stat = stats[i];
            var md5 = state.GetFile(key, stat, legacy);
            if (md5 is null)
            {
                md5 = legacy ? Md5Hasher.HashFileLegacy(files[i].FullPath) : Md5Hasher.HashFile(files[i].FullPath);
                state.SetFile(key, stat, legacy, md5);
            }
            md5s[i] = md5;
            var n = Interlocked.Increment(ref done);
            if (n % 1000 == 0) filesDone?.Report(n);
        });
        var manifest = new DirManifest(files.Select((f, i) => new DirEntry(f.RelPath, md5s[i], stats[i].Size, stats[i].IsExecutable)));
        var oid = manifest.ComputeOid();
        state.SetDir(dirKey, fingerprint, legacy, oid);
        return new DirHash(oid, stats.Sum(s => s.Size), files, stats, manifest);
    }

    /// <summary>Stats the walked files folder by folder (the walker lists each folder's files together), folders in parallel.</summary>
    private static FileStat[] StatAll(List<(string RelPath, string FullPath)> files, CancellationToken cancellationToken)
    {
        var runs = new List<(int Start, int Count)>();
        for (var i = 0; i < files.Count;)
        {
            var dir = Path.GetDirectoryName(files[i].FullPath);
            var j = i + 1;
            while (j < files.Count && Path.GetDirectoryName(files[j].FullPath.AsSpan()).SequenceEqual(dir)) j++;
            runs.Add((i, j - i));
            i = j;
        }
        var found = new FileStat?[files.Count];
        Parallel.ForEach(runs, new ParallelOptions { CancellationToken = cancellationToken }, run =>
        {
            var names = new string[run.Count];
            for (var k = 0; k < run.Count; k++) names[k] = Path.GetFileName(files[run.Start + k].FullPath);
            FileStat.GetMany(Path.GetDirectoryName(files[run.Start].FullPath)!, names, found, run.Start);
        });
        var stats = new FileStat[files.Count];
        for (var i = 0; i < files.Count; i++)
            stats[i] = found[i] ?? throw new NotFoundException($"'{files[i].FullPath}' vanished while hashing.");
        return stats;
    }

    private string Rel(string fullPath) => Path.GetRelativePath(repoRoot, fullPath).Replace('\\', '/');

    private static string Fingerprint(List<(string RelPath, string FullPath)> files, FileStat[] stats)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        Span<byte> buffer = stackalloc byte[32];
        for (var i = 0; i < files.Count; i++)
        {
            md5.AppendData(Encoding.UTF8.GetBytes(files[i].RelPath));
            BitConverter.TryWriteBytes(buffer, stats[i].Inode);
            BitConverter.TryWriteBytes(buffer[8..], stats[i].MtimeNs);
            BitConverter.TryWriteBytes(buffer[16..], stats[i].Size);
            BitConverter.TryWriteBytes(buffer[24..], stats[i].IsExecutable ? 1L : 0L);
            md5.AppendData(buffer);
        }
        return Md5Hasher.ToHex(md5.GetHashAndReset());
    }
}

/// <summary>The result of hashing a directory; <see cref="Manifest"/> is null when the oid came from the state cache.</summary>
public sealed record DirHash(string Oid, long Size, List<(string RelPath, string FullPath)> Files, FileStat[] Stats, DirManifest? Manifest)
{
    /// <summary>Number of files.</summary>
    public int NFiles => Files.Count;
}
