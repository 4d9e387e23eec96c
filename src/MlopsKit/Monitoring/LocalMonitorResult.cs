namespace MlopsKit.Monitoring;

/// <summary>What <see cref="LocalMonitor.UpAsync"/> did: whether it generated the stack, started anything, and where each component listens.</summary>
/// <param name="Directory">The stack folder (absolute).</param>
/// <param name="Generated">True when the folder had no prometheus.yml and the default stack was written first.</param>
/// <param name="AlreadyRunning">True when every component was already running, so nothing was started.</param>
/// <param name="Components">Prometheus, Alertmanager and Pushgateway, in that order.</param>
/// <param name="Elapsed">From the call to every started component answering <c>/-/ready</c>.</param>
public sealed record LocalMonitorResult(string Directory, bool Generated, bool AlreadyRunning, IReadOnlyList<ComponentStatus> Components, TimeSpan Elapsed)
{
    /// <summary>The status of one component.</summary>
    public ComponentStatus this[MonitorComponent component] => Components.First(c => c.Component == component);
}
