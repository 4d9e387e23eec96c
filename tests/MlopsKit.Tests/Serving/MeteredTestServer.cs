using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlopsKit.Models;
using MlopsKit.Serving;
using Prometheus;

namespace MlopsKit.Tests.Serving;

/// <summary>
/// A real Kestrel server with ModelServer's metrics pipeline (routing, UseHttpMetrics on the model's registry, UseModelMetrics,
/// the error middleware, MapMetrics) and a test-only prediction handler on each protocol's path, so the metrics are tested without the
/// protocol routes. The handler takes a JSON array of rows, answers <c>{"predictions": [label...]}</c>, and
/// <list type="bullet">
/// <item><c>?boom</c> throws (a route bug → 500);</item>
/// <item><c>?sleep=ms</c> waits that long before answering (a known latency);</item>
/// <item><c>?reason=x</c> sets <see cref="ServingMetrics.ErrorReasonItem"/> and answers 422;</item>
/// <item>bad JSON answers 400, input the signature rejects answers 400 (the scorer marks it as a schema error).</item>
/// </list>
/// </summary>
public sealed class MeteredTestServer : IAsyncDisposable
{
    public const long MaxBodyBytes = 16 * 1024;
    private readonly WebApplication _app;

    private MeteredTestServer(WebApplication app, ServedModel model, Uri baseAddress)
    {
        _app = app;
        Model = model;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ServedModel Model { get; }
    public Uri BaseAddress { get; }
    public HttpClient Http { get; }

    /// <summary>Loads the model again (fresh metrics registry) and serves it on 127.0.0.1:0.</summary>
    public static async Task<MeteredTestServer> StartAsync(string modelUri, string trackingUri, CancellationToken cancellationToken)
    {
        var model = await ServedModel.LoadAsync(new ModelServerOptions { ModelUri = modelUri, TrackingUri = trackingUri, Port = 0 }, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.UseRouting();
        app.UseHttpMetrics(o => o.SetMetricFactory(Metrics.WithCustomRegistry(model.Metrics.Registry)));
        app.UseModelMetrics(model.Metrics);
        app.UseMiddleware<ServingErrorMiddleware>();
        foreach (var path in new[] { "/invocations", "/predict", "/api/v1.0/predictions", "/seldon/{ns}/{deployment}/api/v1.0/predictions", "/v2/models/{name}/infer" })
            app.MapPost(path, (HttpContext context) => PredictAsync(context, model));
        app.MapMetrics(registry: model.Metrics.Registry);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MeteredTestServer(app, model, new Uri(address));
    }

    private static async Task PredictAsync(HttpContext context, ServedModel model)
    {
        if (context.Request.Query.ContainsKey("boom")) throw new InvalidOperationException("a route bug");
        if (context.Request.Query.TryGetValue("sleep", out var sleep))
            await Task.Delay(int.Parse(sleep.ToString(), System.Globalization.CultureInfo.InvariantCulture), context.RequestAborted);
        if (context.Request.Query.TryGetValue("reason", out var reason))
        {
            context.Items[ServingMetrics.ErrorReasonItem] = reason.ToString();
            await ErrorJson.WriteAsync(context.Response, StatusCodes.Status422UnprocessableEntity, "rejected by the test route");
            return;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        List<IReadOnlyDictionary<string, object?>> rows;
        try
        {
            using var doc = JsonDocument.Parse(buffer.ToArray());
            rows = doc.RootElement.EnumerateArray()
                .Select(r => (IReadOnlyDictionary<string, object?>)r.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone()))
                .ToList();
        }
        catch (JsonException e)
        {
            await ErrorJson.WriteAsync(context.Response, StatusCodes.Status400BadRequest, e.Message);
            return;
        }
        IReadOnlyList<IReadOnlyDictionary<string, object?>> outputs;
        try
        {
            outputs = model.Scorer.Predict(rows);
        }
        catch (ModelInputException e)
        {
            await ErrorJson.WriteAsync(context.Response, StatusCodes.Status400BadRequest, e.Message);
            return;
        }
        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.Body);
        w.WriteStartObject();
        w.WriteStartArray("predictions");
        foreach (var row in outputs) w.WriteStringValue(row.TryGetValue("PredictedLabel", out var label) ? label?.ToString() : null);
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
