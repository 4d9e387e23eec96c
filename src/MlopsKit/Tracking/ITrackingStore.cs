namespace MlopsKit.Tracking;

/// <summary>Where experiments, runs, params, tags, metrics and dataset inputs are kept (MLflow's tracking store).</summary>
public interface ITrackingStore
{
    /// <summary>Creates an experiment and returns its id.</summary>
    Task<string> CreateExperimentAsync(string name, string? artifactLocation = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>The experiment with this name, or null when there is none.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The experiment with this id; <see cref="NotFoundException"/> when there is none.</summary>
    Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>Experiments in one lifecycle view, by id.</summary>
    Task<IReadOnlyList<Experiment>> SearchExperimentsAsync(ViewType viewType = ViewType.ActiveOnly, CancellationToken cancellationToken = default);

    /// <summary>Marks an experiment and its runs deleted (restorable).</summary>
    Task DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>Brings a deleted experiment and its runs back.</summary>
    Task RestoreExperimentAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>Sets (or overwrites) an experiment tag.</summary>
    Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Starts a RUNNING run in an experiment.</summary>
    Task<Run> CreateRunAsync(string experimentId, string? runName, long startTime, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default);

    /// <summary>A run with its latest metrics, params, tags and inputs.</summary>
    Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Writes metrics, params and tags in one transaction: all or nothing.</summary>
    Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default);

    /// <summary>Records datasets as inputs of a run.</summary>
    Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken = default);

    /// <summary>Removes a run tag.</summary>
    Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>Sets a run's status, and optionally its end time and name.</summary>
    Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, long? endTime = null, string? runName = null, CancellationToken cancellationToken = default);

    /// <summary>Marks a run deleted (restorable).</summary>
    Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Brings a deleted run back.</summary>
    Task RestoreRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Every point of one metric, ordered by step, then timestamp.</summary>
    Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>One page of runs matching a search, and the token of the next page (null on the last).</summary>
    Task<(IReadOnlyList<Run> Runs, string? NextPageToken)> SearchRunsAsync(RunSearch search, CancellationToken cancellationToken = default);
}
