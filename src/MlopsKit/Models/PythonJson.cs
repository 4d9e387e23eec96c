using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlopsKit.Models;

/// <summary>Writes JSON exactly as Python's <c>json.dumps</c> does with its defaults, the form MLflow stores in MLmodel and example files.</summary>
/// <remarks>
/// Separators are <c>", "</c> and <c>": "</c>, non-ASCII characters are escaped (<c>ensure_ascii</c>), floats use Python's
/// <c>repr</c> (<c>1.0</c>, <c>1e-05</c>, <c>1e+16</c>) and NaN/Infinity are written bare as Python does.
/// </remarks>
internal static class PythonJson
{
    /// <summary>A JSON node as Python would dump the equivalent dict/list.</summary>
    public static string Dumps(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    /// <summary>Appends one value: a <see cref="JsonNode"/>, a CLR primitive, a string, or a list of those.</summary>
    public static void WriteValue(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case JsonNode node: Write(sb, node); break;
            case string s: WriteString(sb, s); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case float f: sb.Append(FloatRepr(f)); break;
            case double d: sb.Append(DoubleRepr(d)); break;
            case DateTime t: WriteString(sb, t.ToString(t.TimeOfDay.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-ddTHH:mm:ss" : "yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset o: WriteValue(sb, o.UtcDateTime); break;
            case sbyte or byte or short or ushort or int or uint or long or ulong:
                sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case System.Collections.IEnumerable list:
                sb.Append('[');
                var first = true;
                foreach (var item in list)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    WriteValue(sb, item);
                }
                sb.Append(']');
                break;
            default: WriteString(sb, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""); break;
        }
    }

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null: sb.Append("null"); break;
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    WriteString(sb, key);
                    sb.Append(": ");
                    Write(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    Write(sb, array[i]);
                }
                sb.Append(']');
                break;
            case JsonValue value:
                WriteJsonValue(sb, value);
                break;
        }
    }

    private static void WriteJsonValue(StringBuilder sb, JsonValue value)
    {
        // Parsed values wrap a JsonElement; values built in code wrap the CLR primitive itself.
        if (value.TryGetValue<JsonElement>(out var element)) WriteElement(sb, element);
        else WriteValue(sb, value.GetValue<object>());
    }

    private static void WriteElement(StringBuilder sb, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: WriteString(sb, e.GetString()!); break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            case JsonValueKind.Null: sb.Append("null"); break;
            case JsonValueKind.Number:
                var raw = e.GetRawText();
                // Python keeps integers as integers and re-prints floats with repr.
                if (raw.AsSpan().IndexOfAny(".eE") < 0) sb.Append(raw);
                else sb.Append(DoubleRepr(e.GetDouble()));
                break;
            default: Write(sb, JsonNode.Parse(e.GetRawText())); break;
        }
    }

    /// <summary>Python's <c>json.dumps</c> string: quotes, backslashes and control characters escaped, non-ASCII as <c>\uXXXX</c>.</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ' || c > '~') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Python's <c>repr(float(x))</c> of a float32 value, using the shortest digits that read back as the same float32.</summary>
    public static string FloatRepr(float value) =>
        float.IsFinite(value) ? Repr(value.ToString("R", CultureInfo.InvariantCulture)) : NonFinite(value);

    /// <summary>Python's <c>repr</c> of a double.</summary>
    public static string DoubleRepr(double value) =>
        double.IsFinite(value) ? Repr(value.ToString("R", CultureInfo.InvariantCulture)) : NonFinite(value);

    private static string NonFinite(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    // Re-formats .NET's shortest round-trip text with Python's rule: fixed notation when -4 <= exponent < 16, else d.ddde+XX.
    private static string Repr(string dotnet)
    {
        var negative = dotnet.StartsWith('-');
        var body = negative ? dotnet[1..] : dotnet;
        var exponent = 0;
        var e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? body : body[..dot];
        var digits = (intPart + (dot < 0 ? "" : body[(dot + 1)..])).TrimStart('0');
        var leadingZeros = (intPart + (dot < 0 ? "" : body[(dot + 1)..])).Length - digits.Length;
        // Position of the decimal point relative to the first significant digit.
        var decpt = intPart.Length + exponent - leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) return negative ? "-0.0" : "0.0";
        string text;
        if (decpt > -4 && decpt <= 16)
        {
            if (decpt <= 0) text = "0." + new string('0', -decpt) + digits;
            else if (decpt >= digits.Length) text = digits + new string('0', decpt - digits.Length) + ".0";
            else text = digits[..decpt] + "." + digits[decpt..];
        }
        else
        {
            var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            var exp = decpt - 1;
            text = mantissa + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        }
        return negative ? "-" + text : text;
    }
}
