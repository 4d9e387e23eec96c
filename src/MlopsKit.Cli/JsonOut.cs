using System.Text.Json;

namespace MlopsKit.Cli;

/// <summary>Writes indented JSON to stdout with a writer (no reflection), for the <c>--json</c> flags.</summary>
public static class JsonOut
{
    /// <summary>Runs a writer callback against stdout and ends with a newline.</summary>
    public static void Write(Action<Utf8JsonWriter> body)
    {
        using var stream = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            body(w);
        }
        stream.WriteByte((byte)'\n');
    }
}
