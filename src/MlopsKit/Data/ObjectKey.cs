namespace MlopsKit.Data;

/// <summary>The name of a stored object: its oid and whether it lives in the legacy (DVC 2.x) layout.</summary>
public readonly record struct ObjectKey(string Oid, bool Legacy)
{
    /// <summary>True for a directory manifest.</summary>
    public bool IsDir => Oid.EndsWith(".dir", StringComparison.Ordinal);

    /// <summary>The path below a cache or remote root, with '/' separators: <c>files/md5/ab/cdef…</c> or legacy <c>ab/cdef…</c>.</summary>
    public string RelativePath => (Legacy ? "" : "files/md5/") + Oid[..2] + "/" + Oid[2..];

    /// <inheritdoc />
    public override string ToString() => Legacy ? Oid + " (2.x)" : Oid;
}
