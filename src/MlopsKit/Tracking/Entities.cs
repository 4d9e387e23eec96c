namespace MlopsKit.Tracking;

/// <summary>One metric point, as MLflow stores it: a value at a step and a Unix time in milliseconds.</summary>
public sealed record Metric(string Key, double Value, long Timestamp, long Step = 0);

/// <summary>A run parameter; write-once per run.</summary>
public sealed record Param(string Key, string Value);

/// <summary>A run or experiment tag; tags may be overwritten.</summary>
public sealed record RunTag(string Key, string Value);
