using System.Runtime.CompilerServices;
using MlopsKit.IO;

namespace MlopsKit.Data;

/// <summary>Objects in a local folder with DVC's layout: the repository cache, or a local-path remote.</summary>
public sealed class LocalObjectStore : IObjectStore
{
    /// <summary>Mode of a stored object: read-only, which also tells DVC it was verified.</summary>
    public const UnixFileMode ReadOnlyMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    // From this many keys on, AllExist reads the prefix folders (one getdents per ~400 names) instead of one stat per key.
    private const int ListingThreshold = 4096;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _knownDirs = new();

    /// <summary>Creates a store rooted at a folder (created on first write).</summary>
    public LocalObjectStore(string root) => Root = Path.GetFullPath(root);

    /// <summary>The root folder (e.g. <c>.dvc/cache</c>).</summary>
    public string Root { get; }

    /// <inheritdoc />
    public string Url => Root;

    /// <summary>The absolute path of an object.</summary>
    public string PathOf(ObjectKey key) => Path.Combine(Root, key.RelativePath);

    /// <summary>True when the object file exists (its content is not checked).</summary>
    public bool Exists(ObjectKey key) => File.Exists(PathOf(key));

    /// <summary>
    /// True when every object file exists (content not checked), as <see cref="Exists"/> on each. Large sets list
    /// the prefix folders once instead of stat-ing every object.
    /// </summary>
    public bool AllExist(IReadOnlyCollection<ObjectKey> keys)
    {
        if (keys.Count < ListingThreshold)
        {
            var missing = 0;
            Parallel.ForEach(keys, (k, loop) =>
            {
                if (Exists(k)) return;
                Interlocked.Increment(ref missing);
                loop.Stop();
            });
            return missing == 0;
        }
        var byPrefix = new Dictionary<(bool Legacy, char A, char B), List<string>>();
        foreach (var k in keys)
        {
            var prefix = (k.Legacy, k.Oid[0], k.Oid[1]);
            if (!byPrefix.TryGetValue(prefix, out var oids)) byPrefix[prefix] = oids = [];
            oids.Add(k.Oid);
        }
        var allFound = true;
        Parallel.ForEach(byPrefix, (group, loop) =>
        {
            if (!PrefixHoldsAll(group.Key.Legacy, group.Value)) { allFound = false; loop.Stop(); }
        });
        return allFound;
    }

    private bool PrefixHoldsAll(bool legacy, List<string> oids)
    {
        var first = new ObjectKey(oids[0], legacy).RelativePath;
        var dir = Path.Combine(Root, first[..first.LastIndexOf('/')]);
        if (!Directory.Exists(dir)) return false;
        var kinds = new Dictionary<string, EntryKind>(StringComparer.Ordinal);
        foreach (var (name, kind) in DirectoryEntries.List(dir)) kinds[name] = kind;
        var byName = kinds.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var oid in oids)
        {
            if (!byName.TryGetValue(oid.AsSpan(2), out var kind) || kind == EntryKind.Directory) return false;
            if (kind == EntryKind.Link && !File.Exists(Path.Combine(dir, oid[2..]))) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(ObjectKey key, CancellationToken cancellationToken = default) => Task.FromResult(Exists(key));

    /// <summary>
    /// True when the object exists and its content matches its name. A 0444 object is trusted as DVC trusts it;
    /// any other is re-hashed and, when it matches, protected.
    /// </summary>
    public bool IsValid(ObjectKey key)
    {
        var path = PathOf(key);
        if (FileStat.Get(path) is not { } stat) return false;
        var trusted = OperatingSystem.IsWindows() ? File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly) : stat.Mode == (uint)ReadOnlyMode;
        if (trusted) return true;
        if (!Verify(key, path)) return false;
        Protect(path);
        return true;
    }

