namespace MlopsKit.Monitoring;

/// <summary>What <see cref="MonitoringStack.Write"/> generates: scrape targets, intervals and every alert threshold.</summary>
public sealed record MonitoringOptions
{
    /// <summary>Model servers to scrape, as <c>host:port</c>, under the job <c>model-server</c> (the job <c>ModelServerDown</c>'s <c>up{job="model-server"}</c> watches).</summary>
    public IReadOnlyList<string> Targets { get; init; } = ["127.0.0.1:5000"];

    /// <summary>Global scrape interval. Default: 15s.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often Prometheus evaluates the recording and alerting rules. Default: null, meaning <see cref="ScrapeInterval"/>.</summary>
    public TimeSpan? EvaluationInterval { get; init; }

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

    /// <summary>How long the error ratio must stay above <see cref="ErrorRatio"/> before <c>ModelServerHighErrorRatio</c> fires. Default: 5m.</summary>
    public TimeSpan ErrorRatioFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long p99 must stay above <see cref="P99LatencySeconds"/> before <c>ModelServerHighLatencyP99</c> fires. Default: 10m.</summary>
    public TimeSpan LatencyFor { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the request rate must stay at zero before <c>ModelServerNoTraffic</c> fires. Default: 5m.</summary>
    public TimeSpan NoTrafficFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long in-flight requests must stay above <see cref="InFlightMax"/> before <c>ModelServerSaturated</c> fires. Default: 5m.</summary>
    public TimeSpan SaturatedFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a target must stay unscrapable before <c>ModelServerDown</c> fires. Default: 2m.</summary>
    public TimeSpan DownFor { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a feature's PSI must stay above a threshold before <c>ModelFeatureDriftWatch</c>/<c>ModelFeatureDriftHigh</c> fire. Default: 30m.</summary>
    public TimeSpan DriftFor { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>PSI (the server's <c>model_feature_psi</c> gauge) above which <c>ModelFeatureDriftWatch</c> (severity info) fires.</summary>
    public double PsiWatch { get; init; } = 0.1;

    /// <summary>PSI above which <c>ModelFeatureDriftHigh</c> (severity warning) fires.</summary>
    public double PsiAlert { get; init; } = 0.25;

    /// <summary>Where Alertmanager posts alert notifications.</summary>
    public string WebhookUrl { get; init; } = "http://127.0.0.1:5001/alerts";
}
