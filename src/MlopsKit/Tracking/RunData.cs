namespace MlopsKit.Tracking;

/// <summary>A run's data: the latest point of each metric, its params and its tags.</summary>
public sealed record RunData(
    IReadOnlyDictionary<string, Metric> Metrics,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags);
