namespace MlopsKit.Tracking;

/// <summary>
/// A run being logged to (MLflow's <c>ActiveRun</c>). Logging calls only validate and buffer, so they are cheap inside a
/// training loop; buffers are written in batches in the background and on <see cref="FlushAsync"/> / <see cref="EndAsync"/>.
/// Disposing ends the run FINISHED, or FAILED after <see cref="Fail"/>.
/// </summary>
public sealed partial class ActiveRun : IAsyncDisposable
{
    private readonly StartRunOptions _options;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly Dictionary<string, string> _params = new(StringComparer.Ordinal);
    private List<Metric> _metrics = [];
    private List<Param> _pendingParams = [];
    private List<RunTag> _pendingTags = [];
    private Task _background = Task.CompletedTask;
    private Exception? _backgroundError;
    private bool _failed;
    private int _ended;

    internal ActiveRun(TrackingClient client, ActiveRun? parent, StartRunOptions options)
    {
        Client = client;
        Parent = parent;
        _options = options;
    }

    /// <summary>The active run of this async flow (<see cref="Tracker.ActiveRun"/>).</summary>
    public static ActiveRun? Current => Tracker.ActiveRun;

    /// <summary>The client this run writes through.</summary>
    public TrackingClient Client { get; }

    /// <summary>The enclosing run of a nested run, or null.</summary>
    public ActiveRun? Parent { get; }

    /// <summary>The 32-hex run id.</summary>
    public string RunId { get; private set; } = "";

    /// <summary>The experiment the run belongs to.</summary>
    public string ExperimentId { get; private set; } = "";

    /// <summary>The run name.</summary>
    public string RunName { get; private set; } = "";

    /// <summary>The local folder of the run's artifacts.</summary>
    public string ArtifactDirectory { get; private set; } = "";

    /// <summary>True once the run has ended.</summary>
    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    internal async Task<ActiveRun> StartAsync(string? experimentName, string? experimentId, CancellationToken cancellationToken)
    {
        try
        {
            var resumeId = _options.RunId ?? (Parent is null ? Environment.GetEnvironmentVariable("MLFLOW_RUN_ID") is { Length: > 0 } e ? e : null : null);
            Run run;
            if (resumeId is not null)
            {
                run = await Client.Store.GetRunAsync(resumeId, cancellationToken).ConfigureAwait(false);
                await Client.Store.UpdateRunAsync(resumeId, RunStatus.RUNNING, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var (k, v) in run.Data.Params) _params[k] = v;
            }
            else
            {
                var expId = experimentId ?? await ResolveExperimentAsync(experimentName, cancellationToken).ConfigureAwait(false);
                var tags = SystemTags.Collect();
                if (Parent is not null) tags[SystemTags.ParentRunId] = Parent.RunId;
                if (_options.Description is not null) tags[SystemTags.NoteContent] = _options.Description;
                foreach (var (k, v) in _options.Tags ?? new Dictionary<string, string>()) tags[k] = v;
                var name = _options.RunName ?? tags.GetValueOrDefault(SystemTags.RunName) ?? RunNames.Next();
                run = await Client.Store.CreateRunAsync(expId, name, Client.NowMs, tags.Select(kv => new RunTag(kv.Key, kv.Value)).ToList(), cancellationToken)
                    .ConfigureAwait(false);
            }
            RunId = run.Info.RunId;
            _startedMs = Client.NowMs;
            ExperimentId = run.Info.ExperimentId;
            RunName = run.Info.RunName;
            ArtifactDirectory = TrackingClient.ArtifactDirectory(run.Info);
            return this;
        }
        catch
        {
            Volatile.Write(ref _ended, 1);
            throw;
        }
    }

    private async Task<string> ResolveExperimentAsync(string? experimentName, CancellationToken cancellationToken)
    {
        if (experimentName is not null) return await Client.GetOrCreateExperimentAsync(experimentName, cancellationToken).ConfigureAwait(false);
        var (envName, envId) = Tracker.ExperimentFromEnvironment();
        if (envName is not null) return await Client.GetOrCreateExperimentAsync(envName, cancellationToken).ConfigureAwait(false);
        if (envId is not null) return (await Client.Store.GetExperimentAsync(envId, cancellationToken).ConfigureAwait(false)).ExperimentId;
        return "0";
    }

    /// <summary>Logs a param (formatted as Python's <c>str()</c> would); logging a different value for the same key is an error.</summary>
    public ActiveRun LogParam(string key, object? value)
    {
        var param = new Param(key, PythonText.Format(value));
        TrackingValidation.ValidateParam(param);
        lock (_gate)
        {
            ThrowIfUnusable();
            if (_params.TryGetValue(key, out var old))
            {
                if (old == param.Value) return this;
                throw new InvalidParameterException($"param '{key}' was already logged with value '{old}' in run '{RunId}'; " +
                    $"params are write-once, so '{param.Value}' cannot replace it. Log it under another key or start a new run.");
            }
            _params[key] = param.Value;
            _pendingParams.Add(param);
        }
        return this;
    }

