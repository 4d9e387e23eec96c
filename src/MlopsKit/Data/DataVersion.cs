namespace MlopsKit.Data;

/// <summary>One version of a tracked output in git history: the commit that recorded it and the data's hash and size.</summary>
public sealed record DataVersion(string Commit, string ShortCommit, DateTimeOffset Date, string Author, string Message, string Path, string? Md5, long? Size, long? NFiles);
