using MlopsKit.IO;

namespace MlopsKit.Data;

/// <summary>Places cache objects in the workspace with the first <c>cache.type</c> that works here, as DVC does.</summary>
public sealed class Linker
{
    private readonly LocalObjectStore _cache;
    private readonly List<LinkType> _types;
    private readonly UnixFileMode _fileMode;
    private int _current;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<DirectoryInfo>> _createdDirs = new();

    /// <summary>Creates a linker for a cache and the configured link types (default <c>reflink,copy</c>).</summary>
    public Linker(LocalObjectStore cache, string? cacheType)
    {
        _cache = cache;
        _types = Parse(cacheType);
        var umask = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        _fileMode = (UnixFileMode)0b110_110_110 & ~umask;
    }

    /// <summary>The configured types, in order of preference.</summary>
    public IReadOnlyList<LinkType> Types => _types;

    /// <summary>True when workspace files are links to read-only objects (they must be replaced, not edited).</summary>
    public bool UsesLinks => _types[0] is LinkType.Hardlink or LinkType.Symlink;

    /// <summary>Parses a <c>cache.type</c> value.</summary>
    /// <exception cref="ConfigException">An unknown type.</exception>
    public static List<LinkType> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return [LinkType.Reflink, LinkType.Copy];
        var list = new List<LinkType>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            list.Add(part switch
            {
                "reflink" => LinkType.Reflink,
                "hardlink" => LinkType.Hardlink,
                "symlink" => LinkType.Symlink,
                "copy" => LinkType.Copy,
                _ => throw new ConfigException($"cache.type '{part}' is not a link type. Use a comma list of reflink, hardlink, symlink, copy."),
            });
        }
        return list;
    }

    /// <summary>Writes the object to <paramref name="target"/> (replacing what is there) with the first working link type.</summary>
    public void Place(ObjectKey key, string target, bool isExec)
    {
        var source = _cache.PathOf(key);
        if (!File.Exists(source)) throw new NotFoundException($"object {key} is missing from the cache.");
        var parent = Path.GetDirectoryName(target)!;
        // Lazy makes concurrent writers into one new folder wait until it exists, and creates it only once.
        _ = _createdDirs.GetOrAdd(parent, p => new Lazy<DirectoryInfo>(() => Directory.CreateDirectory(p))).Value;
        // The folder may have been deleted since this linker made it (a long-lived repo in a notebook kernel).
        if (!Directory.Exists(parent)) Directory.CreateDirectory(parent);
        // A copy into a free name needs no temporary name (the common case: pull, checkout into an empty folder).
        if (_types[Math.Min(Volatile.Read(ref _current), _types.Count - 1)] == LinkType.Copy && !Path.Exists(target) && FileLinks.TryCopyNew(source, target, ModeFor(isExec)))
            return;
        var temp = AtomicFile.TempPathFor(target);
        try
        {
            // Place runs on many threads at once: each falls back from the type it tried, never from one another thread already gave up on.
            var index = Math.Min(Volatile.Read(ref _current), _types.Count - 1);
            while (!TryPlace(_types[index], source, temp, isExec))
            {
                if (index >= _types.Count - 1)
                    throw new ConfigException($"none of the link types '{string.Join(",", _types).ToLowerInvariant()}' works between the cache and '{target}'. Add 'copy' to cache.type.");
                Interlocked.CompareExchange(ref _current, index + 1, index);
                index++;
            }
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    /// <summary>True when a workspace file is a hard or symbolic link to the object (so it must not be edited in place).</summary>
    public bool IsLinkedTo(ObjectKey key, string target)
    {
        var info = new FileInfo(target);
        if (info.LinkTarget is { } link) return Path.GetFullPath(link, Path.GetDirectoryName(target)!) == _cache.PathOf(key);
        var a = FileStat.Get(target);
        var b = FileStat.Get(_cache.PathOf(key));
        return a is not null && b is not null && a.Value.Inode == b.Value.Inode && a.Value.Inode != 0;
    }

    private bool TryPlace(LinkType type, string source, string temp, bool isExec)
    {
        try
        {
            switch (type)
            {
                case LinkType.Reflink:
                    if (!FileLinks.TryReflink(source, temp)) return false;
                    SetMode(temp, isExec);
                    return true;
                case LinkType.Hardlink:
                    return FileLinks.TryHardlink(source, temp);
                case LinkType.Symlink:
                    File.CreateSymbolicLink(temp, source);
                    return true;
                default:
                    if (FileLinks.TryKernelCopy(source, temp, ModeFor(isExec))) return true;
                    File.Copy(source, temp);
                    SetMode(temp, isExec);
                    return true;
            }
        }
        catch (IOException) when (type != LinkType.Copy)
        {
            AtomicFile.TryDelete(temp);
            return false;
        }
    }

    private void SetMode(string path, bool isExec)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, ModeFor(isExec));
    }

    private UnixFileMode ModeFor(bool isExec) =>
        isExec ? _fileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : _fileMode;
}
