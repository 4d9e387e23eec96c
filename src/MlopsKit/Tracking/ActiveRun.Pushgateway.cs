using MlopsKit.Monitoring;

namespace MlopsKit.Tracking;

public sealed partial class ActiveRun
{
    private readonly Dictionary<string, Metric> _latest = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];
    private long _startedMs;

    /// <summary>Problems that did not fail the run, such as a Pushgateway push that failed.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_gate) return [.. _warnings];
        }
    }

    /// <summary>The latest value of each metric logged so far (highest step, then newest timestamp, as MLflow's latest metrics).</summary>
    public IReadOnlyDictionary<string, double> LatestMetrics
    {
        get
        {
            lock (_gate) return _latest.ToDictionary(m => m.Key, m => m.Value.Value, StringComparer.Ordinal);
        }
    }

    private void NoteLatest(Metric metric)
    {
        if (!_latest.TryGetValue(metric.Key, out var old) || metric.Step > old.Step || (metric.Step == old.Step && metric.Timestamp >= old.Timestamp))
            _latest[metric.Key] = metric;
    }

    /// <summary>Pushes duration, final metrics and success time, grouped by job=training, experiment and run; a failure only warns.</summary>
    private async Task PushMetricsAsync(CancellationToken cancellationToken)
    {
        string? warning;
        try
        {
            var gateway = PushgatewayClient.ResolveUrl(_options.Pushgateway ?? Tracker.Pushgateway);
            if (gateway is null) return;
            var experiment = (await Client.Store.GetExperimentAsync(ExperimentId, cancellationToken).ConfigureAwait(false)).Name;
            var duration = TimeSpan.FromMilliseconds(Math.Max(0, Client.NowMs - _startedMs));
            var grouping = new Dictionary<string, string> { ["experiment"] = experiment, ["run"] = RunName };
            var metrics = BatchMetrics.Training(duration, LatestMetrics, TimeProvider.System.GetUtcNow());
            warning = await BatchMetrics.TryPushAsync(gateway, "training", grouping, metrics, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsException e)
        {
            warning = $"metrics were not pushed: {e.Message}";
        }
        if (warning is null) return;
        warning = $"run '{RunName}' finished, but its {warning}";
        lock (_gate) _warnings.Add(warning);
        _options.OnWarning?.Invoke(warning);
    }
}
