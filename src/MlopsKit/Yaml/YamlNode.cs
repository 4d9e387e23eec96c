namespace MlopsKit.Yaml;

/// <summary>A YAML node that keeps mapping order, so files can be edited without reordering what a user wrote.</summary>
public abstract record YamlNode;

/// <summary>A scalar with its source text; <see cref="Quoted"/> tells a quoted "123" from the integer 123.</summary>
/// <param name="Value">The text.</param>
/// <param name="Quoted">True for a string that must not be read as a number, boolean or null.</param>
/// <param name="Literal">Write a multi-line string as a <c>|</c> block, one source line per line, when its characters allow it.</param>
public sealed record YamlScalar(string Value, bool Quoted = false, bool Literal = false) : YamlNode
{
    /// <summary>True when YAML 1.2 core rules read this scalar as null.</summary>
    public bool IsNull => !Quoted && Value is "" or "~" or "null" or "Null" or "NULL";
}

/// <summary>A sequence of nodes.</summary>
public sealed record YamlSequence(List<YamlNode> Items) : YamlNode
{
    /// <summary>An empty sequence.</summary>
    public YamlSequence() : this(new List<YamlNode>()) { }
}

/// <summary>An ordered mapping with string keys.</summary>
public sealed record YamlMapping(List<KeyValuePair<string, YamlNode>> Entries) : YamlNode
{
    /// <summary>An empty mapping.</summary>
    public YamlMapping() : this(new List<KeyValuePair<string, YamlNode>>()) { }

    /// <summary>The value under a key, or null.</summary>
    public YamlNode? this[string key]
    {
        get
        {
            foreach (var e in Entries)
                if (e.Key == key) return e.Value;
            return null;
        }
    }

    /// <summary>Sets a key in place when present, else appends it (the ruamel round-trip rule).</summary>
    public void Set(string key, YamlNode value)
    {
        for (var i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Key == key)
            {
                Entries[i] = new(key, value);
                return;
            }
        }
        Entries.Add(new(key, value));
    }

    /// <summary>Removes a key if present.</summary>
    public bool Remove(string key) => Entries.RemoveAll(e => e.Key == key) > 0;

    /// <summary>The keys in order.</summary>
    public IEnumerable<string> Keys => Entries.Select(e => e.Key);
}
