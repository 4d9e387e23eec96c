namespace MlopsKit.Monitoring;

/// <summary>One sample of a pushed family: its labels (beyond the grouping key) and value.</summary>
public sealed record MetricSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>A sample without labels.</summary>
    public MetricSample(double value) : this(new Dictionary<string, string>(), value) { }
}
