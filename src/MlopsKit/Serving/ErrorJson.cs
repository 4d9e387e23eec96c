using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MlopsKit.Serving;

/// <summary>Writes <c>{"error": "..."}</c> bodies (the Open Inference Protocol's and the Flask routes' error shape).</summary>
public static class ErrorJson
{
    /// <summary>Sets the status and writes the error body as JSON.</summary>
    public static async Task WriteAsync(HttpResponse response, int status, string message)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = status;
        response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        }
        await response.Body.WriteAsync(buffer.ToArray()).ConfigureAwait(false);
    }
}
