using Microsoft.DotNet.Interactive;
using MlopsKit.Serving;

namespace MlopsKit.Interactive;

/// <summary>The model servers <c>#!serve</c> started in one kernel; all of them stop when the kernel is disposed.</summary>
internal sealed class RunningServers : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ModelServer> _servers = [];

    public RunningServers(Kernel kernel) => kernel.RegisterForDisposal(this);

    public void Add(ModelServer server)
    {
        lock (_gate) _servers.Add(server);
    }

    /// <summary>Stops the server listening on <paramref name="port"/>, or every server when null; returns the base URLs stopped.</summary>
    public async Task<IReadOnlyList<Uri>> StopAsync(int? port)
    {
        List<ModelServer> stopping;
        lock (_gate)
        {
            stopping = _servers.Where(s => port is null || s.BaseAddress.Port == port).ToList();
            _servers.RemoveAll(stopping.Contains);
        }
        foreach (var server in stopping) await server.DisposeAsync().ConfigureAwait(false);
        return stopping.Select(s => s.BaseAddress).ToList();
    }

    /// <summary>Kernel disposal is synchronous; the servers' asynchronous stop is waited for on the thread pool.</summary>
    public void Dispose() => Task.Run(() => StopAsync(null)).GetAwaiter().GetResult();
}
