using Microsoft.DotNet.Interactive.Commands;

namespace MlopsKit.Interactive.Commands;

/// <summary>Binds <c>#!serve -m model-uri [--port 0] [--name n] [--tracking-uri uri]</c> and <c>#!serve --stop [--port p]</c>.</summary>
public sealed class ServeCommand : KernelDirectiveCommand
{
    /// <summary>The model URI given as -m.</summary>
    public string? M { get; set; }

    /// <summary>The model URI given as --model.</summary>
    public string? Model { get; set; }

    /// <summary>Port to listen on (0: any free port); with --stop, the server to stop.</summary>
    public int? Port { get; set; }

    /// <summary>Model name reported by the routes.</summary>
    public string? Name { get; set; }

    /// <summary>Tracking store for runs:/ and models:/ URIs.</summary>
    public string? TrackingUri { get; set; }

    /// <summary>Stop the server on --port, or all of them.</summary>
    public bool Stop { get; set; }
}
