using System.Globalization;
using System.Text.RegularExpressions;

namespace MlopsKit.Yaml;

/// <summary>YAML 1.2 core-schema typing of plain scalars, as ruamel (DVC's YAML library) resolves them.</summary>
public static partial class YamlCore
{
    /// <summary>True when a plain scalar with this text would be read as something other than a string.</summary>
    public static bool ResolvesToNonString(string text) =>
        text.Length == 0 || NullPattern().IsMatch(text) || BoolPattern().IsMatch(text) || IntPattern().IsMatch(text) || FloatPattern().IsMatch(text);

    /// <summary>The typed value of a scalar: null, bool, long, double or string.</summary>
    public static object? Value(YamlScalar scalar)
    {
        if (scalar.Quoted) return scalar.Value;
        var t = scalar.Value;
        if (t.Length == 0 || NullPattern().IsMatch(t)) return null;
        if (BoolPattern().IsMatch(t)) return t[0] is 't' or 'T';
        if (IntPattern().IsMatch(t))
        {
            var clean = t.Replace("_", "", StringComparison.Ordinal);
            var negative = clean.StartsWith('-');
            var body = clean.TrimStart('+', '-');
            long value;
            if (body.StartsWith("0x", StringComparison.Ordinal)) value = long.Parse(body[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            else if (body.StartsWith("0o", StringComparison.Ordinal)) value = Convert.ToInt64(body[2..], 8);
            else if (body.StartsWith("0b", StringComparison.Ordinal)) value = Convert.ToInt64(body[2..], 2);
            else if (!long.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out value)) return double.Parse(clean, CultureInfo.InvariantCulture);
            return negative ? -value : value;
        }
        if (FloatPattern().IsMatch(t))
        {
            var lower = t.ToLowerInvariant().Replace("_", "", StringComparison.Ordinal);
            if (lower.EndsWith(".inf", StringComparison.Ordinal)) return lower.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
            if (lower == ".nan") return double.NaN;
            return double.Parse(lower, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return t;
    }

    [GeneratedRegex("^(~|null|Null|NULL)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex BoolPattern();

    [GeneratedRegex("^([-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^([-+]?([0-9][0-9_]*)\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?([0-9][0-9_]*)([eE][-+]?[0-9]+)|\.[0-9_]+([eE][-+][0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();
}
