using System.Text;
using System.Text.Json;

namespace MlopsKit.Data;

/// <summary>The status of one <c>.dvc</c> file: each changed output and what happened to it.</summary>
public sealed record StageStatus(string Stage, IReadOnlyDictionary<string, string> ChangedOuts);

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
                w.WriteStartObject();
                w.WriteStartObject("changed outs");
                foreach (var (path, state) in stage.ChangedOuts) w.WriteString(path, state);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>The result of <c>status --cloud</c>: per object path, <c>new</c>, <c>deleted</c> or <c>missing</c>.</summary>
public sealed record CloudStatusResult(string Remote, IReadOnlyDictionary<string, string> Changes)
{
    /// <summary>True when cache and remote agree.</summary>
    public bool InSync => Changes.Count == 0;
}
