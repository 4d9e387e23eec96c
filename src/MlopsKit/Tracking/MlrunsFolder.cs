namespace MlopsKit.Tracking;

/// <summary>An experiment folder of an MLflow file store, as read from its <c>meta.yaml</c> and <c>tags/</c>.</summary>
internal sealed record MlrunsExperiment(
    string SourceId,
    string Directory,
    string Name,
    string LifecycleStage,
    long? CreationTime,
    long? LastUpdateTime,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>A run folder of an MLflow file store, read completely before anything is written.</summary>
internal sealed record MlrunsRun(
    string RunId,
    string Directory,
    string Name,
    string UserId,
    RunStatus Status,
    long StartTime,
    long? EndTime,
    string LifecycleStage,
    long? DeletedTime,
    string ArtifactUri,
    string SourceType,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<Metric> Metrics,
    IReadOnlyList<DatasetInput> Inputs);

/// <summary>Where an imported experiment's runs go in the store.</summary>
internal sealed record ImportTarget(string ExperimentId, string ArtifactLocation, string LifecycleStage, bool Existing, int TagsWritten);

/// <summary>Rows one imported run added.</summary>
internal sealed record ImportedRunCounts(int Params, int Tags, int MetricPoints, int Datasets);

/// <summary>A file of the file store that cannot be read; the importer turns it into a <see cref="SkippedItem"/>.</summary>
internal sealed class MlrunsFormatException(string path, int? line, string reason) : Exception(line is null ? $"{path}: {reason}" : $"{path}:{line}: {reason}")
{
    public string FilePath { get; } = path;

    public int? Line { get; } = line;

    public string Reason { get; } = reason;
}
