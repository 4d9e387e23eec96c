using System.Text.Json;

namespace MlopsKit.Serving;

/// <summary>
/// Reads an Open Inference request into rows. Two styles: one tensor whose name is not a feature (e.g. <c>input-0</c>) of shape
/// <c>[rows, n]</c> carrying all n features in signature order (only when every feature is numeric), or one tensor per feature,
/// named by the feature, of shape <c>[rows]</c> or <c>[rows, 1]</c>. Every problem throws <see cref="ProtocolInputException"/>.
/// </summary>
internal static class InferenceRequestReader
{
    public static InferenceRequest Read(JsonElement body, ServingLayout layout)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw new ProtocolInputException($"the request must be a JSON object with an 'inputs' list, got {ServingLayout.Kind(body)}.");
        string? id = null;
        if (body.TryGetProperty("id", out var idJson) && idJson.ValueKind != JsonValueKind.Null)
            id = idJson.ValueKind == JsonValueKind.String ? idJson.GetString() : throw new ProtocolInputException("'id' must be a string.");
        if (body.TryGetProperty("parameters", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            throw new ProtocolInputException("'parameters' must be an object.");
        if (!body.TryGetProperty("inputs", out var inputsJson) || inputsJson.ValueKind != JsonValueKind.Array || inputsJson.GetArrayLength() == 0)
            throw new ProtocolInputException("'inputs' must be a non-empty list of tensors.");
        var tensors = inputsJson.EnumerateArray().Select(InferenceTensor.Read).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tensors)
            if (!names.Add(t.Name)) throw new ProtocolInputException($"input '{t.Name}' appears twice.");
        var rows = tensors.Count == 1 && layout.Input(tensors[0].Name) is null ? Matrix(tensors[0], layout) : PerColumn(tensors, layout);
        return new InferenceRequest(id, rows, Outputs(body, layout));
    }

    private static List<IReadOnlyDictionary<string, object?>> Matrix(InferenceTensor t, ServingLayout layout)
    {
        var n = layout.Inputs.Count;
        if (!layout.AllNumeric)
            throw new ProtocolInputException($"input '{t.Name}' is not a feature of the model, and a single matrix input needs all-numeric features; send one tensor per feature: {SeldonMessageReader.Features(layout)}.");
        if (t.Shape.Length != 2 || t.Shape[1] != n)
            throw new ProtocolInputException($"input '{t.Name}': shape [{string.Join(", ", t.Shape)}] must be [rows, {n}] for the model's {n} features ({SeldonMessageReader.Features(layout)}).");
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        for (var r = 0; r < t.Data.Count / n; r++)
        {
            var row = new Dictionary<string, object?>(n, StringComparer.Ordinal);
            for (var c = 0; c < n; c++)
            {
                var cell = t.Data[r * n + c];
                ServingLayout.CheckCell(layout.Inputs[c], cell, $"input '{t.Name}' row {r}");
                row[layout.Inputs[c].Name] = cell;
            }
            rows.Add(row);
        }
        return rows;
    }

    private static List<IReadOnlyDictionary<string, object?>> PerColumn(List<InferenceTensor> tensors, ServingLayout layout)
    {
        long? count = null;
        foreach (var t in tensors)
        {
            if (layout.Input(t.Name) is null)
                throw new ProtocolInputException($"unknown input '{t.Name}'; the model takes {SeldonMessageReader.Features(layout)} (one tensor each), or one FP32 tensor 'input-0' of shape [rows, {layout.Inputs.Count}].");
            if (!(t.Shape.Length == 1 || t.Shape.Length == 2 && t.Shape[1] == 1))
                throw new ProtocolInputException($"input '{t.Name}': shape [{string.Join(", ", t.Shape)}] must be [rows] or [rows, 1] for a single feature.");
            if (count is { } c && c != t.Shape[0])
                throw new ProtocolInputException($"input '{t.Name}' has {t.Shape[0]} rows but the other inputs have {c}.");
            count = t.Shape[0];
        }
        var missing = layout.Inputs.Where(i => i.Required && !tensors.Any(t => t.Name == i.Name)).Select(i => $"'{i.Name}'").ToList();
        if (missing.Count > 0) throw new ProtocolInputException($"missing input {string.Join(", ", missing)}; the model takes {SeldonMessageReader.Features(layout)}.");
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        for (var r = 0; r < (int)count!.Value; r++)
        {
            var row = new Dictionary<string, object?>(tensors.Count, StringComparer.Ordinal);
            foreach (var t in tensors)
            {
                ServingLayout.CheckCell(layout.Input(t.Name)!, t.Data[r], $"input '{t.Name}' row {r}");
                row[t.Name] = t.Data[r];
            }
            rows.Add(row);
        }
        return rows;
    }

    private static List<string>? Outputs(JsonElement body, ServingLayout layout)
    {
        if (!body.TryGetProperty("outputs", out var outputs) || outputs.ValueKind == JsonValueKind.Null) return null;
        if (outputs.ValueKind != JsonValueKind.Array) throw new ProtocolInputException("'outputs' must be a list of {\"name\": ...} objects.");
        var names = new List<string>();
        foreach (var o in outputs.EnumerateArray())
        {
            if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String)
                throw new ProtocolInputException("every entry of 'outputs' must be an object with a string 'name'.");
            var name = n.GetString()!;
            if (!layout.Outputs.Any(x => x.Name == name))
                throw new ProtocolInputException($"unknown output '{name}'; the model has {string.Join(", ", layout.Outputs.Select(x => x.Name))}.");
            if (!names.Contains(name)) names.Add(name);
        }
        return names;
    }
}
