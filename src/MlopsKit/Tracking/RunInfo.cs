namespace MlopsKit.Tracking;

/// <summary>A run's metadata: ids, name, status, times, artifact URI and lifecycle stage.</summary>
public sealed record RunInfo(
    string RunId,
    string ExperimentId,
    string RunName,
    string UserId,
    RunStatus Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    string LifecycleStage);
