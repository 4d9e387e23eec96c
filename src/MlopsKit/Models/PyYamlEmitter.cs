using System.Text;
using System.Text.RegularExpressions;
using MlopsKit.Yaml;

namespace MlopsKit.Models;

/// <summary>Writes <see cref="YamlNode"/>s the way PyYAML's <c>safe_dump(default_flow_style=False)</c> does, which is how MLflow writes MLmodel.</summary>
/// <remarks>
/// The project's <see cref="YamlWriter"/> follows ruamel (DVC's library); MLflow uses PyYAML, which differs in three visible ways:
/// mapping keys are sorted, long plain and single-quoted scalars are folded at column 80 (continuation lines indented two
/// columns past their key), and strings that YAML 1.1 would read as something else (timestamps such as
/// <c>2025-01-15 10:30:45.123456</c>, <c>yes</c>, <c>on</c>) are quoted. Non-ASCII text is double-quoted with escapes, as
/// PyYAML does without <c>allow_unicode</c>. Strings with line breaks are double-quoted (PyYAML would fold them); both read back equal.
/// </remarks>
internal sealed partial class PyYamlEmitter
{
    private const int BestWidth = 80;
    private readonly StringBuilder _sb = new();
    private int _column;

    /// <summary>The YAML document for a node, with LF line endings and a final newline.</summary>
    public static string Dump(YamlNode node)
    {
        var emitter = new PyYamlEmitter();
        emitter.WriteRoot(node);
        return emitter._sb.ToString();
    }

    private void WriteRoot(YamlNode node)
    {
        switch (node)
        {
            case YamlMapping { Entries.Count: > 0 } map: WriteMapping(map, 0, firstInline: false); break;
            case YamlSequence { Items.Count: > 0 } seq: WriteSequence(seq, 0, firstInline: false); break;
            case YamlMapping: Write("{}"); NewLine(); break;
            case YamlSequence: Write("[]"); NewLine(); break;
            case YamlScalar s: WriteScalar(s, 0, split: true, afterIndicator: true); NewLine(); break;
        }
    }

