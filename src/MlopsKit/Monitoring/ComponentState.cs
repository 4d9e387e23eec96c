namespace MlopsKit.Monitoring;

/// <summary>Whether a component started by <c>mlops monitor up</c> is still running.</summary>
public enum ComponentState
{
    /// <summary>No pid file: not started, or stopped by <c>mlops monitor down</c>.</summary>
    Stopped,
    /// <summary>The pid file names a live process running the recorded binary.</summary>
    Running,
    /// <summary>A pid file is left, but its process is gone or is now another program.</summary>
    Stale,
}
