using MlopsKit.Yaml;

namespace MlopsKit.Data;

/// <summary>One tracked output of a <c>.dvc</c> file: a file or directory and the hash recorded for it.</summary>
public sealed class Output
{
    internal Output(Stage owner, YamlMapping node, string path)
    {
        Owner = owner;
        Node = node;
        Path = path;
    }

    /// <summary>The <c>.dvc</c> file or pipeline stage that records this output.</summary>
    public Stage Owner { get; }

    /// <summary>The path as written in the file (relative to the stage's folder, '/' separators).</summary>
    public string Path { get; }

    /// <summary>Absolute workspace path.</summary>
    public string FullPath => System.IO.Path.GetFullPath(System.IO.Path.Combine(Owner.Directory, Path.Replace('/', System.IO.Path.DirectorySeparatorChar)));

    /// <summary>The recorded oid (<c>…</c> or <c>….dir</c>), or null when none is recorded yet.</summary>
    public string? Hash => Text("md5") is { Length: > 0 } md5 ? md5.ToLowerInvariant() : null;

    /// <summary>True for a DVC 2.x entry (no <c>hash: md5</c>): its hash is md5-dos2unix and its objects use the legacy cache layout.</summary>
    public bool IsLegacy => Text("hash") != "md5";

    /// <summary>True when the recorded hash names a directory object.</summary>
    public bool IsDirectory => Hash?.EndsWith(".dir", StringComparison.Ordinal) == true;

    /// <summary>Recorded size in bytes, or null.</summary>
    public long? Size => long.TryParse(Text("size"), out var n) ? n : null;

    /// <summary>Recorded number of files for a directory, or null.</summary>
    public long? NFiles => long.TryParse(Text("nfiles"), out var n) ? n : null;

    /// <summary>True when the file had an execute bit when it was added.</summary>
    public bool IsExec => Bool("isexec", false);

    /// <summary>False when the output is tracked without a cache (<c>cache: false</c>).</summary>
    public bool UseCache => Bool("cache", true);

    /// <summary>False when <c>push: false</c> keeps it off remotes.</summary>
    public bool Push => Bool("push", true);

    /// <summary>The remote this output is pinned to, or null.</summary>
    public string? Remote => Text("remote");

    /// <summary>The object key of the recorded hash, or null.</summary>
    public ObjectKey? Key => Hash is { } h ? new ObjectKey(h, IsLegacy) : null;

    internal YamlMapping Node { get; }

    /// <summary>Per-output options from <c>dvc.yaml</c> (cache, push, remote), for pipeline outputs.</summary>
    internal YamlMapping? Options { get; init; }

    /// <summary>Records a new hash as DVC 3 writes it (<c>hash: md5</c>), updating keys in place and appending new ones.</summary>
    internal void Record(string oid, long size, long? nfiles, bool isExec)
    {
        if (Owner is PipelineStage)
        {
            // dvc.lock entries start with path and hash, then the md5 and meta.
            Node.Set("path", YamlWriter.Str(Path));
            Node.Set("hash", new YamlScalar("md5"));
        }
        // A fresh .dvc entry holds only its path; DVC writes path last, after the hash and meta.
        else if (Node.Entries.Count == 1 && Node["path"] is not null) Node.Entries.Clear();
        Node.Set("md5", YamlWriter.Str(oid));
        Node.Set("size", YamlWriter.Number(size));
        if (nfiles is { } n) Node.Set("nfiles", YamlWriter.Number(n));
        else Node.Remove("nfiles");
        if (isExec) Node.Set("isexec", YamlWriter.Bool(true));
        else Node.Remove("isexec");
        Node.Set("hash", new YamlScalar("md5"));
        Node.Set("path", YamlWriter.Str(Path));
    }

    private string? Text(string key) => (Node[key] ?? (key is "remote" ? Options?[key] : null)) is YamlScalar s && !s.IsNull ? s.Value : null;

    private bool Bool(string key, bool defaultValue) =>
        (Node[key] ?? Options?[key]) is YamlScalar s ? YamlCore.Value(s) is bool b ? b : defaultValue : defaultValue;
}
