namespace MlopsKit.Monitoring;

/// <summary>A process of the local monitoring stack that <see cref="LocalMonitor"/> starts and stops.</summary>
public enum MonitorComponent
{
    /// <summary>Prometheus (Debian package <c>prometheus</c>), usual port 9090.</summary>
    Prometheus,
    /// <summary>Alertmanager (Debian package <c>prometheus-alertmanager</c>), usual port 9093.</summary>
    Alertmanager,
    /// <summary>Pushgateway (Debian package <c>prometheus-pushgateway</c>), usual port 9091.</summary>
    Pushgateway,
}
