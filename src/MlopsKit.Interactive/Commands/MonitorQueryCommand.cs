using Microsoft.DotNet.Interactive.Commands;

namespace MlopsKit.Interactive.Commands;

/// <summary>Binds <c>#!monitor query &lt;promql&gt; [--range 15m] [--step 15s] [--prometheus url] [--dir d]</c>.</summary>
public sealed class MonitorQueryCommand : KernelDirectiveCommand
{
    /// <summary>The PromQL expression.</summary>
    public string? Promql { get; set; }

    /// <summary>Query this much history up to now instead of one instant.</summary>
    public string? Range { get; set; }

    /// <summary>Resolution of a range query; default: 15s.</summary>
    public string? Step { get; set; }

    /// <summary>Prometheus URL; default: the one #!monitor up started in --dir.</summary>
    public string? Prometheus { get; set; }

    /// <summary>The stack folder; default: monitoring.</summary>
    public string? Dir { get; set; }
}
