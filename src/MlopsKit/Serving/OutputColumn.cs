namespace MlopsKit.Serving;

/// <summary>One model output: its name, Open Inference datatype, and width (null for a scalar per row, the vector length otherwise, -1 if unknown).</summary>
internal sealed record OutputColumn(string Name, string Datatype, int? Width)
{
    /// <summary>The column a predicted value belongs to (float → FP32, string → BYTES, float[3] → FP32 of width 3...).</summary>
    public static OutputColumn FromValue(string name, object? value) => value switch
    {
        Array a => new OutputColumn(name, Of(a.GetType().GetElementType()), a.Length),
        _ => new OutputColumn(name, Of(value?.GetType()), null),
    };

    private static string Of(Type? type) => type switch
    {
        _ when type == typeof(float) => "FP32",
        _ when type == typeof(double) => "FP64",
        _ when type == typeof(sbyte) => "INT8",
        _ when type == typeof(short) => "INT16",
        _ when type == typeof(int) => "INT32",
        _ when type == typeof(long) => "INT64",
        _ when type == typeof(byte) => "UINT8",
        _ when type == typeof(ushort) => "UINT16",
        _ when type == typeof(uint) => "UINT32",
        _ when type == typeof(ulong) => "UINT64",
        _ when type == typeof(bool) => "BOOL",
        _ => "BYTES",
    };
}
