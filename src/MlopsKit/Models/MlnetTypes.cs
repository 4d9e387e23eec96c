using Microsoft.ML.Data;

namespace MlopsKit.Models;

/// <summary>Maps ML.NET column types to MLflow signature type names and numpy dtypes.</summary>
internal static class MlnetTypes
{
    /// <summary>The MLflow scalar type for an ML.NET item type, or null when MLflow has none (TimeSpan).</summary>
    /// <remarks>Narrow integers widen to <c>integer</c>, unsigned 32/64-bit values and key types (uint ids) to <c>long</c>.</remarks>
    public static string? MlflowType(DataViewType itemType) => itemType switch
    {
        KeyDataViewType => "long",
        TextDataViewType => "string",
        BooleanDataViewType => "boolean",
        DateTimeDataViewType or DateTimeOffsetDataViewType => "datetime",
        _ when itemType.RawType == typeof(float) => "float",
        _ when itemType.RawType == typeof(double) => "double",
        _ when itemType.RawType == typeof(int) || itemType.RawType == typeof(short) || itemType.RawType == typeof(sbyte)
            || itemType.RawType == typeof(byte) || itemType.RawType == typeof(ushort) => "integer",
        _ when itemType.RawType == typeof(long) || itemType.RawType == typeof(uint) || itemType.RawType == typeof(ulong) => "long",
        _ => null,
    };

    /// <summary>The numpy dtype name MLflow uses for an MLflow scalar type in tensor specs and error messages.</summary>
    public static string Numpy(string mlflowType) => mlflowType switch
    {
        "boolean" => "bool",
        "integer" => "int32",
        "long" => "int64",
        "float" => "float32",
        "double" => "float64",
        "datetime" => "datetime64[ns]",
        "binary" => "bytes",
        _ => "object",
    };

    /// <summary>The MLflow scalar type for a numpy dtype name (the inverse of <see cref="Numpy"/>).</summary>
    public static string? FromNumpy(string dtype) => dtype switch
    {
        "bool" => "boolean",
        "int32" => "integer",
        "int64" => "long",
        "float32" => "float",
        "float64" => "double",
        "datetime64[ns]" => "datetime",
        "object" or "str" => "string",
        _ => null,
    };

    /// <summary>The item type of a column: the column type itself, or a vector's element type.</summary>
    public static DataViewType ItemType(DataViewType type) => type is VectorDataViewType v ? v.ItemType : type;
}
