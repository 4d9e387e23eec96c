namespace MlopsKit.Tracking;

/// <summary>
/// Where an experiment of the file store went: its id there (the folder name), its id in the store, and whether an
/// experiment of the same name already existed and received the runs.
/// </summary>
public sealed record ImportedExperiment(string SourceId, string TargetId, string Name, bool Existing, string LifecycleStage);
