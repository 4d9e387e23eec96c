using System.Globalization;
using System.Text.Json;

namespace MlopsKit.Models;

/// <summary>Reads one feature value as a number or a category the same way at training time (profile) and serving time (metrics).</summary>
internal static class FeatureValue
{
    /// <summary>A finite or infinite number; false for missing values (null, NaN) and non-numbers.</summary>
    /// <remarks>A float is widened through its shortest text (4.3f → 4.3, not 4.300000190734863), so a served float and a training
    /// float fall in the same bin as the JSON number a client sent.</remarks>
    public static bool TryNumber(object? value, out double number)
    {
        number = value switch
        {
            float f => double.Parse(f.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture),
            double d => d,
            int or long or short or sbyte or byte or ushort or uint or ulong or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            _ => double.NaN,
        };
        return !double.IsNaN(number);
    }

    /// <summary>A category: text as is (empty text is missing), booleans as <c>true</c>/<c>false</c>, numbers in invariant form.</summary>
    public static bool TryCategory(object? value, out string category)
    {
        category = value switch
        {
            string s => s,
            ReadOnlyMemory<char> m => m.ToString(),
            bool b => b ? "true" : "false",
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
            JsonElement { ValueKind: JsonValueKind.True } => "true",
            JsonElement { ValueKind: JsonValueKind.False } => "false",
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
            IFormattable f when TryNumber(value, out _) => f.ToString(null, CultureInfo.InvariantCulture),
            _ => "",
        };
        return category.Length > 0;
    }
}
