using System.Globalization;
using MlopsKit.Yaml;

namespace MlopsKit.Data;

/// <summary>Reads pipeline params files (YAML 1.2 or JSON) and compares values as DVC does (Python equality: 1 == 1.0).</summary>
public static class ParamsFile
{
    /// <summary>Parses a params file; null when it does not exist.</summary>
    /// <exception cref="ConfigException">The file cannot be parsed.</exception>
    public static YamlNode? Load(string fullPath)
    {
        if (!File.Exists(fullPath)) return null;
        var text = File.ReadAllText(fullPath);
        try
        {
            // JSON is a subset of YAML 1.2 for the values params hold, so one reader serves both.
            return YamlReader.Parse(text);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new ConfigException($"{fullPath}: cannot parse params ({ex.Message}).", ex);
        }
    }

    /// <summary>Walks a dotted key (<c>prepare.split</c>) through nested mappings.</summary>
    public static YamlNode? Lookup(YamlNode root, string dottedKey)
    {
        var node = root;
        foreach (var part in dottedKey.Split('.'))
        {
            if (node is YamlMapping m && m[part] is { } next) node = next;
            else if (node is YamlSequence s && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < s.Items.Count) node = s.Items[i];
            else return null;
        }
        return node;
    }

    /// <summary>Structural equality with numbers compared by value.</summary>
    public static bool ValueEquals(YamlNode a, YamlNode b) => (a, b) switch
    {
        (YamlScalar x, YamlScalar y) => ScalarEquals(YamlCore.Value(x), YamlCore.Value(y)),
        (YamlSequence x, YamlSequence y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => ValueEquals(p.First, p.Second)),
        (YamlMapping x, YamlMapping y) => x.Entries.Count == y.Entries.Count && x.Entries.All(e => y[e.Key] is { } v && ValueEquals(e.Value, v)),
        _ => false,
    };

    private static bool ScalarEquals(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (IsNumber(a) && IsNumber(b)) return Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture);
        return a.Equals(b);
    }

    private static bool IsNumber(object o) => o is long or double;
}
