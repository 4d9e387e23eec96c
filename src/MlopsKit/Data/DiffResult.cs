using System.Text;
using System.Text.Json;

namespace MlopsKit.Data;

/// <summary>One changed data path in a diff; <see cref="OldHash"/>/<see cref="OldPath"/> are set for modified/renamed entries.</summary>
public sealed record DiffEntry(string Path, string? Hash, string? OldPath = null, string? OldHash = null);

/// <summary>The result of <c>diff</c>: data files added, deleted, modified, renamed, and recorded but not in the cache.</summary>
public sealed record DiffResult(IReadOnlyList<DiffEntry> Added, IReadOnlyList<DiffEntry> Deleted, IReadOnlyList<DiffEntry> Modified, IReadOnlyList<DiffEntry> Renamed, IReadOnlyList<DiffEntry> NotInCache)
{
    /// <summary>True when there is no difference.</summary>
    public bool IsEmpty => Added.Count + Deleted.Count + Modified.Count + Renamed.Count + NotInCache.Count == 0;

    /// <summary>DVC's <c>diff --json</c> shape; <c>{}</c> when nothing differs.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            if (!IsEmpty)
            {
                Write(w, "added", Added, e => w.WriteString("hash", e.Hash));
                Write(w, "deleted", Deleted, e => w.WriteString("hash", e.Hash));
                Write(w, "modified", Modified, e =>
                {
                    w.WriteStartObject("hash");
                    w.WriteString("old", e.OldHash);
                    w.WriteString("new", e.Hash);
                    w.WriteEndObject();
                });
                w.WriteStartArray("renamed");
                foreach (var e in Renamed)
                {
                    w.WriteStartObject();
                    w.WriteStartObject("path");
                    w.WriteString("old", e.OldPath);
                    w.WriteString("new", e.Path);
                    w.WriteEndObject();
                    w.WriteString("hash", e.Hash);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                Write(w, "not in cache", NotInCache, e => w.WriteString("hash", e.Hash));
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, string name, IReadOnlyList<DiffEntry> entries, Action<DiffEntry> hash)
    {
        w.WriteStartArray(name);
        foreach (var e in entries)
        {
            w.WriteStartObject();
            w.WriteString("path", e.Path);
            hash(e);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