    /// <summary>
    /// A digest of the modification times of the object folders (<c>files/md5/xx</c> and legacy <c>xx</c>). Adding,
    /// removing or renaming any object changes its folder's mtime, so an unchanged digest means the set of objects is unchanged.
    /// </summary>
    public string LayoutFingerprint()
    {
        using var md5 = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.MD5);
        Span<byte> buffer = stackalloc byte[16];
        foreach (var folder in new[] { Path.Combine(Root, "files", "md5"), Root })
        {
            if (!Directory.Exists(folder)) continue;
            var names = DirectoryEntries.List(folder).Where(e => e.Kind == EntryKind.Directory && e.Name.Length == 2).Select(e => e.Name).Order(StringComparer.Ordinal).ToList();
            var stats = new FileStat?[names.Count];
            FileStat.GetMany(folder, names, stats);
            for (var i = 0; i < names.Count; i++)
            {
                md5.AppendData(System.Text.Encoding.ASCII.GetBytes(names[i]));
                BitConverter.TryWriteBytes(buffer, stats[i]?.MtimeNs ?? -1);
                BitConverter.TryWriteBytes(buffer[8..], (long)(stats[i]?.Inode ?? 0));
                md5.AppendData(buffer);
            }
        }
        return Md5Hasher.ToHex(md5.GetHashAndReset());
    }

    /// <summary>True when every object exists and is sound (<see cref="IsValid"/> on each, in parallel: one stat per trusted object).</summary>
    public bool AllValid(IReadOnlyCollection<ObjectKey> keys)
    {
        var byFolder = keys.GroupBy(k => Path.GetDirectoryName(PathOf(k))!).ToList();
        var bad = 0;
        Parallel.ForEach(byFolder, (group, loop) =>
        {
            var list = group.ToList();
            var stats = new FileStat?[list.Count];
            FileStat.GetMany(group.Key, list.Select(k => Path.GetFileName(PathOf(k))).ToList(), stats);
            for (var i = 0; i < list.Count; i++)
            {
                // Trusted (0444) objects need nothing more; others take the full check, which re-hashes.
                if (stats[i] is { } st && (OperatingSystem.IsWindows() || st.Mode == (uint)ReadOnlyMode)) continue;
                if (stats[i] is not null && IsValid(list[i])) continue;
                Interlocked.Increment(ref bad);
                loop.Stop();
                return;
            }
        });
        return bad == 0;
    }

    /// <summary>True when the object exists with mode 0444: written by a verified upload, so trusted as DVC trusts read-only objects.</summary>
    public bool IsTrusted(ObjectKey key) =>
        !OperatingSystem.IsWindows() && FileStat.Get(PathOf(key)) is { } stat && stat.Mode == (uint)ReadOnlyMode;

    /// <summary>Re-hashes an object file and compares the result with its name.</summary>
    public static bool Verify(ObjectKey key, string path)
    {
        var oid = key.IsDir ? key.Oid[..^4] : key.Oid;
        var actual = key.Legacy && !key.IsDir ? Md5Hasher.HashFileLegacy(path) : Md5Hasher.HashFile(path);
        return actual == oid;
    }

    /// <summary>Copies a file in as an object (temp name, rename, 0444); does nothing when a valid object is there.</summary>
    public void AddFile(ObjectKey key, string source)
    {
        var target = PathOf(key);
        if (File.Exists(target)) return;
        EnsureDir(Path.GetDirectoryName(target)!);
        AtomicFile.Copy(source, target, ReadOnlyMode);
    }

    /// <summary>Writes bytes as an object (used for directory manifests).</summary>
    public void AddBytes(ObjectKey key, ReadOnlySpan<byte> bytes)
    {
        var target = PathOf(key);
        if (File.Exists(target)) return;
        EnsureDir(Path.GetDirectoryName(target)!);
        AtomicFile.WriteAllBytes(target, bytes, ReadOnlyMode);
    }

    /// <summary>Moves a temporary file into place as the object; it is made read-only (trusted without re-hashing) only when <paramref name="verified"/>.</summary>
    public void Adopt(ObjectKey key, string tempFile, bool verified = true)
    {
        var target = PathOf(key);
        EnsureDir(Path.GetDirectoryName(target)!);
        if (verified) Protect(tempFile);
        else if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tempFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Move(tempFile, target, overwrite: true);
    }

    /// <summary>A temporary path inside the store's root, on the same file system as the objects.</summary>
    public string NewTempPath(ObjectKey key)
    {
        var dir = Path.GetDirectoryName(PathOf(key))!;
        EnsureDir(dir);
        return AtomicFile.TempPathFor(PathOf(key));
    }

    /// <summary>Reads a directory manifest object.</summary>
    /// <exception cref="NotFoundException">The object is not in this store.</exception>
    public DirManifest ReadManifest(ObjectKey key)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) throw new NotFoundException($"directory object {key.Oid} is not in {Root}. Run 'mlops dvc fetch' to get it from a remote.");
        return DirManifest.Parse(File.ReadAllBytes(path), path);
    }

    /// <inheritdoc />
    public Task UploadAsync(ObjectKey key, string sourceFile, CancellationToken cancellationToken = default)
    {
        var target = PathOf(key);
        try
        {
            EnsureDir(Path.GetDirectoryName(target)!);
            AtomicFile.Copy(sourceFile, target, ReadOnlyMode);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RemoteException($"cannot write {key} to '{Root}': {ex.Message}. Check that the folder exists, is writable and has free space.", ex);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DownloadAsync(ObjectKey key, string targetFile, CancellationToken cancellationToken = default)
    {
        var source = PathOf(key);
        if (!File.Exists(source)) throw new NotFoundException($"object {key} is not in {Root}.");
        if (!FileLinks.TryKernelCopy(source, targetFile, (UnixFileMode)0b110_100_100)) File.Copy(source, targetFile);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ObjectKey> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var key in List())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }
    }

    /// <summary>Every object in both layouts, synchronously.</summary>
    public IEnumerable<ObjectKey> List()
    {
        if (!Directory.Exists(Root)) yield break;
        foreach (var (dir, legacy) in new[] { (Path.Combine(Root, "files", "md5"), false), (Root, true) })
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var prefix in Directory.EnumerateDirectories(dir))
            {
                var p = Path.GetFileName(prefix);
                if (p.Length != 2 || !IsHex(p)) continue;
                foreach (var file in Directory.EnumerateFiles(prefix))
                {
                    var rest = Path.GetFileName(file);
                    if (rest.StartsWith('.') || rest.EndsWith(".tmp", StringComparison.Ordinal) || rest.EndsWith(".unpacked", StringComparison.Ordinal)) continue;
                    var oid = p + rest;
                    if (!IsHex(oid.EndsWith(".dir", StringComparison.Ordinal) ? oid[..^4] : oid)) continue;
                    yield return new ObjectKey(oid, legacy);
                }
            }
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(ObjectKey key, CancellationToken cancellationToken = default)
    {
        Delete(key);
        return Task.CompletedTask;
    }

    /// <summary>Deletes an object if present.</summary>
    public void Delete(ObjectKey key)
    {
        var path = PathOf(key);
        if (File.Exists(path)) AtomicFile.ForceDelete(path);
    }

    /// <summary>Makes a file read-only (0444).</summary>
    public static void Protect(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, ReadOnlyMode);
        else File.SetAttributes(path, FileAttributes.ReadOnly);
    }

    private void EnsureDir(string dir)
    {
        // A long-lived repo (a notebook kernel) must survive the cache being deleted under it, so a known folder is still checked.
        if (_knownDirs.ContainsKey(dir) && Directory.Exists(dir)) return;
        Directory.CreateDirectory(dir);
        _knownDirs[dir] = true;
    }

    private static bool IsHex(string s) => s.Length > 0 && s.All(char.IsAsciiHexDigitLower);
}
