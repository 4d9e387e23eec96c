using System.Collections;
using System.Reflection;

namespace MlopsKit.Interactive;

/// <summary>
/// Which metrics a <c>#!track</c> cell's return value logs. Metrics need names, and a C# tuple loses its element names at run time, so:
/// a dictionary (<c>Dictionary&lt;string, double&gt;</c>, any <see cref="IDictionary"/> with string keys) logs each numeric entry;
/// an object (anonymous <c>new { rmse, r2 }</c>, a record, a class) logs each public numeric property by its name;
/// a bare number logs only when <c>--metric &lt;name&gt;</c> names it. Anything else (strings, tuples, collections, null) logs nothing.
/// </summary>
internal static class ReturnedMetrics
{
    public static IReadOnlyList<KeyValuePair<string, double>> From(object? value, string? bareName)
    {
        if (value is null || value is string || value is bool) return [];
        if (AsDouble(value) is { } number) return bareName is null ? [] : [new(bareName, number)];
        if (value is IDictionary dictionary)
        {
            var entries = new List<KeyValuePair<string, double>>();
            foreach (DictionaryEntry entry in dictionary)
                if (entry.Key is string key && AsDouble(entry.Value) is { } v) entries.Add(new(key, v));
            return entries;
        }
        var type = value.GetType();
        if (value is IEnumerable || type.FullName?.StartsWith("System.ValueTuple", StringComparison.Ordinal) == true) return [];
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .Select(p => (p.Name, Value: AsDouble(p.GetValue(value))))
            .Where(p => p.Value is not null)
            .Select(p => new KeyValuePair<string, double>(p.Name, p.Value!.Value))
            .ToList();
    }

    private static double? AsDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        uint u => u,
        ulong u => u,
        ushort u => u,
        sbyte s => s,
        _ => null,
    };
}
