using Microsoft.Data.Sqlite;

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
            if (metrics.Count > 0) InsertMetrics(runId, metrics, tx);
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

    /// <summary>
    /// Appends the points through one prepared statement, then moves latest_metrics once per key, in one upsert: to the
    /// batch's newest point by (step, timestamp, value), when that is newer than the stored one (MLflow's rule; ties keep the stored point).
    /// </summary>
    private void InsertMetrics(string runId, IReadOnlyList<Metric> metrics, SqliteTransaction tx)
    {
        var newest = new Dictionary<string, Metric>(StringComparer.Ordinal);
        using (var insert = Command("INSERT OR IGNORE INTO metrics(key, value, timestamp, run_uuid, step, is_nan) VALUES($k, $v, $t, $r, $s, $n)", tx,
            ("$k", ""), ("$v", 0.0), ("$t", 0L), ("$r", runId), ("$s", 0L), ("$n", 0)))
        {
            insert.Prepare();
            var (key, value, timestamp, step, isNan) = (insert.Parameters["$k"], insert.Parameters["$v"], insert.Parameters["$t"], insert.Parameters["$s"], insert.Parameters["$n"]);
            foreach (var m in metrics)
            {
                var stored = Stored(m.Value);
                (key.Value, value.Value, timestamp.Value, step.Value, isNan.Value) = (m.Key, stored.Value, m.Timestamp, m.Step, stored.IsNan ? 1 : 0);
                insert.ExecuteNonQuery();
                if (!newest.TryGetValue(m.Key, out var best) || Rank(m).CompareTo(Rank(best)) > 0) newest[m.Key] = m;
            }
        }
        foreach (var m in newest.Values)
        {
            var (value, isNan) = Stored(m.Value);
            Exec("INSERT INTO latest_metrics(key, value, timestamp, step, is_nan, run_uuid) VALUES($k, $v, $t, $s, $n, $r) " +
                 "ON CONFLICT(key, run_uuid) DO UPDATE SET value=excluded.value, timestamp=excluded.timestamp, step=excluded.step, is_nan=excluded.is_nan " +
                 "WHERE (excluded.step, excluded.timestamp, excluded.value) > (latest_metrics.step, COALESCE(latest_metrics.timestamp, 0), latest_metrics.value)", tx,
                ("$k", m.Key), ("$v", value), ("$t", m.Timestamp), ("$s", m.Step), ("$n", isNan ? 1 : 0), ("$r", runId));
        }
    }

    private static (long Step, long Timestamp, double Value) Rank(Metric m) => (m.Step, m.Timestamp, Stored(m.Value).Value);

    /// <summary>MLflow's SQL encoding: NaN as 0 with is_nan, infinities as ±double.MaxValue.</summary>
    private static (double Value, bool IsNan) Stored(double value) =>
        double.IsNaN(value) ? (0, true)
        : double.IsPositiveInfinity(value) ? (double.MaxValue, false)
        : double.IsNegativeInfinity(value) ? (double.MinValue, false)
        : (value, false);
}
