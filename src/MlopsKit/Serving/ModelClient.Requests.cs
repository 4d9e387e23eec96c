using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace MlopsKit.Serving;

/// <summary>Request bodies, exactly as serving.md gives them for each protocol.</summary>
public sealed partial class ModelClient
{
    // The rows' keys in the order they first appear.
    private static List<string> ColumnsOf(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = new List<string>();
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            foreach (var key in row.Keys)
                if (seen.Add(key)) columns.Add(key);
        }
        return columns;
    }

    // {"dataframe_split": {"columns": [...], "data": [[...], ...]}}; a row without a column sends null (pandas reads NaN).
    internal static byte[] MlflowBody(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<string> columns) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("dataframe_split");
        WriteNames(w, "columns", columns);
        w.WriteStartArray("data");
        foreach (var row in rows) WriteRow(w, row, columns);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    // The tutorial's form: one row is a JSON object of named features; several rows are a list of such objects.
    internal static byte[] FlaskBody(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) => Json(w =>
    {
        if (rows.Count > 1) w.WriteStartArray();
        foreach (var row in rows)
        {
            w.WriteStartObject();
            foreach (var (name, value) in row)
            {
                w.WritePropertyName(name);
                WriteValue(w, value, name);
            }
            w.WriteEndObject();
        }
        if (rows.Count > 1) w.WriteEndArray();
    });

    // {"data": {"names": [...], "ndarray": [[...], ...]}}
    internal static byte[] SeldonBody(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<string> columns) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("data");
        WriteNames(w, "names", columns);
        w.WriteStartArray("ndarray");
        foreach (var row in rows) WriteRow(w, row, columns);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    // {"inputs": [{"name": "input-0", "shape": [n, k], "datatype": "FP32", "data": [row-major values]}]}
    internal static byte[] OpenInferenceBody(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<string> columns) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("inputs");
        w.WriteStartObject();
        w.WriteString("name", "input-0");
        w.WriteStartArray("shape");
        w.WriteNumberValue(rows.Count);
        w.WriteNumberValue(columns.Count);
        w.WriteEndArray();
        w.WriteString("datatype", "FP32");
        w.WriteStartArray("data");
        foreach (var row in rows)
            foreach (var column in columns)
            {
                if (!row.TryGetValue(column, out var value))
                    throw new ArgumentException($"a row has no '{column}'; an FP32 tensor needs every column in every row.", nameof(rows));
                var f = ToSingle(value, column);
                if (!float.IsFinite(f)) throw new ArgumentException($"'{column}' is {f}, which JSON cannot carry in an FP32 tensor.", nameof(rows));
                w.WriteNumberValue(f);
            }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
            write(w);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteNames(Utf8JsonWriter w, string property, IReadOnlyList<string> names)
    {
        w.WriteStartArray(property);
        foreach (var name in names) w.WriteStringValue(name);
        w.WriteEndArray();
    }

    private static void WriteRow(Utf8JsonWriter w, IReadOnlyDictionary<string, object?> row, IReadOnlyList<string> columns)
    {
        w.WriteStartArray();
        foreach (var column in columns) WriteValue(w, row.TryGetValue(column, out var v) ? v : null, column);
        w.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter w, object? value, string column)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case JsonElement e: e.WriteTo(w); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case float or double: w.WriteNullValue(); break; // NaN/infinity: JSON has no literal; null reads back as a missing value
            case decimal m: w.WriteNumberValue(m); break;
            case ulong u: w.WriteNumberValue(u); break;
            case sbyte or byte or short or ushort or int or uint or long: w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case DateTime t: w.WriteStringValue(t); break;
            case DateTimeOffset o: w.WriteStringValue(o); break;
            case IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list) WriteValue(w, item, column);
                w.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"'{column}' holds a {value.GetType().Name}; send numbers, strings, booleans, dates, lists of them or JsonElements.");
        }
    }

    private static float ToSingle(object? value, string column) => value switch
    {
        float f => f,
        double or decimal or sbyte or byte or short or ushort or int or uint or long or ulong => Convert.ToSingle(value, CultureInfo.InvariantCulture),
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetSingle(),
        _ => throw new ArgumentException(
            $"'{column}' is {(value is null ? "null" : $"a {value.GetType().Name}")}; the V2 FP32 tensor takes numbers only. Use the MLflow or Flask protocol for other types."),
    };
}
