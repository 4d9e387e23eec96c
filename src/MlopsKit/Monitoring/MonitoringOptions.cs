namespace MlopsKit.Monitoring;

/// <summary>What <see cref="MonitoringStack.Write"/> generates: scrape targets, intervals and every alert threshold.</summary>
public sealed record MonitoringOptions
{
    /// <summary>Model servers to scrape, as <c>host:port</c>.</summary>
    public IReadOnlyList<string> Targets { get; init; } = ["127.0.0.1:5000"];

    /// <summary>Global scrape and rule evaluation interval.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The Pushgateway, scraped with <c>honor_labels: true</c>.</summary>
    public string PushgatewayTarget { get; init; } = "127.0.0.1:9091";

    /// <summary>The Alertmanager Prometheus sends alerts to.</summary>
    public string AlertmanagerTarget { get; init; } = "127.0.0.1:9093";

    /// <summary>Share of 5xx answers over 5m above which <c>ModelServerHighErrorRatio</c> fires.</summary>
    public double ErrorRatio { get; init; } = 0.05;

    /// <summary>p99 request latency (seconds) above which <c>ModelServerHighLatencyP99</c> fires.</summary>
    public double P99LatencySeconds { get; init; } = 0.5;

    /// <summary>Requests in flight above which <c>ModelServerSaturated</c> fires.</summary>
    public int InFlightMax { get; init; } = 100;

    /// <summary>How long the request rate must stay at zero before <c>ModelServerNoTraffic</c> fires.</summary>
    public TimeSpan TrafficDropFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>PSI above which <c>ModelFeatureDriftWatch</c> (severity info) fires.</summary>
    public double PsiWatch { get; init; } = 0.1;

    /// <summary>PSI above which <c>ModelFeatureDriftHigh</c> (severity warning) fires.</summary>
    public double PsiAlert { get; init; } = 0.25;

    /// <summary>Where Alertmanager posts alert notifications.</summary>
    public string WebhookUrl { get; init; } = "http://127.0.0.1:5001/alerts";
}
