namespace MlopsKit.Monitoring;

/// <summary>One sample of a Prometheus series: its time and value (NaN and ±infinity as Prometheus returns them).</summary>
public readonly record struct PrometheusPoint(DateTimeOffset Timestamp, double Value);
