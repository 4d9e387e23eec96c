namespace MlopsKit.IO;

/// <summary>What kind of file system entry a directory listing names, as readdir(3) tells it without a stat.</summary>
public enum EntryKind
{
    /// <summary>A regular file (or a device, fifo or socket).</summary>
    File,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link; what it points to is not looked at.</summary>
    Link,
}
