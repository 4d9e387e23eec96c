namespace MlopsKit.Tracking;

/// <summary>A run's status, as in MLflow's service.proto.</summary>
#pragma warning disable CA1707 // MLflow's own spelling is kept so names round-trip unchanged.
public enum RunStatus
{
    /// <summary>The run is in progress.</summary>
    RUNNING,
    /// <summary>The run is scheduled but has not started.</summary>
    SCHEDULED,
    /// <summary>The run ended normally.</summary>
    FINISHED,
    /// <summary>The run ended with an error.</summary>
    FAILED,
    /// <summary>The run was killed.</summary>
    KILLED,
}
#pragma warning restore CA1707
