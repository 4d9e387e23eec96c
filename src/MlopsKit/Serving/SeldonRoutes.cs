using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using MlopsKit.Models;

namespace MlopsKit.Serving;

/// <summary>
/// Seldon Core v1 routes (serving.md §3): what the Python wrapper in a model container serves — predictions, health, metadata — plus
/// the executor's <c>/api/v1.0/doc/</c>, each also under the ingress prefix <c>/seldon/{namespace}/{deployment}</c>. Bad input
/// answers HTTP 400 <c>{"status": {"status": 1, "info": ..., "code": -1, "reason": "MICROSERVICE_BAD_DATA"}}</c>.
/// </summary>
public static class SeldonRoutes
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app, ServedModel model)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(model);
        var layout = ServingLayout.For(model);
        var openApi = SeldonDocs.OpenApi(model, layout);
        var html = SeldonDocs.Html(model, layout);
        MapOn(app);
        MapOn(app.MapGroup("/seldon/{namespace}/{deployment}"));
        app.MapGet("/seldon.json", () => Results.Bytes(openApi, "application/json"));

        void MapOn(IEndpointRouteBuilder routes)
        {
            routes.MapPost("/api/v1.0/predictions", context => PredictAsync(context, model));
            routes.MapPost("/api/v0.1/predictions", context => PredictAsync(context, model));
            routes.MapGet("/health/ping", () => Results.Text("pong", "text/plain"));
            routes.MapGet("/health/status", context => StatusAsync(context, model, layout));
            routes.MapGet("/api/v1.0/health/status", context => StatusAsync(context, model, layout));
            routes.MapGet("/metadata", () => Results.Bytes(SeldonDocs.Metadata(model, layout), "application/json"));
            routes.MapGet("/api/v1.0/metadata", () => Results.Bytes(SeldonDocs.Metadata(model, layout), "application/json"));
            foreach (var version in new[] { "v1.0", "v0.1" })
            {
                // Without the slash, the page's relative link to openapi.json would miss the doc folder, so redirect as a static file server does.
                routes.MapGet($"/api/{version}/doc/", (HttpContext context) => context.Request.Path.Value!.EndsWith('/')
                    ? Results.Text(html, "text/html; charset=utf-8")
                    : Results.Redirect(context.Request.PathBase + context.Request.Path + "/"));
                routes.MapGet($"/api/{version}/doc/openapi.json", () => Results.Bytes(openApi, "application/json"));
            }
        }
    }

    /// <summary>
    /// Scores a SeldonMessage that was already parsed (the Flask <c>/predict</c> route hands SeldonMessage-shaped bodies here) and
    /// writes the SeldonMessage answer, or a 400 <c>MICROSERVICE_BAD_DATA</c> status for input the model cannot take.
    /// </summary>
    public static async Task RespondAsync(HttpContext context, ServedModel model, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        var layout = ServingLayout.For(model);
        byte[] answer;
        try
        {
            var request = SeldonMessageReader.Read(body, layout);
            var predictions = model.Scorer.Predict(request.Rows);
            answer = SeldonMessageWriter.Prediction(model, layout, request.Representation, request.Meta, predictions);
        }
        catch (Exception e) when (e is ProtocolInputException or ModelInputException || ServingLayout.IsUndecodableText(e))
        {
            await WriteAsync(context.Response, StatusCodes.Status400BadRequest, SeldonMessageWriter.Error(ServingLayout.ClientMessage(e), SeldonMessageWriter.BadData)).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            // The wrapper's answer to an unhandled error: HTTP 500 in the same shape (serving.md §3.3).
            await WriteAsync(context.Response, StatusCodes.Status500InternalServerError,
                SeldonMessageWriter.Error($"internal error: {e.GetType().Name}: {e.Message}", SeldonMessageWriter.InternalError)).ConfigureAwait(false);
            return;
        }
        await WriteAsync(context.Response, StatusCodes.Status200OK, answer).ConfigureAwait(false);
    }

    private static async Task PredictAsync(HttpContext context, ServedModel model)
    {
        JsonDocument document;
        try
        {
            document = await ReadMessageAsync(context.Request).ConfigureAwait(false);
        }
        catch (ProtocolInputException e)
        {
            await WriteAsync(context.Response, StatusCodes.Status400BadRequest, SeldonMessageWriter.Error(e.Message, SeldonMessageWriter.BadData)).ConfigureAwait(false);
            return;
        }
        using (document)
            await RespondAsync(context, model, document.RootElement).ConfigureAwait(false);
    }

    // As the wrapper's get_request: the form or query field "json", else a JSON body.
    private static async Task<JsonDocument> ReadMessageAsync(HttpRequest request)
    {
        string? text = null;
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
                text = form["json"].FirstOrDefault();
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException and not BadHttpRequestException)
            {
                // A malformed multipart body ends early ("Unexpected end of Stream"); a body over the size limit stays a 413.
                throw new ProtocolInputException($"Can't find JSON in data: the form body cannot be read ({e.Message}).");
            }
        }
        if (string.IsNullOrEmpty(text)) text = request.Query["json"].FirstOrDefault();
        try
        {
            if (!string.IsNullOrEmpty(text)) return JsonDocument.Parse(text);
            if (request.HasFormContentType || !IsJson(request.ContentType))
                throw new ProtocolInputException($"Can't find JSON in data: send a SeldonMessage with Content-Type: application/json (got '{request.ContentType}'), or in the form field 'json'.");
            return await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new ProtocolInputException($"Invalid JSON: {e.Message}");
        }
    }

    // Flask's is_json: application/json or application/*+json; no Content-Type at all is read as JSON too.
    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return true;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type) return false;
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    // Readiness as the wrapper's health/status: a prediction on the input example (or a zero row), as a SeldonMessage.
    private static async Task StatusAsync(HttpContext context, ServedModel model, ServingLayout layout)
    {
        byte[] answer;
        try
        {
            var predictions = model.PooledScorer.Predict([layout.ExampleRow]);
            answer = SeldonMessageWriter.Prediction(model, layout, "ndarray", null, predictions);
        }
        catch (MlopsException e)
        {
            await WriteAsync(context.Response, StatusCodes.Status500InternalServerError, SeldonMessageWriter.Error($"health check prediction failed: {e.Message}", SeldonMessageWriter.InternalError)).ConfigureAwait(false);
            return;
        }
        await WriteAsync(context.Response, StatusCodes.Status200OK, answer).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(body, response.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
