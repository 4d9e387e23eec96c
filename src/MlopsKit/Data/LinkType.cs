namespace MlopsKit.Data;

/// <summary>How cached data is placed in the workspace (<c>cache.type</c>).</summary>
public enum LinkType
{
    /// <summary>Copy-on-write clone; fails on ext4, works on btrfs/XFS/APFS.</summary>
    Reflink,
    /// <summary>Hard link to the read-only cache object.</summary>
    Hardlink,
    /// <summary>Symbolic link to the cache object.</summary>
    Symlink,
    /// <summary>A plain, writable copy.</summary>
    Copy,
}
