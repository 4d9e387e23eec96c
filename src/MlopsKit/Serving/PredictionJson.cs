using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MlopsKit.Serving;

/// <summary>
/// Writes model outputs as JSON: float32 values in their shortest round-trip form as float32 prints them (<c>152.13</c>, not
/// <c>152.1300048828125</c>), NaN and infinities as <c>null</c> (JSON has no NaN), vectors as lists, text as strings.
/// </summary>
internal static class PredictionJson
{
    /// <summary>ML.NET's predicted-label column (classifiers, clustering).</summary>
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>ML.NET's score column: the value for regressors, per-class scores (probabilities for multiclass trainers) for classifiers.</summary>
    public const string Score = "Score";

    /// <summary>ML.NET's calibrated probability of the positive class (binary classifiers).</summary>
    public const string Probability = "Probability";

    /// <summary>Writes one value of any type the scorer returns.</summary>
    public static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case float or double: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string s: w.WriteStringValue(s); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case uint u: w.WriteNumberValue(u); break;
            case ulong u: w.WriteNumberValue(u); break;
            case short or ushort or sbyte or byte: w.WriteNumberValue(Convert.ToInt32(value, CultureInfo.InvariantCulture)); break;
            case DateTime t: w.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset o: w.WriteStringValue(o.ToString("O", CultureInfo.InvariantCulture)); break;
            case JsonElement e: e.WriteTo(w); break;
            case IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list) WriteValue(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>
    /// The per-row result clients expect: the predicted label for classifiers (as sklearn's pyfunc returns labels), the only
    /// output column's value for single-output models (the number for regressors), else null (the caller writes row objects).
    /// </summary>
    public static string? ResultColumn(IReadOnlyList<IReadOnlyDictionary<string, object?>> outputs)
    {
        if (outputs.Count == 0) return null;
        var first = outputs[0];
        if (first.ContainsKey(PredictedLabel)) return PredictedLabel;
        if (first.Count == 1) return first.Keys.First();
        return null;
    }

    /// <summary>Writes a list with one entry per row: the result column's value, or the whole row as an object.</summary>
    public static void WriteResults(Utf8JsonWriter w, IReadOnlyList<IReadOnlyDictionary<string, object?>> outputs)
    {
        var column = ResultColumn(outputs);
        w.WriteStartArray();
        foreach (var row in outputs)
        {
            if (column is not null)
            {
                WriteValue(w, row.TryGetValue(column, out var v) ? v : null);
                continue;
            }
            w.WriteStartObject();
            foreach (var (name, value) in row)
            {
                w.WritePropertyName(name);
                WriteValue(w, value);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Sends a JSON body built by <paramref name="write"/> with the given status.</summary>
    public static async Task SendAsync(HttpResponse response, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
            write(w);
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
