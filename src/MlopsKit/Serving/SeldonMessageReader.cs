using System.Text.Json;

namespace MlopsKit.Serving;

/// <summary>
/// Reads a SeldonMessage body into rows (serving.md §3.2): <c>data.ndarray</c> rows in signature order or by <c>data.names</c>,
/// <c>data.tensor</c> reshaped row-major, or <c>jsonData</c> objects of named features. The first of <c>data</c>, <c>jsonData</c>,
/// <c>strData</c>, <c>binData</c> wins, as in the Seldon wrapper. Every problem throws <see cref="ProtocolInputException"/>.
/// </summary>
internal static class SeldonMessageReader
{
    public static SeldonRequest Read(JsonElement body, ServingLayout layout)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw new ProtocolInputException($"Invalid request data type: a SeldonMessage must be a JSON object such as {{\"data\": {{\"ndarray\": [[...]]}}}}, got {ServingLayout.Kind(body)}.");
        JsonElement? meta = null;
        if (body.TryGetProperty("meta", out var m))
        {
            if (m.ValueKind == JsonValueKind.Object) meta = m;
            else if (m.ValueKind != JsonValueKind.Null) throw new ProtocolInputException($"Invalid meta: 'meta' must be an object, got {ServingLayout.Kind(m)}.");
        }
        if (body.TryGetProperty("data", out var data)) return ReadData(data, layout, meta);
        if (body.TryGetProperty("jsonData", out var json)) return new SeldonRequest(ReadJsonData(json, layout), "tensor", meta);
        if (body.TryGetProperty("strData", out _) || body.TryGetProperty("binData", out _))
            throw new ProtocolInputException($"strData and binData are not supported: this model scores numeric features; send data.ndarray, data.tensor or jsonData with {Features(layout)}.");
        throw new ProtocolInputException("Invalid request: the SeldonMessage has none of data, jsonData, strData or binData; send e.g. {\"data\": {\"ndarray\": [[...]]}}.");
    }

    private static SeldonRequest ReadData(JsonElement data, ServingLayout layout, JsonElement? meta)
    {
        if (data.ValueKind != JsonValueKind.Object)
            throw new ProtocolInputException($"Invalid data: 'data' must be an object with 'ndarray' or 'tensor', got {ServingLayout.Kind(data)}.");
        var columns = Columns(data, layout);
        if (data.TryGetProperty("ndarray", out var ndarray)) return new SeldonRequest(ReadNdarray(ndarray, columns), "ndarray", meta);
        if (data.TryGetProperty("tensor", out var tensor)) return new SeldonRequest(ReadTensor(tensor, columns), "tensor", meta);
        if (data.TryGetProperty("tftensor", out _))
            throw new ProtocolInputException("data.tftensor is not supported by this server; send data.ndarray or data.tensor.");
        throw new ProtocolInputException("Invalid data: 'data' has neither 'ndarray' nor 'tensor'.");
    }

    // data.names maps positions to features; absent or empty means the signature's order.
    private static List<InputColumn> Columns(JsonElement data, ServingLayout layout)
    {
        if (!data.TryGetProperty("names", out var names) || names.ValueKind == JsonValueKind.Null || names.ValueKind == JsonValueKind.Array && names.GetArrayLength() == 0)
            return [.. layout.Inputs];
        if (names.ValueKind != JsonValueKind.Array) throw new ProtocolInputException($"Invalid data.names: expected a list of feature names, got {ServingLayout.Kind(names)}.");
        var columns = new List<InputColumn>();
        foreach (var name in names.EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String) throw new ProtocolInputException($"Invalid data.names: every name must be a string, got {ServingLayout.Short(name)}.");
            var column = layout.Input(name.GetString()!) ?? throw new ProtocolInputException($"Unknown feature name '{name.GetString()}' in data.names; the model takes {Features(layout)}.");
            if (columns.Contains(column)) throw new ProtocolInputException($"Feature '{column.Name}' appears twice in data.names.");
            columns.Add(column);
        }
        CheckComplete(columns.Select(c => c.Name), layout, "data.names");
        return columns;
    }

    private static List<IReadOnlyDictionary<string, object?>> ReadNdarray(JsonElement ndarray, List<InputColumn> columns)
    {
        if (ndarray.ValueKind != JsonValueKind.Array)
            throw new ProtocolInputException($"Invalid data.ndarray: expected a list of rows, got {ServingLayout.Kind(ndarray)}.");
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        var index = 0;
        foreach (var row in ndarray.EnumerateArray())
        {
            var where = $"data.ndarray row {index}";
            if (row.ValueKind != JsonValueKind.Array)
                throw new ProtocolInputException($"Invalid shape: {where} is {ServingLayout.Kind(row)}; data.ndarray must be a 2-D list, one row of {columns.Count} features per prediction.");
            if (row.GetArrayLength() != columns.Count)
                throw new ProtocolInputException($"Wrong feature count: {where} has {row.GetArrayLength()} values but the model takes {columns.Count} ({string.Join(", ", columns.Select(c => c.Name))}).");
            var values = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
            var c = 0;
            foreach (var cell in row.EnumerateArray())
            {
                ServingLayout.CheckCell(columns[c], cell, where);
                values[columns[c++].Name] = cell;
            }
            rows.Add(values);
            index++;
        }
        return rows;
    }

    private static List<IReadOnlyDictionary<string, object?>> ReadTensor(JsonElement tensor, List<InputColumn> columns)
    {
        if (tensor.ValueKind != JsonValueKind.Object) throw new ProtocolInputException($"Invalid data.tensor: expected {{\"shape\": [...], \"values\": [...]}}, got {ServingLayout.Kind(tensor)}.");
        if (!tensor.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
            throw new ProtocolInputException("Invalid data.tensor: 'shape' must be a list of dimensions such as [1, 4].");
        if (!tensor.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
            throw new ProtocolInputException("Invalid data.tensor: 'values' must be a flat list of numbers.");
        var dims = new List<long>();
        foreach (var d in shape.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var n) || n < 0)
                throw new ProtocolInputException($"Invalid data.tensor.shape: dimensions must be non-negative integers, got {ServingLayout.Short(d)}.");
            dims.Add(n);
        }
        if (dims.Count != 2 || dims[1] != columns.Count)
            throw new ProtocolInputException($"Invalid shape [{string.Join(", ", dims)}]: data.tensor.shape must be [rows, {columns.Count}] for the model's {columns.Count} features.");
        long count;
        try
        {
            count = checked(dims[0] * dims[1]);
        }
        catch (OverflowException)
        {
            throw new ProtocolInputException($"Invalid shape [{dims[0]}, {dims[1]}]: the element count overflows.");
        }
        if (count != values.GetArrayLength())
            throw new ProtocolInputException($"Invalid shape: data.tensor.shape [{dims[0]}, {dims[1]}] needs {count} values but 'values' has {values.GetArrayLength()}.");
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        Dictionary<string, object?>? current = null;
        var i = 0;
        foreach (var cell in values.EnumerateArray())
        {
            var column = columns[i % columns.Count];
            if (cell.ValueKind != JsonValueKind.Number || !cell.TryGetDouble(out var value) || !double.IsFinite(value))
                throw new ProtocolInputException($"Invalid data.tensor.values: value {i} is {ServingLayout.Kind(cell)} {ServingLayout.Short(cell)}; tensor values are finite numbers.");
            ServingLayout.CheckCell(column, cell, $"data.tensor.values[{i}]");
            if (i % columns.Count == 0) rows.Add(current = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal));
            current![column.Name] = cell;
            i++;
        }
        return rows;
    }

    private static List<IReadOnlyDictionary<string, object?>> ReadJsonData(JsonElement json, ServingLayout layout)
    {
        var items = json.ValueKind switch
        {
            JsonValueKind.Object => [json],
            JsonValueKind.Array => json.EnumerateArray().ToList(),
            _ => throw new ProtocolInputException($"Invalid jsonData: expected an object of named features or a list of them, got {ServingLayout.Kind(json)}."),
        };
        var rows = new List<IReadOnlyDictionary<string, object?>>(items.Count);
        for (var r = 0; r < items.Count; r++)
        {
            var where = items.Count == 1 && json.ValueKind == JsonValueKind.Object ? "jsonData" : $"jsonData[{r}]";
            if (items[r].ValueKind != JsonValueKind.Object)
                throw new ProtocolInputException($"Invalid {where}: expected an object of named features, got {ServingLayout.Kind(items[r])}.");
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in items[r].EnumerateObject())
            {
                var column = layout.Input(p.Name) ?? throw new ProtocolInputException($"Unknown feature name '{p.Name}' in {where}; the model takes {Features(layout)}.");
                ServingLayout.CheckCell(column, p.Value, where);
                row[p.Name] = p.Value;
            }
            CheckComplete(row.Keys, layout, where);
            rows.Add(row);
        }
        return rows;
    }

    private static void CheckComplete(IEnumerable<string> names, ServingLayout layout, string where)
    {
        var given = names.ToHashSet(StringComparer.Ordinal);
        var missing = layout.Inputs.Where(i => i.Required && !given.Contains(i.Name)).Select(i => i.Name).ToList();
        if (missing.Count > 0)
            throw new ProtocolInputException($"Wrong feature count: {where} is missing {string.Join(", ", missing.Select(n => $"'{n}'"))}; the model takes {Features(layout)}.");
    }

    public static string Features(ServingLayout layout) => string.Join(", ", layout.Inputs.Select(i => i.Name));
}
