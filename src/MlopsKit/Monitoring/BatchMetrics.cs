namespace MlopsKit.Monitoring;

/// <summary>The metrics batch jobs push to the Pushgateway (<c>dvc push</c>, tracked training runs), and a push that warns instead of failing.</summary>
internal static class BatchMetrics
{
    public static IReadOnlyList<MetricFamily> DvcPush(TimeSpan duration, int files, long bytes, bool success, DateTimeOffset now)
    {
        var families = new List<MetricFamily>
        {
            MetricFamily.Gauge("mlops_dvc_push_duration_seconds", duration.TotalSeconds, "Wall time of the last mlops dvc push."),
            MetricFamily.Gauge("mlops_dvc_push_files", files, "Objects uploaded by the last mlops dvc push."),
            MetricFamily.Gauge("mlops_dvc_push_bytes", bytes, "Bytes uploaded by the last mlops dvc push."),
        };
        // Only a clean push moves the success time, so 'time() - ..._last_success_timestamp_seconds' alerts on pushes that keep failing.
        if (success) families.Add(MetricFamily.Gauge("mlops_dvc_push_last_success_timestamp_seconds", now.ToUnixTimeMilliseconds() / 1000.0, "Unix time of the last mlops dvc push that uploaded everything."));
        return families;
    }

    public static IReadOnlyList<MetricFamily> Training(TimeSpan duration, IReadOnlyDictionary<string, double> finalMetrics, DateTimeOffset now) =>
    [
        MetricFamily.Gauge("mlops_training_duration_seconds", duration.TotalSeconds, "Wall time of the last successful training run."),
        new MetricFamily("mlops_run_metric", MetricKind.Gauge, "Final value of each metric the run logged.",
            [.. finalMetrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new MetricSample(new Dictionary<string, string> { ["metric"] = m.Key }, m.Value))]),
        MetricFamily.Gauge("mlops_training_last_success_timestamp_seconds", now.ToUnixTimeMilliseconds() / 1000.0, "Unix time the last successful training run ended."),
    ];

    /// <summary>POSTs the metrics (same-named ones replaced, the rest of the group kept); returns why it failed, or null.</summary>
    public static async Task<string?> TryPushAsync(Uri gateway, string job, IReadOnlyDictionary<string, string> grouping, IReadOnlyList<MetricFamily> metrics, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new PushgatewayClient(gateway);
            await client.PushAsync(job, grouping, metrics.Where(f => f.Samples.Count > 0), replace: false, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (MlopsException e)
        {
            return $"metrics were not pushed: {e.Message}";
        }
    }
}
