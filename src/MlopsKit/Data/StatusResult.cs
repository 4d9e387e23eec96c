using System.Text;
using System.Text.Json;

namespace MlopsKit.Data;

/// <summary>
/// The status of one stage as DVC reports it: a list whose items are a word (<c>"always changed"</c>,
/// <c>"changed command"</c>) or a group (<c>"changed deps"</c>/<c>"changed outs"</c>) mapping a path to a state word,
/// or, for a params file, to a map of param → state.
/// </summary>
public sealed record StageStatus(string Stage, IReadOnlyList<object> Changes)
{
    /// <summary>The <c>changed outs</c> group (path → state), empty when none.</summary>
    public IReadOnlyDictionary<string, string> ChangedOuts => Group("changed outs").Where(kv => kv.Value is string).ToDictionary(kv => kv.Key, kv => (string)kv.Value);

    /// <summary>The <c>changed deps</c> group: path → state word, or params file → (param → state).</summary>
    public IReadOnlyDictionary<string, object> ChangedDeps => Group("changed deps");

    private IReadOnlyDictionary<string, object> Group(string name) =>
        Changes.OfType<KeyValuePair<string, IReadOnlyDictionary<string, object>>>().FirstOrDefault(g => g.Key == name).Value ?? new Dictionary<string, object>();
}

/// <summary>The result of <c>status</c>: changed stages, and whether anything is tracked at all.</summary>
public sealed record StatusResult(IReadOnlyList<StageStatus> Stages, bool AnythingTracked)
{
    /// <summary>True when nothing changed.</summary>
    public bool IsClean => Stages.Count == 0;

    /// <summary>DVC's <c>status --json</c> shape: <c>{"file.dvc": [{"changed outs": {"path": "modified"}}]}</c>.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            foreach (var stage in Stages)
            {
                w.WriteStartArray(stage.Stage);
                foreach (var item in stage.Changes) WriteItem(w, item);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>DVC's text form: the stage, tab-indented groups, states padded to 20 characters.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        foreach (var stage in Stages)
        {
            sb.Append(stage.Stage).Append(":\n");
            foreach (var item in stage.Changes) AppendText(sb, item, 1);
        }
        return sb.ToString();
    }

    private static void AppendText(StringBuilder sb, object item, int indent)
    {
        switch (item)
        {
            case string word:
                sb.Append('\t', indent).Append(word).Append('\n');
                break;
            case KeyValuePair<string, IReadOnlyDictionary<string, object>> group:
                sb.Append('\t', indent).Append(group.Key).Append(":\n");
                AppendMap(sb, group.Value, indent + 1);
                break;
        }
    }

    private static void AppendMap(StringBuilder sb, IReadOnlyDictionary<string, object> map, int indent)
    {
        foreach (var (key, value) in map)
        {
            if (value is string state) sb.Append('\t', indent).Append((state + ":").PadRight(20)).Append(key).Append('\n');
            else if (value is IReadOnlyDictionary<string, object> sub)
            {
                sb.Append('\t', indent).Append(key).Append(":\n");
                AppendMap(sb, sub, indent + 1);
            }
        }
    }

    private static void WriteItem(Utf8JsonWriter w, object item)
    {
        switch (item)
        {
            case string word:
                w.WriteStringValue(word);
                break;
            case KeyValuePair<string, IReadOnlyDictionary<string, object>> group:
                w.WriteStartObject();
                w.WritePropertyName(group.Key);
                WriteMap(w, group.Value);
                w.WriteEndObject();
                break;
        }
    }

    private static void WriteMap(Utf8JsonWriter w, IReadOnlyDictionary<string, object> map)
    {
        w.WriteStartObject();
        foreach (var (key, value) in map)
        {
            w.WritePropertyName(key);
            if (value is string s) w.WriteStringValue(s);
            else if (value is IReadOnlyDictionary<string, object> sub) WriteMap(w, sub);
        }
        w.WriteEndObject();
    }
}
