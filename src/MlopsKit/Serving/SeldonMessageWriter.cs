using System.Globalization;
using System.Text.Json;

namespace MlopsKit.Serving;

/// <summary>
/// Writes SeldonMessage answers (serving.md §3.2–3.3). A classifier answers its class probabilities, one column per class named
/// <c>t:0</c>, <c>t:1</c>... (a binary one <c>[1 - p, p]</c>); a regressor answers a 1-D list of scores with <c>names</c> <c>[]</c>,
/// exactly what the Python wrapper returns for a scikit-learn <c>predict</c> of shape <c>(n,)</c>. The request's representation is
/// kept (<c>ndarray</c> → <c>ndarray</c>, <c>tensor</c> → <c>tensor</c>); <c>jsonData</c> requests get a <c>tensor</c>, as the wrapper
/// answers any non-<c>data</c> request whose result is numeric. <c>meta</c> is echoed with a <c>puid</c> (kept when sent) and
/// <c>requestPath</c> <c>{"model": "model:version"}</c> added.
/// </summary>
internal static class SeldonMessageWriter
{
    public const string BadData = "MICROSERVICE_BAD_DATA";
    public const string InternalError = "MICROSERVICE_INTERNAL_ERROR";

    public static byte[] Prediction(ServedModel model, ServingLayout layout, string representation, JsonElement? meta,
        IReadOnlyList<IReadOnlyDictionary<string, object?>> predictions) => WireValues.ToBytes(w =>
    {
        var (values, width, numeric) = Primary(layout, predictions);
        w.WriteStartObject();
        w.WriteStartObject("data");
        w.WriteStartArray("names");
        for (var i = 0; i < (width ?? 0); i++) w.WriteStringValue("t:" + i.ToString(CultureInfo.InvariantCulture));
        w.WriteEndArray();
        if (representation == "tensor" && numeric)
        {
            w.WriteStartObject("tensor");
            w.WriteStartArray("shape");
            w.WriteNumberValue(values.Count);
            if (width is { } k) w.WriteNumberValue(k);
            w.WriteEndArray();
            w.WriteStartArray("values");
            foreach (var v in values) WireValues.WriteFlat(w, v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteStartArray("ndarray");
            foreach (var v in values) WireValues.Write(w, v);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        WriteMeta(w, model, meta);
        w.WriteEndObject();
    });

    public static byte[] Error(string info, string reason) => WireValues.ToBytes(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("status");
        w.WriteNumber("status", 1);
        w.WriteString("info", info);
        w.WriteNumber("code", -1);
        w.WriteString("reason", reason);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>Names of the answer's columns: <c>t:0</c>... for a vector output, none for a scalar one.</summary>
    public static IReadOnlyList<string> ClassNames(ServingLayout layout)
    {
        var (_, width, _) = Primary(layout, []);
        return Enumerable.Range(0, width is > 0 ? width.Value : 0).Select(i => "t:" + i.ToString(CultureInfo.InvariantCulture)).ToList();
    }

    // The values a Seldon answer carries per row, the vector width (null for scalars) and whether they are numbers.
    private static (List<object?> Values, int? Width, bool Numeric) Primary(ServingLayout layout, IReadOnlyList<IReadOnlyDictionary<string, object?>> predictions)
    {
        if (layout.Outputs.FirstOrDefault(o => o.Name == "Probability" && o.Width is null && o.Datatype == "FP32") is { } probability)
        {
            var pairs = predictions.Select(p => p.TryGetValue(probability.Name, out var v) && v is float f ? (object?)new[] { 1 - f, f } : null).ToList();
            return (pairs, 2, true);
        }
        var output = layout.Outputs.FirstOrDefault(o => o.Name == "Score") ?? (layout.Outputs.Count > 0 ? layout.Outputs[0] : null);
        if (output is null) return ([], null, true);
        var values = predictions.Select(p => p.TryGetValue(output.Name, out var v) ? v : null).ToList();
        var width = output.Width is null ? (int?)null : values.OfType<Array>().Select(a => (int?)a.Length).FirstOrDefault() ?? output.Width;
        return (values, width, output.Datatype is not ("BYTES" or "BOOL"));
    }

    private static void WriteMeta(Utf8JsonWriter w, ServedModel model, JsonElement? meta)
    {
        w.WriteStartObject("meta");
        string? puid = null;
        JsonElement? requestPath = null;
        if (meta is { } m)
        {
            foreach (var p in m.EnumerateObject())
            {
                if (p.NameEquals("puid") && p.Value.ValueKind == JsonValueKind.String) puid = p.Value.GetString();
                else if (p.NameEquals("requestPath")) requestPath = p.Value;
                else if (!p.NameEquals("puid")) p.WriteTo(w);
            }
        }
        w.WriteString("puid", string.IsNullOrEmpty(puid) ? Guid.NewGuid().ToString("N") : puid);
        w.WriteStartObject("requestPath");
        if (requestPath is { ValueKind: JsonValueKind.Object } path)
            foreach (var p in path.EnumerateObject())
                if (!p.NameEquals(model.Name)) p.WriteTo(w);
        w.WriteString(model.Name, $"{model.Name}:{model.Version}");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
