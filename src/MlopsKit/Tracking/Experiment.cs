namespace MlopsKit.Tracking;

/// <summary>An MLflow experiment: a named group of runs with an artifact location and tags.</summary>
public sealed record Experiment(
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    string LifecycleStage,
    long CreationTime,
    long LastUpdateTime,
    IReadOnlyDictionary<string, string> Tags);
