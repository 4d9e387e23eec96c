using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MlopsKit.Serving;

/// <summary>Reads a request body (Kestrel enforces the size limit) and parses it as JSON.</summary>
internal static class RequestBody
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 64 };

    /// <summary>The whole body; a body over the server's limit throws Kestrel's 413 <see cref="BadHttpRequestException"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        var bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        return bytes.Span.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
    }

    /// <summary>Parses JSON (nesting deeper than 64 levels is refused); null with the parser's complaint when it is not valid JSON.</summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> body, out string error)
    {
        try
        {
            error = "";
            return JsonDocument.Parse(body, s_options);
        }
        catch (JsonException e)
        {
            error = body.IsEmpty ? "the request body is empty" : e.Message;
            return null;
        }
    }
}
