using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlopsKit.Models;

namespace MlopsKit.Serving;

/// <summary>
/// Open Inference Protocol v2 REST routes (serving.md §4.1–4.2): server and model metadata, liveness and readiness, and
/// <c>POST /v2/models/{name}[/versions/{version}]/infer</c> on typed tensors. An unknown model or version answers 404 and every
/// client error 400, both as <c>{"error": "..."}</c>.
/// </summary>
public static class OpenInferenceRoutes
{
    /// <summary>The name <c>GET /v2</c> reports.</summary>
    public const string ServerName = "mlopskit";

    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app, ServedModel model)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(model);
        var layout = ServingLayout.For(model);
        var server = WireValues.ToBytes(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", ServerName);
            w.WriteString("version", ServerVersion());
            w.WriteStartArray("extensions");
            w.WriteEndArray();
            w.WriteEndObject();
        });
        var metadata = Metadata(model, layout);
        app.MapGet("/v2", () => Results.Bytes(server, "application/json"));
        app.MapGet("/v2/health/live", () => Results.Bytes("{\"live\":true}"u8.ToArray(), "application/json"));
        app.MapGet("/v2/health/ready", () => Results.Bytes("{\"ready\":true}"u8.ToArray(), "application/json"));
        foreach (var prefix in new[] { "/v2/models/{name}", "/v2/models/{name}/versions/{version}" })
        {
            app.MapGet(prefix, context => Known(context, model) is { } miss ? miss : Json(context.Response, metadata));
            app.MapGet(prefix + "/ready", context => Known(context, model) is { } miss ? miss : Json(context.Response, WireValues.ToBytes(w =>
            {
                w.WriteStartObject();
                w.WriteString("name", model.Name);
                w.WriteBoolean("ready", true);
                w.WriteEndObject();
            })));
            app.MapPost(prefix + "/infer", context => Known(context, model) is { } miss ? miss : InferAsync(context, model, layout));
        }
    }

    // 404 for a name or version this server does not serve; null when the route names the served model.
    private static Task? Known(HttpContext context, ServedModel model)
    {
        var values = context.Request.RouteValues;
        var name = values["name"] as string;
        if (name != model.Name)
            return ErrorJson.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"model '{name}' is not served here; this server serves '{model.Name}'.");
        if (values.TryGetValue("version", out var v) && v is string version && version != model.Version)
            return ErrorJson.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"model '{name}' has no version '{version}'; this server serves version '{model.Version}'.");
        return null;
    }

    private static async Task InferAsync(HttpContext context, ServedModel model, ServingLayout layout)
    {
        byte[] answer;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
            var request = InferenceRequestReader.Read(document.RootElement, layout);
            var predictions = model.Scorer.Predict(request.Rows);
            answer = Response(model, layout, request, predictions);
        }
        catch (JsonException e)
        {
            await ErrorJson.WriteAsync(context.Response, StatusCodes.Status400BadRequest, $"the request body is not valid JSON: {e.Message}").ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is ProtocolInputException or ModelInputException || ServingLayout.IsUndecodableText(e))
        {
            await ErrorJson.WriteAsync(context.Response, StatusCodes.Status400BadRequest, ServingLayout.ClientMessage(e)).ConfigureAwait(false);
            return;
        }
        await Json(context.Response, answer).ConfigureAwait(false);
    }

    private static byte[] Response(ServedModel model, ServingLayout layout, InferenceRequest request,
        IReadOnlyList<IReadOnlyDictionary<string, object?>> predictions) => WireValues.ToBytes(w =>
    {
        w.WriteStartObject();
        w.WriteString("model_name", model.Name);
        w.WriteString("model_version", model.Version);
        if (request.Id is { } id) w.WriteString("id", id);
        w.WriteStartArray("outputs");
        foreach (var output in layout.Outputs)
        {
            if (request.Outputs is { } wanted && !wanted.Contains(output.Name)) continue;
            w.WriteStartObject();
            w.WriteString("name", output.Name);
            w.WriteStartArray("shape");
            w.WriteNumberValue(predictions.Count);
            if (output.Width is { } width)
            {
                var actual = predictions.Select(p => p.GetValueOrDefault(output.Name)).OfType<Array>().Select(a => (int?)a.Length).FirstOrDefault();
                w.WriteNumberValue(actual ?? Math.Max(width, 0));
            }
            w.WriteEndArray();
            w.WriteString("datatype", output.Datatype);
            w.WriteStartArray("data");
            foreach (var p in predictions) WireValues.WriteFlat(w, p.GetValueOrDefault(output.Name));
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    // Inputs in both request styles: one FP32 matrix "input-0" (all-numeric models only), then one tensor per feature.
    private static byte[] Metadata(ServedModel model, ServingLayout layout) => WireValues.ToBytes(w =>
    {
        w.WriteStartObject();
        w.WriteString("name", model.Name);
        w.WriteStartArray("versions");
        w.WriteStringValue(model.Version);
        w.WriteEndArray();
        w.WriteString("platform", "mlnet");
        w.WriteStartArray("inputs");
        if (layout.AllNumeric) WriteTensor(w, "input-0", "FP32", [-1, layout.Inputs.Count]);
        foreach (var input in layout.Inputs) WriteTensor(w, input.Name, ServingLayout.Datatype(input.Type), [-1]);
        w.WriteEndArray();
        w.WriteStartArray("outputs");
        foreach (var output in layout.Outputs) WriteTensor(w, output.Name, output.Datatype, output.Width is { } k ? [-1, k] : [-1]);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WriteTensor(Utf8JsonWriter w, string name, string datatype, long[] shape)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("datatype", datatype);
        w.WriteStartArray("shape");
        foreach (var d in shape) w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static async Task Json(HttpResponse response, byte[] body)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(body, response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    private static string ServerVersion()
    {
        var version = typeof(OpenInferenceRoutes).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