    /// <summary>Logs several params.</summary>
    public ActiveRun LogParams(IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var (key, value) in parameters) LogParam(key, value);
        return this;
    }

    /// <summary>Logs a metric point at a step (timestamp: now). NaN and ±infinity are stored as MLflow stores them.</summary>
    public ActiveRun LogMetric(string key, double value, long step = 0, long? timestamp = null)
    {
        var metric = new Metric(key, value, timestamp ?? Client.NowMs, step);
        TrackingValidation.ValidateMetric(metric);
        bool flush;
        lock (_gate)
        {
            ThrowIfUnusable();
            _metrics.Add(metric);
            NoteLatest(metric);
            flush = _metrics.Count >= _options.FlushThreshold && _background.IsCompleted;
            if (flush) _background = Task.Run(() => FlushInBackgroundAsync());
        }
        return this;
    }

    /// <summary>Logs several metrics at the same step and time.</summary>
    public ActiveRun LogMetrics(IEnumerable<KeyValuePair<string, double>> metrics, long step = 0, long? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var at = timestamp ?? Client.NowMs;
        foreach (var (key, value) in metrics) LogMetric(key, value, step, at);
        return this;
    }

    /// <summary>Sets a tag (tags may be overwritten).</summary>
    public ActiveRun SetTag(string key, string value)
    {
        var tag = new RunTag(key, value);
        TrackingValidation.ValidateTag(tag);
        lock (_gate)
        {
            ThrowIfUnusable();
            _pendingTags.Add(tag);
        }
        return this;
    }

    /// <summary>Sets several tags.</summary>
    public ActiveRun SetTags(IEnumerable<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var (key, value) in tags) SetTag(key, value);
        return this;
    }

    /// <summary>Writes everything buffered so far, in MLflow-sized batches.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<Metric> metrics;
            List<Param> parameters;
            List<RunTag> tags;
            lock (_gate)
            {
                if (_backgroundError is { } error)
                {
                    _backgroundError = null;
                    throw new InvalidOperationException($"writing run '{RunId}' failed: {error.Message}", error);
                }
                (metrics, parameters, tags) = (_metrics, _pendingParams, _pendingTags);
                (_metrics, _pendingParams, _pendingTags) = ([], [], []);
            }
            await WriteBatchesAsync(metrics, parameters, tags, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _flushGate.Release();
        }
    }

    /// <summary>Marks the run to end FAILED when it is disposed (MLflow ends a <c>with</c> block that raised as FAILED).</summary>
    public void Fail(Exception? exception = null)
    {
        _failed = true;
        if (exception is not null)
            SetTag("mlopskit.failure", $"{exception.GetType().Name}: {exception.Message}"[..Math.Min(TrackingValidation.MaxTagValueLength, exception.Message.Length + exception.GetType().Name.Length + 2)]);
    }

    /// <summary>Flushes and ends the run with a status and the current time; ending twice does nothing.</summary>
    public async Task EndAsync(RunStatus status = RunStatus.FINISHED, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0) return;
        Tracker.Leave(this);
        try
        {
            await _background.ConfigureAwait(false);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (RunId.Length > 0)
                await Client.Store.UpdateRunAsync(RunId, status, Client.NowMs, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        // Only reached when the flush succeeded: a run whose data did not reach the store is not a success to report.
        if (status == RunStatus.FINISHED && RunId.Length > 0) await PushMetricsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the run FINISHED (FAILED after <see cref="Fail"/>), flushing what is buffered.</summary>
    public ValueTask DisposeAsync()
    {
        // Leave the ambient slot synchronously, so the caller's async flow no longer sees this run.
        Tracker.Leave(this);
        return new ValueTask(EndAsync(_failed ? RunStatus.FAILED : RunStatus.FINISHED));
    }

    private async Task FlushInBackgroundAsync()
    {
        try
        {
            await FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is MlopsException or IOException or InvalidOperationException)
        {
            lock (_gate) _backgroundError = e;
        }
    }

    private async Task WriteBatchesAsync(List<Metric> metrics, List<Param> parameters, List<RunTag> tags, CancellationToken cancellationToken)
    {
        int m = 0, p = 0, t = 0;
        while (m < metrics.Count || p < parameters.Count || t < tags.Count)
        {
            var ps = parameters.Skip(p).Take(TrackingValidation.MaxBatchParams).ToList();
            var ts = tags.Skip(t).Take(TrackingValidation.MaxBatchTags).ToList();
            var room = Math.Min(TrackingValidation.MaxBatchMetrics, TrackingValidation.MaxBatchEntities - ps.Count - ts.Count);
            var ms = metrics.GetRange(m, Math.Min(room, metrics.Count - m));
            await Client.Store.LogBatchAsync(RunId, ms, ps, ts, cancellationToken).ConfigureAwait(false);
            (m, p, t) = (m + ms.Count, p + ps.Count, t + ts.Count);
        }
    }

    private void ThrowIfUnusable()
    {
        if (Volatile.Read(ref _ended) != 0)
            throw new InvalidOperationException($"run '{RunId}' has ended; start a new run to log more.");
        if (_backgroundError is { } error)
        {
            _backgroundError = null;
            throw new InvalidOperationException($"writing run '{RunId}' failed: {error.Message}", error);
        }
    }
}
