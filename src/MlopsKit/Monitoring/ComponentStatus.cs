namespace MlopsKit.Monitoring;

/// <summary>One component of the local stack: its state, where it listens and whether it answers <c>/-/ready</c>.</summary>
/// <param name="Component">Which process.</param>
/// <param name="State">Running, stopped or stale.</param>
/// <param name="Pid">The process id from the pid file, or null.</param>
/// <param name="Port">The port it was started on, or null when never started.</param>
/// <param name="Url">Its base URL (<c>http://127.0.0.1:port</c>), or null when never started.</param>
/// <param name="Binary">The executable it was started from, or null.</param>
/// <param name="StartedAt">When <c>up</c> started it, or null.</param>
/// <param name="Ready">True when it answered <c>/-/ready</c> with 200.</param>
public sealed record ComponentStatus(
    MonitorComponent Component, ComponentState State, int? Pid, int? Port, Uri? Url, string? Binary, DateTimeOffset? StartedAt, bool Ready)
{
    /// <summary>The component's lower-case name, as used for its files (<c>prometheus</c>, <c>alertmanager</c>, <c>pushgateway</c>).</summary>
    public string Name => LocalMonitor.NameOf(Component);
}
