namespace MlopsKit.Monitoring;

/// <summary>A metric family to push: one name, one type, one help text, its samples.</summary>
public sealed record MetricFamily(string Name, MetricKind Kind, string? Help, IReadOnlyList<MetricSample> Samples)
{
    /// <summary>A gauge with one unlabelled sample.</summary>
    public static MetricFamily Gauge(string name, double value, string? help = null) => new(name, MetricKind.Gauge, help, [new MetricSample(value)]);
}
