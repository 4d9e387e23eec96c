namespace MlopsKit.Tracking;

/// <summary>Logging: params write-once, tags overwrite, metrics append and keep the latest point per key.</summary>
public sealed partial class SqliteTrackingStore
{
    /// <inheritdoc/>
    public Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default)
    {
        TrackingValidation.ValidateBatch(metrics, parameters, tags);
        return WriteAsync(tx =>
        {
            RequireActiveRun(runId, tx);
            foreach (var p in parameters)
            {
                using (var cmd = Command("SELECT value FROM params WHERE run_uuid=$r AND key=$k", tx, ("$r", runId), ("$k", p.Key)))
                {
                    if (cmd.ExecuteScalar() is string old && old != p.Value)
                        throw new InvalidParameterException(
                            $"param '{p.Key}' of run '{runId}' already has value '{old}'; it cannot be changed to '{p.Value}'. Params are write-once: log the new value under another key or start a new run.");
                }
                Exec("INSERT OR IGNORE INTO params(key, value, run_uuid) VALUES($k, $v, $r)", tx, ("$k", p.Key), ("$v", p.Value), ("$r", runId));
            }
            foreach (var t in tags)
            {
                Exec("INSERT OR REPLACE INTO tags(key, value, run_uuid) VALUES($k, $v, $r)", tx, ("$k", t.Key), ("$v", t.Value), ("$r", runId));
                if (t.Key == "mlflow.runName")
                    Exec("UPDATE runs SET name=$v WHERE run_uuid=$r", tx, ("$v", t.Value), ("$r", runId));
            }
            foreach (var m in metrics)
            {
                var (value, isNan) = Stored(m.Value);
                Exec("INSERT OR IGNORE INTO metrics(key, value, timestamp, run_uuid, step, is_nan) VALUES($k, $v, $t, $r, $s, $n)", tx,
                    ("$k", m.Key), ("$v", value), ("$t", m.Timestamp), ("$r", runId), ("$s", m.Step), ("$n", isNan ? 1 : 0));
                (long Step, long Timestamp, double Value)? latest = null;
                using (var cmd = Command("SELECT step, timestamp, value FROM latest_metrics WHERE run_uuid=$r AND key=$k", tx, ("$r", runId), ("$k", m.Key)))
                using (var r = cmd.ExecuteReader())
                    if (r.Read()) latest = (r.GetInt64(0), r.IsDBNull(1) ? 0 : r.GetInt64(1), r.GetDouble(2));
                if (latest is null || (m.Step, m.Timestamp, value).CompareTo(latest.Value) > 0)
                    Exec("INSERT OR REPLACE INTO latest_metrics(key, value, timestamp, step, is_nan, run_uuid) VALUES($k, $v, $t, $s, $n, $r)", tx,
                        ("$k", m.Key), ("$v", value), ("$t", m.Timestamp), ("$s", m.Step), ("$n", isNan ? 1 : 0), ("$r", runId));
            }
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<Metric>>(() =>
        {
            if (ReadRunInfo(runId, null) is null) throw RunNotFound(runId);
            using var cmd = Command("SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid=$r AND key=$k ORDER BY step, timestamp, value", null,
                ("$r", runId), ("$k", key));
            using var r = cmd.ExecuteReader();
            var points = new List<Metric>();
            while (r.Read()) points.Add(ReadMetric(r));
            return points;
        }, cancellationToken);

    /// <summary>MLflow's SQL encoding: NaN as 0 with is_nan, infinities as ±double.MaxValue.</summary>
    private static (double Value, bool IsNan) Stored(double value) =>
        double.IsNaN(value) ? (0, true)
        : double.IsPositiveInfinity(value) ? (double.MaxValue, false)
        : double.IsNegativeInfinity(value) ? (double.MinValue, false)
        : (value, false);
}
