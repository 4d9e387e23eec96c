using System.Globalization;

namespace MlopsKit.Tracking;

/// <summary>Formats values the way Python's <c>str()</c> does, so params logged from C# compare equal to those logged by MLflow's Python client.</summary>
public static class PythonText
{
    /// <summary><c>True</c>/<c>False</c>, <c>None</c>, <c>1.0</c> for a whole double, <c>1e-05</c>, <c>nan</c>, <c>inf</c>; other values via invariant culture.</summary>
    public static string Format(object? value) => value switch
    {
        null => "None",
        string s => s,
        bool b => b ? "True" : "False",
        double d => FormatDouble(d),
        float f => FormatDouble(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        // Shortest round-trip digits from .NET, laid out by Python's repr rule: positional when -4 <= exponent < 16.
        var shortest = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent) = Decompose(shortest);
        var sign = d < 0 ? "-" : "";
        if (exponent is >= -4 and < 16)
        {
            string body;
            if (exponent >= digits.Length - 1) body = digits + new string('0', exponent - digits.Length + 1) + ".0";
            else if (exponent >= 0) body = digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
            else body = "0." + new string('0', -exponent - 1) + digits;
            return sign + body;
        }
        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
    }

    /// <summary>Significant digits (no trailing zeros) and the power of ten of the first digit.</summary>
    private static (string Digits, int Exponent) Decompose(string text)
    {
        var e = text.IndexOfAny(['E', 'e']);
        var exp = e >= 0 ? int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture) : 0;
        var mantissa = e >= 0 ? text[..e] : text;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var frac = dot >= 0 ? mantissa[(dot + 1)..] : "";
        var all = intPart + frac;
        var lead = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        return (digits.Length == 0 ? "0" : digits, exp + intPart.Length - 1 - lead);
    }
}
