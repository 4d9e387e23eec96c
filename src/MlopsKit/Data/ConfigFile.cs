using System.Text;

namespace MlopsKit.Data;

/// <summary>One DVC config file in ConfigObj's INI dialect (<c>.dvc/config</c>, <c>config.local</c>, global, system).</summary>
public sealed class ConfigFile
{
    private readonly List<(string Name, List<KeyValuePair<string, string>> Keys)> _sections = [];

    /// <summary>The file this config was read from and is written to.</summary>
    public string Path { get; }

    private ConfigFile(string path) => Path = path;

    /// <summary>Section names in file order, e.g. <c>core</c>, <c>remote "storage"</c>.</summary>
    public IEnumerable<string> Sections => _sections.Select(s => s.Name);

    /// <summary>Reads a config file; a missing file is an empty config.</summary>
    /// <exception cref="ConfigException">A line is not INI.</exception>
    public static ConfigFile Load(string path)
    {
        var config = new ConfigFile(path);
        if (!File.Exists(path)) return config;
        List<KeyValuePair<string, string>>? current = null;
        var lineNo = 0;
        foreach (var raw in File.ReadAllLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                if (!line.EndsWith(']')) throw Invalid(path, lineNo, raw);
                var name = Unquote(line[1..^1].Trim()).ToLowerInvariant();
                current = config.SectionKeys(name, create: true)!;
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || current is null) throw Invalid(path, lineNo, raw);
            var key = line[..eq].Trim().ToLowerInvariant();
            var value = StripComment(line[(eq + 1)..].Trim());
            current.RemoveAll(k => k.Key == key);
            current.Add(new(key, Unquote(value)));
        }
        return config;
    }

    /// <summary>The value of section.key, or null.</summary>
    public string? Get(string section, string key) =>
        SectionKeys(section, create: false)?.FirstOrDefault(k => k.Key == key).Value;

    /// <summary>All keys of a section, in order; empty when absent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetSection(string section) =>
        (IReadOnlyList<KeyValuePair<string, string>>?)SectionKeys(section, create: false) ?? [];

    /// <summary>Sets section.key, creating the section if needed.</summary>
    public void Set(string section, string key, string value)
    {
        var keys = SectionKeys(section, create: true)!;
        var i = keys.FindIndex(k => k.Key == key);
        if (i >= 0) keys[i] = new(key, value);
        else keys.Add(new(key, value));
    }

    /// <summary>Removes section.key; true when it was there.</summary>
    public bool Unset(string section, string key) => SectionKeys(section, create: false)?.RemoveAll(k => k.Key == key) > 0;

    /// <summary>Removes a whole section; true when it was there.</summary>
    public bool RemoveSection(string section) => _sections.RemoveAll(s => s.Name == section) > 0;

    /// <summary>Writes the file as DVC does: plain sections first, named ones after, empty sections omitted.</summary>
    public void Save()
    {
        var sb = new StringBuilder();
        foreach (var (name, keys) in _sections.Where(s => !s.Name.Contains(' ', StringComparison.Ordinal)).Concat(_sections.Where(s => s.Name.Contains(' ', StringComparison.Ordinal))))
        {
            if (keys.Count == 0) continue;
            sb.Append('[').Append(name.Contains('"', StringComparison.Ordinal) ? "'" + name + "'" : name).Append("]\n");
            foreach (var (key, value) in keys)
                sb.Append("    ").Append(key).Append(" = ").Append(QuoteValue(value)).Append('\n');
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        IO.AtomicFile.WriteAllText(Path, sb.ToString());
    }

    /// <summary>Quotes a value as ConfigObj does: double quotes for commas or edge whitespace/quotes, single quotes when it holds a double quote.</summary>
    public static string QuoteValue(string value)
    {
        if (value.Contains('"', StringComparison.Ordinal)) return "'" + value + "'";
        if (value.Length > 0 && (value.Contains(',', StringComparison.Ordinal) || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || value[0] == '\'' || value[^1] == '\'' || value.Contains('#', StringComparison.Ordinal)))
            return "\"" + value + "\"";
        if (value.Length == 0) return "\"\"";
        return value;
    }

    private List<KeyValuePair<string, string>>? SectionKeys(string name, bool create)
    {
        foreach (var s in _sections)
            if (s.Name == name) return s.Keys;
        if (!create) return null;
        var keys = new List<KeyValuePair<string, string>>();
        _sections.Add((name, keys));
        return keys;
    }

    private static string Unquote(string s) =>
        s.Length >= 2 && (s[0] == '"' && s[^1] == '"' || s[0] == '\'' && s[^1] == '\'') ? s[1..^1] : s;

    private static string StripComment(string value)
    {
        if (value.Length > 0 && value[0] is '"' or '\'')
        {
            var end = value.IndexOf(value[0], 1);
            return end > 0 ? value[..(end + 1)] : value;
        }
        var hash = value.IndexOf(" #", StringComparison.Ordinal);
        return hash >= 0 ? value[..hash].TrimEnd() : value;
    }

    private static ConfigException Invalid(string path, int line, string text) =>
        new($"{path}:{line}: '{text.Trim()}' is not a valid config line. Fix or remove it (sections look like [core], keys like '    remote = storage').");
}
