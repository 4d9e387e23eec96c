#:project ../src/MlopsKit/MlopsKit.csproj
#:property PublishAot=false

// Tracking on the embedded SQLite store, against the issue's targets (MLflow itself cannot be installed here), with
// Python's stdlib sqlite3 as the same-run peer for raw write speed. One line per case:
//   batch   SqliteTrackingStore.LogBatchAsync, 1000-point batches              target >= 100,000 points/s
//   fluent  ActiveRun.LogMetric in a loop, incl. the final FlushAsync          target >= 100,000 points/s
//   single  TrackingClient.LogMetricAsync, one transaction per point           target >= 5,000 points/s
//   search  10,000 runs, "metrics.rmse < 50 and params.alpha = '0.5'", order_by metrics.rmse DESC, 100 results: < 100 ms
//   frame   RunFrame.ToDataFrame of 10,000 runs (alone, and with SearchAllRunsAsync):   < 1 s
// The peer inserts the same rows into an identical `metrics` table (same DDL, WAL, synchronous=NORMAL) with executemany,
// one transaction per 1000 rows (batch, fluent) or per row (single); MlopsKit also keeps latest_metrics up to date.
// Usage: dotnet run -c Release bench/tracking.cs -- [--quick] [--work DIR] [--points 200000] [--single 10000]
//        [--search-runs 10000] [--reps 3] [--search-reps 10] [--cases batch,fluent,single,search,frame]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using MlopsKit.Tracking;

var quick = args.Contains("--quick");
var points = IntArg(args, "--points", quick ? 50_000 : 200_000);
var singles = IntArg(args, "--single", quick ? 2_000 : 10_000);
var searchRuns = IntArg(args, "--search-runs", quick ? 2_000 : 10_000);
var reps = IntArg(args, "--reps", quick ? 1 : 3);
var searchReps = IntArg(args, "--search-reps", 10);
var cases = (StringArg(args, "--cases") ?? "batch,fluent,single,search,frame").Split(',');
var work = Path.Combine(StringArg(args, "--work") ?? Path.GetTempPath(), $"mlops-tracking-bench-{Environment.ProcessId}");
Directory.CreateDirectory(work);
var peerScript = Path.Combine(work, "peer.py");
File.WriteAllText(peerScript, PeerScript());
var ok = true;
try
{
    if (cases.Contains("batch"))
    {
        var (mlops, peer) = await Alternate(reps, i => LogBatches(Fresh(work, $"batch{i}"), points), i => Peer(peerScript, Fresh(work, $"batch-py{i}"), points, 1000));
        ok &= Throughput($"log batch {Count(points)} points (1000/batch)", points, mlops, 100_000, "python sqlite3 (1000 rows/tx)", peer);
    }
    if (cases.Contains("fluent"))
    {
        var (mlops, peer) = await Alternate(reps, i => LogFluent(Fresh(work, $"fluent{i}"), points), i => Peer(peerScript, Fresh(work, $"fluent-py{i}"), points, 1000));
        ok &= Throughput($"log fluent {Count(points)} points (LogMetric + FlushAsync)", points, mlops, 100_000, "python sqlite3 (1000 rows/tx)", peer);
    }
    if (cases.Contains("single"))
    {
        var (mlops, peer) = await Alternate(reps, i => LogSingles(Fresh(work, $"single{i}"), singles), i => Peer(peerScript, Fresh(work, $"single-py{i}"), singles, 1));
        ok &= Throughput($"log single {Count(singles)} points (LogMetricAsync, 1 tx each)", singles, mlops, 5_000, "python sqlite3 (1 row/tx)", peer);
    }
    if (cases.Contains("search") || cases.Contains("frame"))
    {
        var db = Fresh(work, "search");
        var seed = Stopwatch.StartNew();
        var experimentId = await Seed(db, searchRuns);
        Console.Error.WriteLine($"seeded {searchRuns} runs in {seed.Elapsed.TotalSeconds:F1} s");
        using var store = SqliteTrackingStore.Open(db);
        var client = new TrackingClient(store);
        var all = new RunSearch { ExperimentIds = [experimentId] };
        if (cases.Contains("search"))
        {
            var search = all with { Filter = "metrics.rmse < 50 and params.alpha = '0.5'", OrderBy = ["metrics.rmse DESC"], MaxResults = 100 };
            var times = await Repeat(searchReps, async () =>
            {
                var (runs, _) = await store.SearchRunsAsync(search);
                var rmse = runs.Select(r => r.Data.Metrics["rmse"].Value).ToList();
                if (runs.Count == 0 || runs.Count > 100 || rmse.Any(v => v >= 50) || runs.Any(r => r.Data.Params["alpha"] != "0.5") || !rmse.SequenceEqual(rmse.OrderDescending()))
                    throw new InvalidOperationException($"search returned {runs.Count} runs, not the expected page");
            });
            ok &= Latency($"search {Count(searchRuns)} runs (filter + order_by, 100 results)", times, 0.100);
        }
        if (cases.Contains("frame"))
        {
            var runs = await client.SearchAllRunsAsync(all);
            if (runs.Count != searchRuns) throw new InvalidOperationException($"fetched {runs.Count} runs");
            var convert = await Repeat(searchReps, () => { Check(runs.ToDataFrame(), searchRuns); return Task.CompletedTask; });
            ok &= Latency($"ToDataFrame {Count(searchRuns)} runs (conversion alone)", convert, 1.0);
            var both = await Repeat(Math.Min(searchReps, 5), async () => Check((await client.SearchAllRunsAsync(all)).ToDataFrame(), searchRuns));
            ok &= Latency($"SearchAllRunsAsync + ToDataFrame {Count(searchRuns)} runs", both, 1.0);
        }
    }
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(work, recursive: true);
}
return ok ? 0 : 1;

