using System.Globalization;
using System.Text;

namespace MlopsKit.Yaml;

/// <summary>Writes <see cref="YamlNode"/>s in the block style ruamel uses for DVC files: 2-space maps, list dashes at the parent's column.</summary>
public static class YamlWriter
{
    /// <summary>Serializes a node as a YAML document with LF endings and a final newline.</summary>
    public static string Write(YamlNode node)
    {
        var sb = new StringBuilder();
        WriteBlock(sb, node, 0, inSequenceItem: false);
        return sb.ToString();
    }

    /// <summary>A scalar as ruamel would emit it: plain when safe, else single-quoted, else double-quoted with escapes.</summary>
    public static string FormatScalar(YamlScalar scalar)
    {
        var v = scalar.Value;
        if (!scalar.Quoted) return v.Length == 0 ? "" : v;
        if (CanBePlain(v)) return v;
        if (CanBeSingleQuoted(v)) return "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'";
        return DoubleQuote(v);
    }

    /// <summary>A string scalar: quoted only when YAML would otherwise read it as something else.</summary>
    public static YamlScalar Str(string value) => new(value, Quoted: true);

    /// <summary>A string written as a literal <c>|</c> block when it spans lines (shell scripts, embedded JSON), else as <see cref="Str"/>.</summary>
    public static YamlScalar Block(string value) => new(value, Quoted: true, Literal: true);

    /// <summary>An integer scalar.</summary>
    public static YamlScalar Number(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A boolean scalar.</summary>
    public static YamlScalar Bool(bool value) => new(value ? "true" : "false");

    private static void WriteBlock(StringBuilder sb, YamlNode node, int indent, bool inSequenceItem)
    {
        switch (node)
        {
            case YamlMapping map:
                var first = true;
                foreach (var (key, value) in map.Entries)
                {
                    if (!(first && inSequenceItem)) sb.Append(' ', indent);
                    first = false;
                    sb.Append(FormatScalar(Str(key))).Append(':');
                    WriteValue(sb, value, indent, isMapValue: true);
                }
                if (map.Entries.Count == 0) sb.Append("{}\n");
                break;
            case YamlSequence seq:
                var firstItem = true;
                foreach (var item in seq.Items)
                {
                    if (!(firstItem && inSequenceItem)) sb.Append(' ', indent);
                    firstItem = false;
                    sb.Append('-');
                    WriteValue(sb, item, indent + 2, isMapValue: false);
                }
                if (seq.Items.Count == 0) sb.Append("[]\n");
                break;
            case YamlScalar s:
                sb.Append(FormatScalar(s)).Append('\n');
                break;
        }
    }

    private static void WriteValue(StringBuilder sb, YamlNode value, int indent, bool isMapValue)
    {
        switch (value)
        {
            case YamlScalar { Literal: true } s when CanBeLiteral(s.Value):
                WriteLiteral(sb, s.Value, indent + 2);
                break;
            case YamlScalar s:
                var text = FormatScalar(s);
                sb.Append(text.Length == 0 ? "" : " ").Append(text).Append('\n');
                break;
            case YamlMapping { Entries.Count: 0 }:
                sb.Append(" {}\n");
                break;
            case YamlSequence { Items.Count: 0 }:
                sb.Append(" []\n");
                break;
            case YamlMapping m when isMapValue:
                sb.Append('\n');
                WriteBlock(sb, m, indent + 2, inSequenceItem: false);
                break;
            case YamlSequence q when isMapValue:
                sb.Append('\n');
                WriteBlock(sb, q, indent, inSequenceItem: false);
                break;
            default:
                sb.Append(' ');
                WriteBlock(sb, value, indent, inSequenceItem: true);
                break;
        }
    }

    // A block keeps every character as written, so it cannot hold escapes, carriage returns or lines ending in spaces (which
    // editors strip); the first line must not start with a space, which would be read as the block's indentation.
    private static bool CanBeLiteral(string v)
    {
        if (!v.Contains('\n', StringComparison.Ordinal) || v[0] is ' ' or '\n') return false;
        foreach (var line in v.Split('\n'))
            if (line.Length > 0 && char.IsWhiteSpace(line[^1])) return false;
        foreach (var c in v)
            if (c != '\n' && NeedsEscape(c)) return false;
        return true;
    }

    // "|" keeps one final newline, "|-" strips it, "|+" keeps them all.
    private static void WriteLiteral(StringBuilder sb, string v, int indent)
    {
        var body = v.TrimEnd('\n');
        var trailing = v.Length - body.Length;
        sb.Append(trailing switch { 0 => " |-", 1 => " |", _ => " |+" }).Append('\n');
        foreach (var line in body.Split('\n'))
        {
            if (line.Length > 0) sb.Append(' ', indent).Append(line);
            sb.Append('\n');
        }
        for (var i = 1; i < trailing; i++) sb.Append('\n');
    }

    private static bool CanBePlain(string v)
    {
        if (v.Length == 0 || YamlCore.ResolvesToNonString(v)) return false;
        if (char.IsWhiteSpace(v[0]) || char.IsWhiteSpace(v[^1])) return false;
        if ("#&*!|>'\"%@`,[]{}".Contains(v[0], StringComparison.Ordinal)) return false;
        if (v[0] is '-' or '?' or ':' && (v.Length == 1 || v[1] == ' ')) return false;
        if (v.StartsWith("---", StringComparison.Ordinal) || v.StartsWith("...", StringComparison.Ordinal)) return false;
        if (v.EndsWith(':') || v.Contains(": ", StringComparison.Ordinal) || v.Contains(" #", StringComparison.Ordinal)) return false;
        foreach (var c in v)
            if (NeedsEscape(c)) return false;
        return true;
    }

    private static bool CanBeSingleQuoted(string v)
    {
        foreach (var c in v)
            if (NeedsEscape(c)) return false;
        return true;
    }

    // PyYAML/ruamel's printable set with allow_unicode: everything else forces double quotes with escapes.
    private static bool NeedsEscape(char c) =>
        !(c is >= ' ' and <= '~' || c >= '\u00a0' && c != '\ufeff' && c <= '\ufffd') || c is '\u2028' or '\u2029';

    private static string DoubleQuote(string v)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in v)
        {
            var escape = c switch
            {
                '\0' => "\\0",
                '\a' => "\\a",
                '\b' => "\\b",
                '\t' => "\\t",
                '\n' => "\\n",
                '\v' => "\\v",
                '\f' => "\\f",
                '\r' => "\\r",
                '\u001b' => "\\e",
                '"' => "\\\"",
                '\\' => "\\\\",
                '\u0085' => "\\N",
                '\u2028' => "\\L",
                '\u2029' => "\\P",
                _ => null,
            };
            if (escape is not null) sb.Append(escape);
            else if (!NeedsEscape(c)) sb.Append(c);
            else if (c <= '\u00ff') sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        return sb.Append('"').ToString();
    }
}