    private void WriteMapping(YamlMapping map, int indent, bool firstInline)
    {
        var first = true;
        foreach (var (key, value) in map.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!(first && firstInline)) Write(new string(' ', indent));
            first = false;
            WriteScalar(new YamlScalar(key, Quoted: true), indent, split: false, afterIndicator: true);
            Write(":");
            WriteValue(value, indent, inMapping: true);
        }
    }

    private void WriteSequence(YamlSequence seq, int indent, bool firstInline)
    {
        var first = true;
        foreach (var item in seq.Items)
        {
            if (!(first && firstInline)) Write(new string(' ', indent));
            first = false;
            Write("-");
            WriteValue(item, indent, inMapping: false);
        }
    }

    // indent: the indentation of the key (or of the dash) that owns the value.
    private void WriteValue(YamlNode value, int indent, bool inMapping)
    {
        switch (value)
        {
            case YamlScalar s:
                WriteScalar(s, indent + 2, split: true, afterIndicator: false);
                NewLine();
                break;
            case YamlMapping { Entries.Count: 0 }: Write(" {}"); NewLine(); break;
            case YamlSequence { Items.Count: 0 }: Write(" []"); NewLine(); break;
            case YamlMapping m when inMapping:
                NewLine();
                WriteMapping(m, indent + 2, firstInline: false);
                break;
            case YamlSequence q when inMapping:
                // PyYAML writes sequences inside mappings without extra indentation.
                NewLine();
                WriteSequence(q, indent, firstInline: false);
                break;
            case YamlMapping m:
                Write(" ");
                WriteMapping(m, indent + 2, firstInline: true);
                break;
            case YamlSequence q:
                Write(" ");
                WriteSequence(q, indent + 2, firstInline: true);
                break;
        }
    }

    // afterIndicator: false right after "key:" or "-", where PyYAML inserts the separating space itself.
    private void WriteScalar(YamlScalar scalar, int indent, bool split, bool afterIndicator)
    {
        var text = scalar.Value;
        if (!scalar.Quoted)
        {
            if (text.Length == 0) text = "null";
            WritePlain(text, indent, split, afterIndicator);
            return;
        }
        if (text.Length == 0)
        {
            Write(afterIndicator ? "''" : " ''");
            return;
        }
        var printable = text.All(c => c is >= ' ' and <= '~');
        if (printable && CanBePlain(text)) WritePlain(text, indent, split, afterIndicator);
        else if (printable) WriteSingleQuoted(text, indent, split, afterIndicator);
        else Write((afterIndicator ? "" : " ") + DoubleQuoted(text));
    }

    private void WritePlain(string text, int indent, bool split, bool afterIndicator)
    {
        if (!afterIndicator) Write(" ");
        var spaces = false;
        var start = 0;
        for (var end = 0; end <= text.Length; end++)
        {
            char? ch = end < text.Length ? text[end] : null;
            if (spaces)
            {
                if (ch != ' ')
                {
                    if (start + 1 == end && _column > BestWidth && split) NewLine(indent);
                    else Write(text[start..end]);
                    start = end;
                }
            }
            else if (ch is null or ' ')
            {
                Write(text[start..end]);
                start = end;
            }
            if (ch is not null) spaces = ch == ' ';
        }
    }

    private void WriteSingleQuoted(string text, int indent, bool split, bool afterIndicator)
    {
        Write(afterIndicator ? "'" : " '");
        var spaces = false;
        var start = 0;
        for (var end = 0; end <= text.Length; end++)
        {
            char? ch = end < text.Length ? text[end] : null;
            if (spaces)
            {
                if (ch != ' ')
                {
                    if (start + 1 == end && _column > BestWidth && split && start != 0 && end != text.Length) NewLine(indent);
                    else Write(text[start..end]);
                    start = end;
                }
            }
            else if (ch is null or ' ' or '\'')
            {
                if (start < end) Write(text[start..end]);
                start = end;
            }
            if (ch == '\'')
            {
                Write("''");
                start = end + 1;
            }
            if (ch is not null) spaces = ch == ' ';
        }
        Write("'");
    }

    // PyYAML's analyze_scalar for a printable ASCII string in block context, plus its YAML 1.1 implicit resolvers (a string
    // that would read back as another type cannot be plain).
    private static bool CanBePlain(string text)
    {
        if (Yaml11NonString().IsMatch(text)) return false;
        if (text.StartsWith("---", StringComparison.Ordinal) || text.StartsWith("...", StringComparison.Ordinal)) return false;
        if (text[0] == ' ' || text[^1] == ' ') return false;
        if ("#,[]{}&*!|>'\"%@`".Contains(text[0], StringComparison.Ordinal)) return false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var followedBySpace = i + 1 >= text.Length || text[i + 1] == ' ';
            if (i == 0 && c is '?' or '-' && followedBySpace) return false;
            if (c == ':' && followedBySpace) return false;
            if (c == '#' && i > 0 && text[i - 1] == ' ') return false;
        }
        return true;
    }

    private static string DoubleQuoted(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                case '\0': sb.Append("\\0"); break;
                default:
                    if (c is >= ' ' and <= '~') sb.Append(c);
                    else if (c <= '\u00ff') sb.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private void Write(string text)
    {
        _sb.Append(text);
        _column += text.Length;
    }

    private void NewLine(int indent = 0)
    {
        _sb.Append('\n');
        _sb.Append(' ', indent);
        _column = indent;
    }

    // bool, int, float, null, timestamp, merge and value tags of PyYAML's resolver (YAML 1.1).
    [GeneratedRegex(@"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
        + @"|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
        + @"|[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
        + @"|~|null|Null|NULL|<<|="
        + @"|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$")]
    private static partial Regex Yaml11NonString();
}
