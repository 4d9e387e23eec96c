namespace MlopsKit.Monitoring;

/// <summary>Options for <see cref="LocalMonitor.UpAsync"/>: ports and the binaries to run.</summary>
public sealed record LocalMonitorOptions
{
    /// <summary>Prometheus port. Default: 9090 when free, else any free loopback port; 0 always takes a free port.</summary>
    public int? PrometheusPort { get; init; }

    /// <summary>Alertmanager port. Default: 9093 when free, else any free loopback port; 0 always takes a free port.</summary>
    public int? AlertmanagerPort { get; init; }

    /// <summary>Pushgateway port. Default: 9091 when free, else any free loopback port; 0 always takes a free port.</summary>
    public int? PushgatewayPort { get; init; }

    /// <summary>The Prometheus executable. Default: <c>/usr/bin/prometheus</c> (Debian package <c>prometheus</c>).</summary>
    public string PrometheusBinary { get; init; } = "/usr/bin/prometheus";

    /// <summary>The Alertmanager executable. Default: <c>/usr/bin/prometheus-alertmanager</c>.</summary>
    public string AlertmanagerBinary { get; init; } = "/usr/bin/prometheus-alertmanager";

    /// <summary>The Pushgateway executable. Default: <c>/usr/bin/prometheus-pushgateway</c>.</summary>
    public string PushgatewayBinary { get; init; } = "/usr/bin/prometheus-pushgateway";

    /// <summary>How long each component may take to answer <c>/-/ready</c>. Default: 30 s.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
