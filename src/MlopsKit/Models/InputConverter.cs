using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsKit.Models;

/// <summary>Turns name→value rows into an <see cref="IDataView"/> with a model's input schema, enforcing the signature as MLflow does (spec §5).</summary>
/// <remarks>
/// Enforcement is per column, on the column's combined type, as pandas would see it: a required column absent from every row
/// fails; extra keys are dropped; int → long/double, float → double and narrow ints → double are upcasts; an int column
/// becomes float only when every value is 0 or 1; anything else (double → float, string → number, bool ↔ number) fails with
/// MLflow's "Incompatible input types" text. <see cref="JsonElement"/> values (the wire form) are first read as the column's
/// type, as MLflow's scoring server casts parsed JSON to the signature. Missing values become NaN (floats), empty text or the
/// type's default; an integer or boolean column with a null fails, as pandas turns it into float64/object.
/// </remarks>
internal static class InputConverter
{
    private static readonly MethodInfo s_vbuffers = typeof(InputConverter).GetMethod(nameof(ToVBuffers), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static InMemoryDataView Build(DataViewSchema schema, ModelSignature? signature, string? labelColumn, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) =>
        new(schema, Columns(schema, signature, labelColumn, rows), rows.Count);

    /// <summary>The checked, converted values: element i holds schema column i as T[] (scalars) or VBuffer&lt;T&gt;[] (vectors), one entry per row.</summary>
    public static Array[] Columns(DataViewSchema schema, ModelSignature? signature, string? labelColumn, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        var specs = signature is { Inputs.Count: > 0 } && signature.Inputs[0].Name is not null
            ? signature.Inputs.ToDictionary(s => s.Name!, StringComparer.Ordinal)
            : null;
        var columns = new Array[schema.Count];
        foreach (var column in schema)
        {
            SchemaSpec? spec = null;
            specs?.TryGetValue(column.Name, out spec);
            var required = spec?.Required ?? (specs is null && !column.IsHidden && column.Name != labelColumn);
            var present = rows.Any(r => r.ContainsKey(column.Name));
            if (!present && required)
                throw new ModelInputException($"input column '{column.Name}' is required by the model signature but missing; send it in every row.");
            var values = new object?[rows.Count];
            if (present)
                for (var i = 0; i < rows.Count; i++)
                    values[i] = rows[i].TryGetValue(column.Name, out var v) ? v : null;
            columns[column.Index] = Convert(column, spec, values);
        }
        return columns;
    }

    private static Array Convert(DataViewSchema.Column column, SchemaSpec? spec, object?[] values)
    {
        var item = MlnetTypes.ItemType(column.Type);
        var mlType = spec switch
        {
            ColumnSpec { Type: "array" } c => c.ItemType,
            ColumnSpec c => c.Type,
            TensorSpec t => MlnetTypes.FromNumpy(t.Dtype),
            _ => null,
        } ?? MlnetTypes.MlflowType(item) ?? "any";
        if (column.Type is VectorDataViewType vector)
            return ConvertVectors(column.Name, vector, mlType, exact: spec is TensorSpec, values);
        for (var i = 0; i < values.Length; i++)
            values[i] = FromJson(values[i], mlType);
        Check(column.Name, mlType, values, exact: false);
        var result = Array.CreateInstance(item.RawType, values.Length);
        for (var i = 0; i < values.Length; i++)
            result.SetValue(ToRaw(values[i], item, column.Name), i);
        return result;
    }

    private static Array ConvertVectors(string name, VectorDataViewType vector, string mlType, bool exact, object?[] values)
    {
        var rows = new object?[values.Length][];
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i] is JsonElement { ValueKind: JsonValueKind.Array } e ? e.EnumerateArray().Cast<object?>().ToArray()
                : values[i] is IEnumerable list and not string ? list.Cast<object?>().ToArray()
                : values[i] is null ? []
                : throw new ModelInputException($"Incompatible input types for column {name}. Expected a list of {MlnetTypes.Numpy(mlType)} values per row, got {Describe(values[i])}.");
            for (var j = 0; j < value.Length; j++)
                value[j] = FromJson(value[j], mlType);
            if (vector.IsKnownSize && values[i] is not null && value.Length != vector.Size)
                throw new ModelInputException($"Shape of input (-1, {value.Length}) does not match expected shape (-1, {vector.Size}) for column {name}.");
            rows[i] = value;
        }
        Check(name, mlType, rows.SelectMany(r => r).ToArray(), exact);
        var item = vector.ItemType;
        var size = vector.IsKnownSize ? vector.Size : 0;
        var raw = rows.Select(r => r.Length == 0 && size > 0 ? Enumerable.Repeat<object?>(null, size).ToArray() : r)
            .Select(r => r.Select(v => ToRaw(v, item, name)).ToArray()).ToArray();
        return (Array)s_vbuffers.MakeGenericMethod(item.RawType).Invoke(null, [raw])!;
    }

    private static VBuffer<T>[] ToVBuffers<T>(object?[][] rows) =>
        rows.Select(r => new VBuffer<T>(r.Length, r.Select(v => (T)v!).ToArray())).ToArray();

    // MLflow's _enforce_mlflow_datatype on the column's combined dtype; exact (tensors) requires the dtype itself.
    private static void Check(string name, string mlType, object?[] values, bool exact)
    {
        var hasNull = values.Any(v => v is null);
        var source = CombinedDtype(values.Where(v => v is not null));
        if (source is null) return;
        var isInt = source.StartsWith("int", StringComparison.Ordinal) || source.StartsWith("uint", StringComparison.Ordinal);
        if (hasNull && isInt && mlType is "integer" or "long")
            throw new ModelInputException(Incompatible(name, "float64", mlType)
                + " Hint: the column has missing values (null), which an integer column cannot hold; fill them, or declare the column as double.");
        if (hasNull && isInt) source = "float64";
        if (hasNull && source == "bool") source = "object";
        var target = MlnetTypes.Numpy(mlType);
        if (exact)
        {
            if (source != target) throw new ModelInputException(Incompatible(name, source, mlType) + " Tensor inputs need exactly this dtype.");
            return;
        }
        var zeroOne = isInt && values.All(v => v is null || System.Convert.ToDecimal(v, CultureInfo.InvariantCulture) is 0m or 1m);
        var safe = mlType switch
        {
            "string" => source == "object",
            "boolean" => source == "bool",
            "integer" => source is "int8" or "int16" or "int32" or "uint8" or "uint16",
            "long" => source is "int8" or "int16" or "int32" or "int64" or "uint8" or "uint16" or "uint32",
            "float" => source == "float32" || zeroOne,
            "double" => source is "float32" or "float64" or "decimal" or "int8" or "int16" or "int32" or "uint8" or "uint16" or "uint32" || zeroOne,
            "datetime" => source == "datetime64[ns]" || source == "object" && values.All(v => v is null or string or DateTime or DateTimeOffset),
            "binary" => source == "bytes",
            _ => true,
        };
        if (!safe) throw new ModelInputException(Incompatible(name, source, mlType));
        if (mlType == "datetime")
            foreach (var v in values)
                if (v is string s && !DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _))
                    throw new ModelInputException($"Failed to convert column {name} to type 'datetime64[ns]': '{s}' is not a date and time (use ISO 8601, e.g. 2024-01-31T12:00:00).");
    }

    private static string Incompatible(string name, string source, string mlType) =>
        $"Incompatible input types for column {name}. Can not safely convert {source} to {(mlType == "string" ? "str" : MlnetTypes.Numpy(mlType))}.";

    // The dtype pandas would give a column holding these values.
    private static string? CombinedDtype(IEnumerable<object?> values)
    {
        var kinds = values.Select(Dtype).Distinct().ToList();
        if (kinds.Count == 0) return null;
        if (kinds.Count == 1) return kinds[0];
        if (kinds.Any(k => k is "object" or "bool" or "datetime64[ns]" or "bytes")) return "object";
        if (kinds.Any(k => k is "float32" or "float64" or "decimal")) return "float64";
        var signed = kinds.Where(k => k.StartsWith("int", StringComparison.Ordinal)).Select(Bits).DefaultIfEmpty(0).Max();
        var unsigned = kinds.Where(k => k.StartsWith("uint", StringComparison.Ordinal)).Select(Bits).DefaultIfEmpty(0).Max();
        if (signed == 0) return "uint" + unsigned;
        if (unsigned < signed) return "int" + signed;
        return unsigned >= 64 ? "float64" : "int" + unsigned * 2;
    }

    private static int Bits(string dtype) => int.Parse(dtype.TrimStart('u', 'i', 'n', 't'), CultureInfo.InvariantCulture);

    private static string Dtype(object? value) => value switch
    {
        bool => "bool",
        sbyte => "int8",
        short => "int16",
        int => "int32",
        long => "int64",
        byte => "uint8",
        ushort => "uint16",
        uint => "uint32",
        ulong => "uint64",
        float => "float32",
        double => "float64",
        decimal => "decimal",
        DateTime or DateTimeOffset => "datetime64[ns]",
        byte[] => "bytes",
        _ => "object",
    };

    private static string Describe(object? value) => value is null ? "null" : $"{Dtype(value)} ({value.GetType().Name})";

    // A JSON value read as the column's MLflow type when it can be, as MLflow's server parses JSON with the schema's dtypes.
    private static object? FromJson(object? value, string mlType)
    {
        if (value is not JsonElement e) return value;
        return e.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => mlType switch
            {
                // Each arm boxed on its own: a switch of float/double/int/long arms would widen them all to double.
                "float" => (object)e.GetSingle(),
                "double" => (object)e.GetDouble(),
                "integer" when e.TryGetInt32(out var i) => (object)i,
                _ when e.TryGetInt64(out var l) => (object)l,
                _ => (object)e.GetDouble(),
            },
            JsonValueKind.Array => e.EnumerateArray().Select(x => FromJson(x, mlType)).ToArray(),
            _ => e,
        };
    }

    // A checked value in the ML.NET column's raw type; null becomes the type's missing value.
    private static object? ToRaw(object? value, DataViewType item, string name)
    {
        var raw = item.RawType;
        if (value is null)
        {
            if (raw == typeof(float)) return float.NaN;
            if (raw == typeof(double)) return double.NaN;
            if (raw == typeof(ReadOnlyMemory<char>)) return ReadOnlyMemory<char>.Empty;
            return Activator.CreateInstance(raw);
        }
        if (raw == typeof(ReadOnlyMemory<char>)) return (value as string ?? System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "").AsMemory();
        if (raw == typeof(DateTime))
            return value switch
            {
                DateTime t => t,
                DateTimeOffset o => o.UtcDateTime,
                string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                _ => throw new ModelInputException(Incompatible(name, Dtype(value), "datetime")),
            };
        if (raw == typeof(DateTimeOffset))
            return value switch
            {
                DateTimeOffset o => o,
                DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, t.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : t.Kind)),
                string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                _ => throw new ModelInputException(Incompatible(name, Dtype(value), "datetime")),
            };
        try
        {
            return System.Convert.ChangeType(value, raw, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
        {
            throw new ModelInputException($"Incompatible input types for column {name}. Can not convert {Describe(value)} to the model's {item}.");
        }
    }
}
