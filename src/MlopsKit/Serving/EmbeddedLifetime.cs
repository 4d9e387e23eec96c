using Microsoft.Extensions.Hosting;

namespace MlopsKit.Serving;

/// <summary>
/// A host lifetime that leaves process signals alone: the server is embedded in a CLI, a test or a notebook kernel, and whoever
/// started it decides when it stops (the CLI through its Ctrl+C token), not the generic host's console hooks.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