static async Task<double> LogBatches(string db, int points)
{
    using var store = SqliteTrackingStore.Open(db);
    var run = await store.CreateRunAsync("0", "batch", 0, []);
    var batches = Enumerable.Range(0, points).Select(i => new Metric("loss", i * 0.5, 1_700_000_000_000 + i, i)).Chunk(1000).ToList();
    var clock = Stopwatch.StartNew();
    foreach (var batch in batches) await store.LogBatchAsync(run.Info.RunId, batch, [], []);
    var seconds = clock.Elapsed.TotalSeconds;
    await Verify(store, run.Info.RunId, points);
    return seconds;
}

static async Task<double> LogFluent(string db, int points)
{
    using var store = SqliteTrackingStore.Open(db);
    var client = new TrackingClient(store);
    await using var run = await Tracker.StartRunAsync("bench", new StartRunOptions { Client = client });
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < points; i++) run.LogMetric("loss", i * 0.5, i);
    await run.FlushAsync();
    var seconds = clock.Elapsed.TotalSeconds;
    await Verify(store, run.RunId, points);
    return seconds;
}

static async Task<double> LogSingles(string db, int points)
{
    using var store = SqliteTrackingStore.Open(db);
    var client = new TrackingClient(store);
    var run = await store.CreateRunAsync("0", "single", 0, []);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < points; i++) await client.LogMetricAsync(run.Info.RunId, "loss", i * 0.5, i);
    var seconds = clock.Elapsed.TotalSeconds;
    await Verify(store, run.Info.RunId, points);
    return seconds;
}

static async Task Verify(SqliteTrackingStore store, string runId, int points)
{
    var run = await store.GetRunAsync(runId);
    if (run.Data.Metrics["loss"].Step != points - 1 || (await store.GetMetricHistoryAsync(runId, "loss")).Count != points)
        throw new InvalidOperationException($"run {runId} lost points");
}

// 10% of runs have alpha '0.5'; rmse is uniform in [0, 100), so about 5% of runs match the search filter.
static async Task<string> Seed(string db, int runs)
{
    using var store = SqliteTrackingStore.Open(db);
    var experimentId = await store.CreateExperimentAsync("search");
    var random = new Random(7);
    for (var i = 0; i < runs; i++)
    {
        var run = await store.CreateRunAsync(experimentId, $"run-{i}", 1_700_000_000_000 + i, [new RunTag("team", $"t{i % 7}")]);
        var at = 1_700_000_000_000 + i;
        await store.LogBatchAsync(run.Info.RunId,
            [new Metric("rmse", random.NextDouble() * 100, at), new Metric("mae", random.NextDouble() * 80, at), new Metric("r2", random.NextDouble(), at)],
            [new Param("alpha", (i % 10 == 5 ? 0.5 : (i % 10) / 10.0 + 0.01).ToString(CultureInfo.InvariantCulture)),
             new Param("l1_ratio", (i % 3 / 3.0).ToString("F2", CultureInfo.InvariantCulture)), new Param("seed", i.ToString(CultureInfo.InvariantCulture))],
            [new RunTag("model", "elasticnet"), new RunTag("fold", (i % 5).ToString(CultureInfo.InvariantCulture))]);
    }
    return experimentId;
}

static void Check(Microsoft.Data.Analysis.DataFrame frame, int rows)
{
    if (frame.Rows.Count != rows) throw new InvalidOperationException($"frame has {frame.Rows.Count} rows");
}

