using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsKit.Models;

/// <summary>Reads any ML.NET column of a row as a plain CLR value: text as string, keys as long (null for the missing key 0), vectors as dense arrays.</summary>
internal static class RowValues
{
    private static readonly MethodInfo s_scalar = typeof(RowValues).GetMethod(nameof(Scalar), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo s_vector = typeof(RowValues).GetMethod(nameof(Vector), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>A function returning the column's value at the row's current position.</summary>
    public static Func<object?> Getter(DataViewRow row, DataViewSchema.Column column)
    {
        var item = MlnetTypes.ItemType(column.Type);
        var method = column.Type is VectorDataViewType ? s_vector : s_scalar;
        return (Func<object?>)method.MakeGenericMethod(item.RawType).Invoke(null, [row, column, item is KeyDataViewType])!;
    }

    private static Func<object?> Scalar<T>(DataViewRow row, DataViewSchema.Column column, bool isKey)
    {
        var getter = row.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return Plain(value, isKey);
        };
    }

    private static Func<object?> Vector<T>(DataViewRow row, DataViewSchema.Column column, bool isKey)
    {
        var getter = row.GetGetter<VBuffer<T>>(column);
        VBuffer<T> buffer = default;
        return () =>
        {
            getter(ref buffer);
            var dense = new T[buffer.Length];
            buffer.CopyTo(dense);
            if (typeof(T) == typeof(ReadOnlyMemory<char>) || isKey)
                return dense.Select(v => Plain(v, isKey)).ToArray();
            return dense;
        };
    }

    private static object? Plain<T>(T value, bool isKey) => value switch
    {
        ReadOnlyMemory<char> text => text.ToString(),
        _ when isKey => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) is var k && k == 0 ? null : k,
        _ => value,
    };
}
