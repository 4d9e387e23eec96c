using System.Globalization;
using System.Text;
using System.Text.Json;
using MlopsKit.IO;

namespace MlopsKit.Data;

/// <summary>A directory object (<c>.dir</c>): the JSON list of files DVC stores for a tracked directory, byte-exact with Python's json.dumps(sort_keys=True).</summary>
public sealed class DirManifest
{
    /// <summary>Creates a manifest; entries are sorted by code point of their relpath, as DVC sorts them.</summary>
    public DirManifest(IEnumerable<DirEntry> entries)
    {
        var list = entries.ToList();
        // Manifests read from the cache are already in order; checking is O(n), sorting 100k entries is not.
        if (!IsStrictlySorted(list)) list.Sort((a, b) => CompareCodePoints(a.RelPath, b.RelPath));
        Entries = list;
    }

    /// <summary>The files, sorted by relpath in Unicode code-point order.</summary>
    public IReadOnlyList<DirEntry> Entries { get; }

    /// <summary>The sum of entry sizes, or -1 when a size is unknown.</summary>
    public long Size => Entries.Any(e => e.Size < 0) ? -1 : Entries.Sum(e => e.Size);

    /// <summary>The manifest bytes: ASCII JSON, ", " and ": " separators, no trailing newline.</summary>
    public byte[] ToBytes()
    {
        var sb = new StringBuilder(Entries.Count * 64 + 2);
        sb.Append('[');
        for (var i = 0; i < Entries.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append("{\"md5\": ");
            Models.PythonJson.WriteString(sb, Entries[i].Md5);
            sb.Append(", \"relpath\": ");
            Models.PythonJson.WriteString(sb, Entries[i].RelPath);
            sb.Append('}');
        }
        sb.Append(']');
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>The directory's oid: md5 of the manifest bytes plus ".dir".</summary>
    public string ComputeOid() => Md5Hasher.HashBytes(ToBytes()) + ".dir";

    /// <summary>Reads a manifest from its bytes.</summary>
    /// <exception cref="IntegrityException">The bytes are not a DVC directory manifest.</exception>
    public static DirManifest Parse(ReadOnlySpan<byte> bytes, string source)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            var entries = new List<DirEntry>();
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) throw new JsonException("not a list");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("entry is not an object");
                string? md5 = null, relpath = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    reader.Read();
                    var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
                    if (name == "md5") md5 = value?.ToLowerInvariant();
                    else if (name == "relpath") relpath = value;
                }
                if (md5 is null || relpath is null) throw new JsonException("entry without md5 or relpath");
                entries.Add(new DirEntry(relpath, md5));
            }
            return new DirManifest(entries);
        }
        catch (JsonException ex)
        {
            throw new IntegrityException($"directory object {source} is not a valid manifest ({ex.Message}). Delete it and run 'mlops dvc fetch' or re-add the directory.");
        }
    }

    /// <summary>Orders strings by Unicode code point (UTF-16 ordinal order puts astral characters too early).</summary>
    public static int CompareCodePoints(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var ca = a[i];
            var cb = b[i];
            if (ca == cb) continue;
            var sa = char.IsSurrogate(ca);
            var sb = char.IsSurrogate(cb);
            if (sa == sb) return ca.CompareTo(cb);
            return sa ? 1 : -1;
        }
        return a.Length.CompareTo(b.Length);
    }

    private static bool IsStrictlySorted(List<DirEntry> list)
    {
        for (var i = 1; i < list.Count; i++)
            if (CompareCodePoints(list[i - 1].RelPath, list[i].RelPath) >= 0) return false;
        return true;
    }

}