static Task<double> Peer(string script, string db, int rows, int rowsPerTransaction)
{
    var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in new[] { script, db, rows.ToString(CultureInfo.InvariantCulture), rowsPerTransaction.ToString(CultureInfo.InvariantCulture) })
        psi.ArgumentList.Add(a);
    using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start python3");
    var stderr = process.StandardError.ReadToEndAsync();
    var output = process.StandardOutput.ReadToEnd();
    if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
    {
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("python3 took over 10 minutes");
    }
    if (process.ExitCode != 0) throw new InvalidOperationException($"python3 exited {process.ExitCode}: {stderr.Result}");
    return Task.FromResult(double.Parse(output.Trim(), CultureInfo.InvariantCulture));
}

// Runs mlops and the peer <paramref name="reps"/> times each, alternating who goes first.
static async Task<(List<double> Mlops, List<double> Peer)> Alternate(int reps, Func<int, Task<double>> mlops, Func<int, Task<double>> peer)
{
    await mlops(-1); // warm-up: JIT and page cache
    var (a, b) = (new List<double>(), new List<double>());
    for (var i = 0; i < reps; i++)
    {
        if (i % 2 == 0) { a.Add(await mlops(i)); b.Add(await peer(i)); }
        else { b.Add(await peer(i)); a.Add(await mlops(i)); }
    }
    return (a, b);
}

// One warm-up call, then <paramref name="reps"/> timed calls.
static async Task<List<double>> Repeat(int reps, Func<Task> body)
{
    await body();
    var times = new List<double>();
    for (var i = 0; i < reps; i++)
    {
        var clock = Stopwatch.StartNew();
        await body();
        times.Add(clock.Elapsed.TotalSeconds);
    }
    return times;
}

static bool Throughput(string name, int points, List<double> mlops, double target, string peerName, List<double> peer)
{
    var (a, b) = (Median(mlops), Median(peer));
    var rate = points / a;
    var met = rate >= target;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: mlops {rate:N0} points/s ({Seconds(a)}), target >= {target:N0}/s, ratio to target {rate / target:F2} {(met ? "ok" : "MISSED")}; " +
        $"peer {peerName} {points / b:N0} rows/s ({Seconds(b)}), ratio {a / b:F2} (time mlops/peer; median of {mlops.Count})"));
    return met;
}

static bool Latency(string name, List<double> times, double target)
{
    var a = Median(times);
    var met = a < target;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: mlops {Seconds(a)}, target < {Seconds(target)}, ratio to target {a / target:F2} {(met ? "ok" : "MISSED")} (median of {times.Count} after a warm-up)"));
    return met;
}

static string Fresh(string work, string name)
{
    var dir = Path.Combine(work, name);
    if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    Directory.CreateDirectory(dir);
    return Path.Combine(dir, "mlflow.db");
}

static string Seconds(double s) => s < 1 ? string.Create(CultureInfo.InvariantCulture, $"{s * 1000:F1} ms") : string.Create(CultureInfo.InvariantCulture, $"{s:F2} s");

static string Count(int n) => n % 1000 == 0 ? $"{n / 1000}k" : n.ToString(CultureInfo.InvariantCulture);

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    var mid = sorted.Count / 2;
    return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

static int IntArg(string[] args, string name, int defaultValue)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : defaultValue;
}

static string? StringArg(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

// The peer: the store's own metrics DDL and pragmas, rows inserted with executemany, timed inside Python.
static string PeerScript() => """
    import sqlite3, sys, time
    db, n, per_tx = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    c = sqlite3.connect(db, isolation_level=None)
    c.execute("PRAGMA busy_timeout=5000")
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA synchronous=NORMAL")
    c.execute('''CREATE TABLE metrics(key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL,
        run_uuid VARCHAR(32) NOT NULL, step BIGINT NOT NULL DEFAULT 0, is_nan BOOLEAN NOT NULL DEFAULT 0,
        PRIMARY KEY(key, timestamp, step, run_uuid, value, is_nan))''')
    c.execute("CREATE INDEX index_metrics_run_uuid ON metrics(run_uuid)")
    run = "0123456789abcdef0123456789abcdef"
    rows = [("loss", i * 0.5, 1700000000000 + i, run, i, 0) for i in range(n)]
    start = time.perf_counter()
    for s in range(0, n, per_tx):
        c.execute("BEGIN IMMEDIATE")
        c.executemany("INSERT OR IGNORE INTO metrics(key, value, timestamp, run_uuid, step, is_nan) VALUES(?, ?, ?, ?, ?, ?)", rows[s:s + per_tx])
        c.execute("COMMIT")
    print(time.perf_counter() - start)
    """;
