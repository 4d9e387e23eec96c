namespace MlopsKit.Tracking;

/// <summary>Where experiments, runs, params, tags and metrics are kept (MLflow's tracking store).</summary>
public interface ITrackingStore
{
    /// <summary>Creates an experiment and returns its id.</summary>
    Task<string> CreateExperimentAsync(string name, string? artifactLocation = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>The experiment with this name, or null when there is none.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Starts a RUNNING run in an experiment.</summary>
    Task<Run> CreateRunAsync(string experimentId, string? runName, long startTime, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default);

    /// <summary>A run with its latest metrics, params and tags.</summary>
    Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Writes metrics, params and tags in one transaction: all or nothing.</summary>
    Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default);

    /// <summary>Sets a run's status, and optionally its end time and name.</summary>
    Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, long? endTime = null, string? runName = null, CancellationToken cancellationToken = default);

    /// <summary>Every point of one metric, ordered by step, then timestamp.</summary>
    Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>One page of runs matching a search, and the token of the next page (null on the last).</summary>
    Task<(IReadOnlyList<Run> Runs, string? NextPageToken)> SearchRunsAsync(RunSearch search, CancellationToken cancellationToken = default);
}
