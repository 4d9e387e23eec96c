using System.Text.Json;

namespace MlopsKit.Serving;

/// <summary>
/// One Open Inference input tensor read and checked (serving.md §4.2): non-negative integer <c>shape</c>, a known <c>datatype</c>,
/// <c>data</c> flat or nested to match the shape, every element of the datatype and in its range, and as many elements as the
/// shape's product. Elements stay <see cref="JsonElement"/>s, so the scorer reads them as the signature's types.
/// </summary>
internal sealed class InferenceTensor
{
    private InferenceTensor(string name, string datatype, long[] shape, List<JsonElement> data)
    {
        Name = name;
        Datatype = datatype;
        Shape = shape;
        Data = data;
    }

    public string Name { get; }

    public string Datatype { get; }

    public long[] Shape { get; }

    /// <summary>The elements, row-major.</summary>
    public List<JsonElement> Data { get; }

    public static InferenceTensor Read(JsonElement input, int index)
    {
        var where = $"inputs[{index}]";
        if (input.ValueKind != JsonValueKind.Object) throw new ProtocolInputException($"{where} must be an object with name, shape, datatype and data, got {ServingLayout.Kind(input)}.");
        var name = Text(input, "name", where);
        where = $"input '{name}'";
        var datatype = Text(input, "datatype", where);
        if (datatype is "FP16" or "BF16") throw new ProtocolInputException($"{where}: datatype {datatype} has no JSON form; send FP32 or FP64.");
        if (!IsKnown(datatype)) throw new ProtocolInputException($"{where}: unknown datatype '{datatype}'; use BOOL, UINT8-64, INT8-64, FP32, FP64 or BYTES.");
        if (!input.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array)
            throw new ProtocolInputException($"{where}: 'shape' must be a list of non-negative integers.");
        var shape = new long[shapeJson.GetArrayLength()];
        var i = 0;
        foreach (var d in shapeJson.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var n) || n < 0)
                throw new ProtocolInputException($"{where}: shape dimensions must be non-negative integers, got {ServingLayout.Short(d)}.");
            shape[i++] = n;
        }
        if (input.TryGetProperty("parameters", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            throw new ProtocolInputException($"{where}: 'parameters' must be an object.");
        if (!input.TryGetProperty("data", out var dataJson) || dataJson.ValueKind != JsonValueKind.Array)
            throw new ProtocolInputException($"{where}: 'data' must be a list (flat or nested to match the shape).");
        var expected = 1L;
        foreach (var d in shape)
        {
            try
            {
                expected = checked(expected * d);
            }
            catch (OverflowException)
            {
                throw new ProtocolInputException($"{where}: shape [{string.Join(", ", shape)}] has too many elements.");
            }
        }
        var data = new List<JsonElement>();
        var nested = dataJson.GetArrayLength() > 0 && dataJson[0].ValueKind == JsonValueKind.Array;
        if (nested) Flatten(dataJson, shape, 0, data, where);
        else
        {
            foreach (var e in dataJson.EnumerateArray())
            {
                if (e.ValueKind == JsonValueKind.Array) throw new ProtocolInputException($"{where}: 'data' mixes numbers and lists; send it flat or nested to match shape [{string.Join(", ", shape)}].");
                data.Add(e);
            }
        }
        if (data.Count != expected)
            throw new ProtocolInputException($"{where}: shape [{string.Join(", ", shape)}] needs {expected} elements but 'data' has {data.Count}.");
        for (var k = 0; k < data.Count; k++) CheckElement(datatype, data[k], where, k);
        return new InferenceTensor(name, datatype, shape, data);
    }

    private static void Flatten(JsonElement list, long[] shape, int level, List<JsonElement> into, string where)
    {
        if (level >= shape.Length || list.GetArrayLength() != shape[level])
            throw new ProtocolInputException($"{where}: nested 'data' does not match shape [{string.Join(", ", shape)}] at depth {level}.");
        foreach (var e in list.EnumerateArray())
        {
            if (level == shape.Length - 1)
            {
                if (e.ValueKind == JsonValueKind.Array) throw new ProtocolInputException($"{where}: nested 'data' is deeper than shape [{string.Join(", ", shape)}].");
                into.Add(e);
            }
            else if (e.ValueKind != JsonValueKind.Array) throw new ProtocolInputException($"{where}: nested 'data' does not match shape [{string.Join(", ", shape)}] at depth {level + 1}.");
            else Flatten(e, shape, level + 1, into, where);
        }
    }

    private static bool IsKnown(string datatype) => datatype is "BOOL" or "UINT8" or "UINT16" or "UINT32" or "UINT64"
        or "INT8" or "INT16" or "INT32" or "INT64" or "FP32" or "FP64" or "BYTES";

    private static void CheckElement(string datatype, JsonElement e, string where, int index)
    {
        var ok = datatype switch
        {
            "BOOL" => e.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "BYTES" => e.ValueKind == JsonValueKind.String,
            "FP32" => e.ValueKind == JsonValueKind.Number && e.TryGetSingle(out var f) && float.IsFinite(f),
            "FP64" => e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d) && double.IsFinite(d),
            "INT8" => e.ValueKind == JsonValueKind.Number && e.TryGetSByte(out _),
            "INT16" => e.ValueKind == JsonValueKind.Number && e.TryGetInt16(out _),
            "INT32" => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out _),
            "INT64" => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out _),
            "UINT8" => e.ValueKind == JsonValueKind.Number && e.TryGetByte(out _),
            "UINT16" => e.ValueKind == JsonValueKind.Number && e.TryGetUInt16(out _),
            "UINT32" => e.ValueKind == JsonValueKind.Number && e.TryGetUInt32(out _),
            _ => e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out _),
        };
        if (!ok) throw new ProtocolInputException($"{where}: element {index} ({ServingLayout.Short(e)}) is not a valid {datatype} value.");
    }

    private static string Text(JsonElement o, string key, string where)
    {
        if (!o.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.String || v.GetString() is not { Length: > 0 } s)
            throw new ProtocolInputException($"{where}: '{key}' must be a non-empty string.");
        return s;
    }
}
