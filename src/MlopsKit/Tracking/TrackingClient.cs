namespace MlopsKit.Tracking;

/// <summary>
/// The explicit tracking tier (MLflow's <c>MlflowClient</c>): no ambient state, every id passed in.
/// Wraps one <see cref="ITrackingStore"/> and handles the artifacts of local artifact roots.
/// </summary>
public sealed partial class TrackingClient : IDisposable
{
    private readonly bool _ownsStore;

    /// <summary>Opens the store a tracking URI names (see <see cref="TrackingUri"/>).</summary>
    public TrackingClient(string? trackingUri = null, TimeProvider? time = null)
        : this(TrackingUri.OpenStore(trackingUri, time), time, ownsStore: true)
    {
        Uri = TrackingUri.Resolve(trackingUri);
    }

    /// <summary>Uses an open store; the caller keeps ownership of it.</summary>
    public TrackingClient(ITrackingStore store, TimeProvider? time = null) : this(store, time, ownsStore: false)
    {
    }

    private TrackingClient(ITrackingStore store, TimeProvider? time, bool ownsStore)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        Time = time ?? TimeProvider.System;
        _ownsStore = ownsStore;
        Uri = store is SqliteTrackingStore s ? "sqlite:///" + s.DatabasePath : store.GetType().Name;
    }

    /// <summary>The store every call goes to.</summary>
    public ITrackingStore Store { get; }

    /// <summary>The tracking URI (or store description) this client talks to.</summary>
    public string Uri { get; }

    /// <summary>Clock used for run and metric timestamps.</summary>
    public TimeProvider Time { get; }

    /// <summary>Now, in Unix milliseconds, as MLflow timestamps are.</summary>
    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Returns the id of the named experiment, creating it when missing (MLflow's <c>set_experiment</c>).</summary>
    public async Task<string> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        var existing = await Store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (existing.LifecycleStage != "active")
                throw new InvalidParameterException($"experiment '{name}' is deleted; restore it with 'mlops experiments restore --experiment-id {existing.ExperimentId}' or pick another name.");
            return existing.ExperimentId;
        }
        try
        {
            return await Store.CreateExperimentAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            // Another process created it between our lookup and insert.
            return (await Store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false))!.ExperimentId;
        }
    }

    /// <summary>The named experiment; <see cref="NotFoundException"/> when missing.</summary>
    public async Task<Experiment> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default) =>
        await Store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException($"experiment '{name}' does not exist; list them with 'mlops experiments list'.");

    /// <summary>Logs one metric point (one transaction; the fluent <see cref="ActiveRun"/> buffers instead).</summary>
    public Task LogMetricAsync(string runId, string key, double value, long step = 0, long? timestamp = null, CancellationToken cancellationToken = default) =>
        Store.LogBatchAsync(runId, [new Metric(key, value, timestamp ?? NowMs, step)], [], [], cancellationToken);

    /// <summary>Logs one param; re-logging a different value is an error.</summary>
    public Task LogParamAsync(string runId, string key, object? value, CancellationToken cancellationToken = default) =>
        Store.LogBatchAsync(runId, [], [new Param(key, PythonText.Format(value))], [], cancellationToken);

    /// <summary>Sets one run tag.</summary>
    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        Store.LogBatchAsync(runId, [], [], [new RunTag(key, value)], cancellationToken);

    /// <summary>Ends a run with a status (FINISHED by default) and the current time.</summary>
    public Task<RunInfo> SetTerminatedAsync(string runId, RunStatus status = RunStatus.FINISHED, CancellationToken cancellationToken = default) =>
        Store.UpdateRunAsync(runId, status, NowMs, cancellationToken: cancellationToken);

    /// <summary>Every run matching a search, all pages read.</summary>
    public async Task<IReadOnlyList<Run>> SearchAllRunsAsync(RunSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var all = new List<Run>();
        var page = search with { MaxResults = Math.Max(search.MaxResults, RunSearch.MaxResultsLimit) };
        do
        {
            var (runs, next) = await Store.SearchRunsAsync(page, cancellationToken).ConfigureAwait(false);
            all.AddRange(runs);
            page = page with { PageToken = next };
        }
        while (page.PageToken is not null);
        return all;
    }

    /// <summary>Closes the store when this client opened it.</summary>
    public void Dispose()
    {
        if (_ownsStore && Store is IDisposable d) d.Dispose();
    }
}
