using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

/// <summary>Another process holding SQLite's write lock: short holds are waited out, long ones end in a clear error with nothing written.</summary>
public sealed class LockedStoreTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteConnection HoldWriteLock()
    {
        var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _dir["mlflow.db"], Pooling = false }.ToString());
        other.Open();
        using var cmd = other.CreateCommand();
        cmd.CommandText = "BEGIN EXCLUSIVE;";
        cmd.ExecuteNonQuery();
        return other;
    }

    [Fact]
    public async Task A_write_waits_for_a_lock_that_is_released_and_then_succeeds()
    {
        using var store = SqliteTrackingStore.Open(_dir["mlflow.db"]);
        var run = await store.CreateRunAsync("0", "r", 1, [], Ct);
        var other = HoldWriteLock();
        var release = Task.Run(async () =>
        {
            await Task.Delay(1500, Ct);
            other.Dispose();
        }, Ct);

        await store.LogBatchAsync(run.Info.RunId, [new Metric("m", 1, 1)], [], [], Ct);
        await release;

        Assert.Equal(1, (await store.GetRunAsync(run.Info.RunId, Ct)).Data.Metrics["m"].Value);
    }

    [Fact]
    public async Task A_lock_held_past_the_timeout_fails_with_a_conflict_that_names_the_file_and_writes_nothing()
    {
        using var store = SqliteTrackingStore.Open(_dir["mlflow.db"]);
        store.LockTimeout = TimeSpan.FromSeconds(2);
        var run = await store.CreateRunAsync("0", "r", 1, [], Ct);
        var clock = Stopwatch.StartNew();
        using (HoldWriteLock())
        {
            var ex = await Assert.ThrowsAsync<ConflictException>(() => store.LogBatchAsync(run.Info.RunId, [new Metric("m", 1, 1)], [new Param("p", "1")], [], Ct));
            Assert.Contains("mlflow.db", ex.Message, StringComparison.Ordinal);
            Assert.Contains("nothing was written", ex.Message, StringComparison.Ordinal);
        }
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 15);
        var stored = await store.GetRunAsync(run.Info.RunId, Ct);
        Assert.Empty(stored.Data.Metrics);
        Assert.Empty(stored.Data.Params);
    }
}
