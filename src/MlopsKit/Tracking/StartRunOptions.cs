namespace MlopsKit.Tracking;

/// <summary>Options for <see cref="Tracker.StartRunAsync(string?, StartRunOptions?, CancellationToken)"/>, as MLflow's <c>start_run</c> arguments.</summary>
public sealed record StartRunOptions
{
    /// <summary>Run name. Default: a generated <c>adjective-noun-NNN</c> name, as MLflow does.</summary>
    public string? RunName { get; init; }
    /// <summary>Start the run as a child of the active run (sets <c>mlflow.parentRunId</c>). Default: false.</summary>
    public bool Nested { get; init; }
    /// <summary>Resume this existing run instead of creating one. Default: <c>MLFLOW_RUN_ID</c> when set, else none.</summary>
    public string? RunId { get; init; }
    /// <summary>Experiment id; wins over a name. Default: the tracker's experiment, then <c>MLFLOW_EXPERIMENT_NAME</c>/<c>MLFLOW_EXPERIMENT_ID</c>, then "0".</summary>
    public string? ExperimentId { get; init; }
    /// <summary>Extra tags to set at creation (they override system tags of the same key).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    /// <summary>Markdown description, stored as <c>mlflow.note.content</c>.</summary>
    public string? Description { get; init; }
    /// <summary>The client to log through. Default: <see cref="Tracker.Client"/> (the tracking URI in effect).</summary>
    public TrackingClient? Client { get; init; }
    /// <summary>Pending metric points that trigger a background flush. Default: 1000 (MLflow's batch limit).</summary>
    public int FlushThreshold { get; init; } = TrackingValidation.MaxBatchMetrics;
    /// <summary>
    /// Pushgateway that receives <c>mlops_training_*</c> and <c>mlops_run_metric</c> when the run ends FINISHED.
    /// Default: <see cref="Tracker.Pushgateway"/>, else <c>MLOPS_PUSHGATEWAY_URL</c>, else none.
    /// </summary>
    public string? Pushgateway { get; init; }
    /// <summary>Receives, once, a problem that does not fail the run (a Pushgateway push that failed); it is also kept in <see cref="ActiveRun.Warnings"/>.</summary>
    public Action<string>? OnWarning { get; init; }
}
