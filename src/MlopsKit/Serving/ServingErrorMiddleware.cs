using Microsoft.AspNetCore.Http;

namespace MlopsKit.Serving;

/// <summary>
/// The last line of defence: a request body over the size limit or cut off answers 413/400 with <c>{"error": ...}</c>; anything else a
/// route did not handle is a server bug and answers 500 with the same shape (never a stack trace).
/// </summary>
internal sealed class ServingErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await ErrorJson.WriteAsync(context.Response, e.StatusCode,
                e.StatusCode == StatusCodes.Status413PayloadTooLarge ? $"request body is larger than the server's limit: {e.Message}" : e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            await ErrorJson.WriteAsync(context.Response, StatusCodes.Status500InternalServerError, $"internal error: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
    }
}
