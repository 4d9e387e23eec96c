using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MlopsKit.Tracking;

/// <summary>Connection plumbing: one operation at a time per store, retried while another process holds the write lock.</summary>
public sealed partial class SqliteTrackingStore
{
    /// <summary>How long an operation keeps retrying while another process holds the write lock. Default: 30 s.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    private Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken) =>
        WithRetriesAsync(() =>
        {
            using var tx = _db.BeginTransaction(deferred: false);
            var result = work(tx);
            tx.Commit();
            return result;
        }, cancellationToken);

    private Task<T> ReadAsync<T>(Func<T> work, CancellationToken cancellationToken) => WithRetriesAsync(work, cancellationToken);

    private async Task<T> WithRetriesAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = Stopwatch.GetTimestamp();
            for (var attempt = 0; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    return work();
                }
                catch (SqliteException e) when (IsBusy(e) && Stopwatch.GetElapsedTime(started) < LockTimeout)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200, 5 * (attempt + 1))), _time, cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException e) when (IsBusy(e))
                {
                    throw new ConflictException($"the tracking database '{DatabasePath}' stayed locked by another process for more than " +
                        $"{LockTimeout.TotalSeconds:0} s; nothing was written. Try again when that process has finished.");
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void Retry(Action work)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                work();
                return;
            }
            catch (SqliteException e) when (IsBusy(e) && attempt < 100)
            {
                Thread.Sleep(Math.Min(200, 5 * (attempt + 1)));
            }
        }
    }

    private static bool IsBusy(SqliteException e) => e.SqliteErrorCode is SqliteBusy or SqliteLocked;

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private void Exec(string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, tx, parameters);
        cmd.ExecuteNonQuery();
    }

    private long ScalarLong(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, tx, parameters);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private Dictionary<string, string> Pairs(string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, null, parameters);
        using var r = cmd.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read()) result[r.GetString(0)] = r.IsDBNull(1) ? "" : r.GetString(1);
        return result;
    }

    private const string RunColumns = "run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage";

    private static RunInfo ReadRunInfo(SqliteDataReader r) => new(
        r.GetString(0), r.GetInt64(1).ToString(CultureInfo.InvariantCulture), r.IsDBNull(2) ? "" : r.GetString(2), r.IsDBNull(3) ? "" : r.GetString(3),
        Enum.Parse<RunStatus>(r.GetString(4)), r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetString(7), r.GetString(8));

    private RunInfo? ReadRunInfo(string runId, SqliteTransaction? tx)
    {
        using var cmd = Command($"SELECT {RunColumns} FROM runs WHERE run_uuid=$id", tx, ("$id", runId));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadRunInfo(r) : null;
    }

    private RunData ReadRunData(string runId)
    {
        var metrics = new Dictionary<string, Metric>(StringComparer.Ordinal);
        using (var cmd = Command("SELECT key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid=$id", null, ("$id", runId)))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) metrics[r.GetString(0)] = ReadMetric(r);
        return new RunData(metrics,
            Pairs("SELECT key, value FROM params WHERE run_uuid=$id", ("$id", runId)),
            Pairs("SELECT key, value FROM tags WHERE run_uuid=$id", ("$id", runId)));
    }

    /// <summary>Whole run data for many runs at once: three queries per chunk of ids instead of three per run.</summary>
    private Dictionary<string, RunData> ReadRunData(IReadOnlyList<string> runIds)
    {
        var metrics = new Dictionary<string, Dictionary<string, Metric>>(StringComparer.Ordinal);
        var parameters = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var tags = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var chunk in runIds.Chunk(500))
        {
            var names = string.Join(",", chunk.Select((_, i) => "$r" + i.ToString(CultureInfo.InvariantCulture)));
            var args = chunk.Select((id, i) => ("$r" + i.ToString(CultureInfo.InvariantCulture), (object?)id)).ToArray();
            using (var cmd = Command($"SELECT key, value, timestamp, step, is_nan, run_uuid FROM latest_metrics WHERE run_uuid IN ({names})", null, args))
            using (var r = cmd.ExecuteReader())
                while (r.Read()) Slot(metrics, r.GetString(5))[r.GetString(0)] = ReadMetric(r);
            foreach (var (table, into) in new[] { ("params", parameters), ("tags", tags) })
            {
                using var cmd = Command($"SELECT key, value, run_uuid FROM {table} WHERE run_uuid IN ({names})", null, args);
                using var r = cmd.ExecuteReader();
                while (r.Read()) Slot(into, r.GetString(2))[r.GetString(0)] = r.IsDBNull(1) ? "" : r.GetString(1);
            }
        }
        return runIds.ToDictionary(id => id, id => new RunData(
            metrics.GetValueOrDefault(id) ?? [], parameters.GetValueOrDefault(id) ?? [], tags.GetValueOrDefault(id) ?? []), StringComparer.Ordinal);
    }

    /// <summary>Reads (key, value, timestamp, step, is_nan), turning MLflow's stored ±double.MaxValue back into infinities.</summary>
    private static Metric ReadMetric(SqliteDataReader r)
    {
        var value = r.GetInt64(4) != 0 ? double.NaN : r.GetDouble(1);
        if (value == double.MaxValue) value = double.PositiveInfinity;
        else if (value == double.MinValue) value = double.NegativeInfinity;
        return new Metric(r.GetString(0), value, r.IsDBNull(2) ? 0 : r.GetInt64(2), r.GetInt64(3));
    }
}
