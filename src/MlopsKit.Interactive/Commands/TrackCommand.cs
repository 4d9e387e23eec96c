using Microsoft.DotNet.Interactive.Commands;

namespace MlopsKit.Interactive.Commands;

/// <summary>Binds <c>#!track --experiment name [--name run] [--metric name] [--nested] [--tracking-uri uri] [--quiet]</c>.</summary>
public sealed class TrackCommand : KernelDirectiveCommand
{
    /// <summary>Experiment name (created on first use).</summary>
    public string? Experiment { get; set; }

    /// <summary>Run name; default: generated.</summary>
    public string? Name { get; set; }

    /// <summary>Metric name for a bare numeric return value of the cell.</summary>
    public string? Metric { get; set; }

    /// <summary>Start the run as a child of the open run.</summary>
    public bool Nested { get; set; }

    /// <summary>Tracking store URI; default: MLFLOW_TRACKING_URI, else sqlite:///mlflow.db.</summary>
    public string? TrackingUri { get; set; }

    /// <summary>Do not show the run card.</summary>
    public bool Quiet { get; set; }
}
