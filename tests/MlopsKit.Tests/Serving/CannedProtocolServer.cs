using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MlopsKit.Tests.Serving;

/// <summary>A real Kestrel app on 127.0.0.1:0 that records every request and answers with canned protocol responses.</summary>
public sealed class CannedProtocolServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CannedProtocolServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Chooses the answer for a request; default: 404 with an empty body.</summary>
    public Func<RecordedRequest, CannedResponse> Respond { get; set; } = _ => new CannedResponse(404, "", "text/plain");

    public static async Task<CannedProtocolServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        CannedProtocolServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var recorded = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.ContentType, body);
            server!.Requests.Enqueue(recorded);
            var canned = server.Respond(recorded);
            context.Response.StatusCode = canned.Status;
            foreach (var (name, value) in canned.Headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
            if (canned.Body.Length > 0)
            {
                context.Response.ContentType = canned.ContentType;
                await context.Response.WriteAsync(canned.Body, context.RequestAborted);
            }
        });
        await app.StartAsync();
        server = new CannedProtocolServer(app, new Uri(app.Urls.First()));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
