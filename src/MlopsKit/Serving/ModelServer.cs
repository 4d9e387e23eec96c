using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace MlopsKit.Serving;

/// <summary>
/// Serves one ML.NET model over HTTP on one port: MLflow scoring (<c>/invocations</c>), Flask-style <c>/predict</c>, Seldon Core v1
/// (<c>/api/v1.0/predictions</c>) and the Open Inference Protocol (<c>/v2</c>), with Prometheus metrics on <c>/metrics</c> and lineage
/// headers on every response.
/// </summary>
public sealed class ModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ModelServer(WebApplication app, ServedModel model, Uri baseAddress)
    {
        _app = app;
        Model = model;
        BaseAddress = baseAddress;
    }

    /// <summary>The model being served.</summary>
    public ServedModel Model { get; }

    /// <summary>Where the server listens, with the real port when 0 was asked for.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Loads the model and starts listening; returns once requests are accepted.</summary>
    public static async Task<ModelServer> StartAsync(ModelServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Port is < 0 or > 65535) throw new ConfigException($"port {options.Port} is out of range; use 0 (any free port) to 65535.");
        if (options.MaxRequestBodyBytes < 1) throw new ConfigException("MaxRequestBodyBytes must be positive.");
        if (options.Workers < 1) throw new ConfigException($"Workers must be at least 1 (got {options.Workers}).");
        var model = await ServedModel.LoadAsync(options, cancellationToken).ConfigureAwait(false);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.AddServerHeader = false;
            if (IPAddress.TryParse(options.Host, out var ip)) k.Listen(ip, options.Port);
            else if (options.Host == "localhost") k.ListenLocalhost(options.Port);
            else throw new ConfigException($"host '{options.Host}' is not an IP address; use 127.0.0.1 (default), 0.0.0.0 or another local address.");
        });
        var app = builder.Build();

        app.UseRouting();
        // Metrics first, then the error middleware: prometheus-net records the status code as the response leaves it, so a route's
        // exception must already be the 500/413 the client gets (serving.md §5.1).
        app.UseHttpMetrics(o => o.SetMetricFactory(Metrics.WithCustomRegistry(model.Metrics.Registry)));
        app.UseModelMetrics(model.Metrics);
        app.UseMiddleware<ServingErrorMiddleware>();
        app.Use((context, next) =>
        {
            LineageHeaders.Add(context.Response, model);
            return next(context);
        });
        HealthRoutes.Map(app, model);
        MlflowRoutes.Map(app, model);
        FlaskRoutes.Map(app, model);
        SeldonRoutes.Map(app, model);
        OpenInferenceRoutes.Map(app, model);
        app.MapMetrics(registry: model.Metrics.Registry);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new ConflictException($"cannot listen on {options.Host}:{options.Port}: {e.Message}. Pick another port with -p (0 = any free port).");
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ModelServer(app, model, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <summary>Completes when the server stops (Ctrl+C in the CLI, or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops accepting requests and finishes the ones in flight.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Stops the server and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Model.PooledScorer.Dispose();
    }
}
