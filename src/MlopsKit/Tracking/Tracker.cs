namespace MlopsKit.Tracking;

/// <summary>
/// The fluent tracking tier (MLflow's <c>mlflow.*</c> module functions): a tracking URI, a current experiment and an
/// ambient active run that flows with async calls. Runs log through a shared <see cref="TrackingClient"/>.
/// </summary>
public static class Tracker
{
    private static readonly AsyncLocal<ActiveRun?> s_active = new();
    private static readonly Lock s_gate = new();
    private static string? s_trackingUri;
    private static string? s_experimentName;
    private static string? s_experimentId;
    private static TrackingClient? s_client;

    /// <summary>The tracking URI in effect (see <see cref="TrackingUri.Resolve"/>).</summary>
    public static string CurrentTrackingUri => TrackingUri.Resolve(s_trackingUri);

    /// <summary>The innermost run started on this async flow and not yet ended, or null.</summary>
    public static ActiveRun? ActiveRun
    {
        get
        {
            var run = s_active.Value;
            while (run is { IsEnded: true }) run = run.Parent;
            return run;
        }
    }

    /// <summary>The client every fluent call uses, opened on first use from <see cref="CurrentTrackingUri"/>.</summary>
    public static TrackingClient Client
    {
        get
        {
            lock (s_gate) return s_client ??= new TrackingClient(s_trackingUri);
        }
    }

    /// <summary>Points the fluent tier at another store (MLflow's <c>set_tracking_uri</c>); null goes back to the default.</summary>
    public static void SetTrackingUri(string? uri)
    {
        lock (s_gate)
        {
            s_client?.Dispose();
            s_client = null;
            s_trackingUri = uri;
        }
    }

    /// <summary>The Pushgateway runs push their final metrics to (see <see cref="StartRunOptions.Pushgateway"/>); null: <c>MLOPS_PUSHGATEWAY_URL</c>, else none.</summary>
    public static string? Pushgateway { get; private set; }

    /// <summary>Sends the final metrics of every run that ends FINISHED to this Pushgateway; null goes back to <c>MLOPS_PUSHGATEWAY_URL</c>.</summary>
    public static void SetPushgateway(string? url)
    {
        if (url is not null) Monitoring.PushgatewayClient.ResolveUrl(url);
        Pushgateway = url;
    }

    /// <summary>Makes the named experiment current for new runs; it is created on first use (MLflow's <c>set_experiment</c>).</summary>
    public static void SetExperiment(string name)
    {
        TrackingValidation.ValidateExperimentName(name);
        lock (s_gate) (s_experimentName, s_experimentId) = (name, null);
    }

    /// <summary>
    /// Starts a run (or resumes <see cref="StartRunOptions.RunId"/> / <c>MLFLOW_RUN_ID</c>) and makes it the active run of this async flow.
    /// Dispose it to end it FINISHED; call <see cref="Tracking.ActiveRun.Fail"/> or use <see cref="RunAsync"/> to end it FAILED on an exception.
    /// </summary>
    public static Task<ActiveRun> StartRunAsync(string? experimentName = null, StartRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new StartRunOptions();
        var current = ActiveRun;
        if (current is not null && !options.Nested)
            throw new ConflictException($"run '{current.RunId}' is already active. End it first (dispose it or call EndAsync), " +
                "or start a nested run with new StartRunOptions { Nested = true }.");
        var run = new ActiveRun(options.Client ?? Client, options.Nested ? current : null, options);
        // Set here, in a non-async method, so the caller's async flow sees the new run.
        s_active.Value = run;
        string? experimentId;
        lock (s_gate)
        {
            experimentName ??= s_experimentName;
            experimentId = options.ExperimentId ?? (experimentName is null ? s_experimentId : null);
        }
        return run.StartAsync(experimentName, experimentId, cancellationToken);
    }

    /// <summary>Runs <paramref name="body"/> inside a new run: FINISHED when it returns, FAILED (and rethrown) when it throws, KILLED when cancelled.</summary>
    public static async Task RunAsync(string? experimentName, Func<ActiveRun, Task> body, StartRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var run = await StartRunAsync(experimentName, options, cancellationToken).ConfigureAwait(false);
        try
        {
            await body(run).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await run.EndAsync(RunStatus.KILLED, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception)
        {
            await run.EndAsync(RunStatus.FAILED, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        await run.EndAsync(RunStatus.FINISHED, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the active run, if any (MLflow's <c>end_run</c>).</summary>
    public static Task EndRunAsync(RunStatus status = RunStatus.FINISHED, CancellationToken cancellationToken = default)
    {
        var run = ActiveRun;
        if (run is null) return Task.CompletedTask;
        Leave(run);
        return run.EndAsync(status, cancellationToken);
    }

    /// <summary>Makes a run the active one of this async flow (for hosts that run code in pieces, such as notebook cells).</summary>
    public static void Activate(ActiveRun run) => s_active.Value = run ?? throw new ArgumentNullException(nameof(run));

    internal static void Leave(ActiveRun run)
    {
        if (ReferenceEquals(s_active.Value, run)) s_active.Value = run.Parent;
    }

    internal static (string? Name, string? Id) ExperimentFromEnvironment() =>
        (Environment.GetEnvironmentVariable("MLFLOW_EXPERIMENT_NAME") is { Length: > 0 } n ? n : null,
         Environment.GetEnvironmentVariable("MLFLOW_EXPERIMENT_ID") is { Length: > 0 } i ? i : null);
}
