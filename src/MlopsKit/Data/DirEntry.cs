namespace MlopsKit.Data;

/// <summary>One file of a tracked directory: its path below the directory (with '/') and its hash.</summary>
public sealed record DirEntry(string RelPath, string Md5, long Size = -1, bool IsExec = false);
