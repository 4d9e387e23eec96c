using System.Text.Json;

namespace MlopsKit.Serving;

/// <summary>Writes predicted values as JSON: numbers (non-finite ones as <c>null</c>, which JSON cannot spell), text, booleans, lists.</summary>
internal static class WireValues
{
    /// <summary>Writes one value; arrays become JSON lists.</summary>
    public static void Write(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case float or double: w.WriteNullValue(); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case uint u: w.WriteNumberValue(u); break;
            case ulong u: w.WriteNumberValue(u); break;
            case short s: w.WriteNumberValue(s); break;
            case ushort s: w.WriteNumberValue(s); break;
            case byte b: w.WriteNumberValue(b); break;
            case sbyte b: w.WriteNumberValue(b); break;
            case JsonElement e: e.WriteTo(w); break;
            case Array a:
                w.WriteStartArray();
                foreach (var item in a) Write(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(value.ToString()); break;
        }
    }

    /// <summary>Writes a value's items into the open JSON list (a scalar as one item), so rows of vectors come out row-major.</summary>
    public static void WriteFlat(Utf8JsonWriter w, object? value)
    {
        if (value is Array a and not byte[])
            foreach (var item in a) Write(w, item);
        else Write(w, value);
    }

    /// <summary>The serialized bytes of what <paramref name="write"/> writes.</summary>
    public static byte[] ToBytes(Action<Utf8JsonWriter> write, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
            write(w);
        return buffer.ToArray();
    }
}
