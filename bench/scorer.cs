#:project ../src/MlopsKit/MlopsKit.csproj
#:property PublishAot=false

// In-process scoring speed: LoadedModelScorer (one ML.NET Transform per request) vs PooledScorer (pooled row mappers for
// requests of <= 16 rows, one Transform above), on the tutorial's iris classifier and diabetes regressor, with the wire form of
// the input (JsonElement values, as a route hands them over). One line per case and model:
//   1 row      single-threaded calls with one test row each: p50 / p99 latency per call and rows/s
//   1 row x2   the same from two threads at once (the default worker count on this machine): rows/s
//   1000 rows  one call with 1,000 rows (test rows repeated): median ms and rows/s; goal < 20 ms
// Also the 1,000-row batch forced through the pooled row mapper (maxPooledRows 1000), which shows whether the threshold is right.
// Usage: dotnet run -c Release bench/scorer.cs -- [--quick] [--seconds 2] [--reps 20]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Serving;
using MlopsKit.Training;

var quick = args.Contains("--quick");
var seconds = DoubleArg(args, "--seconds", quick ? 0.5 : 2.0);
var reps = (int)DoubleArg(args, "--reps", quick ? 5 : 20);
var work = Path.Combine(Path.GetTempPath(), $"mlops-scorer-bench-{Environment.ProcessId}");
var ok = true;
try
{
    foreach (var dataset in new[] { SampleData.Iris, SampleData.Diabetes })
    {
        var model = await Train(dataset, Path.Combine(work, dataset.Name));
        var rows = TestRows(dataset);
        var batch = Enumerable.Range(0, 1000).Select(i => rows[i % rows.Count]).ToList();
        var transform = new LoadedModelScorer(model);
        using var pooled = new PooledScorer(model, Environment.ProcessorCount);
        using var pooledAll = new PooledScorer(model, 1, maxPooledRows: 1000);

        var (t1, p1) = (OneRow(transform, rows, seconds), OneRow(pooled, rows, seconds));
        Console.WriteLine($"{dataset.Name} 1 row: pooled p50 {Us(p1.P50)} p99 {Us(p1.P99)} ({p1.RowsPerSecond:N0} rows/s), transform p50 {Us(t1.P50)} p99 {Us(t1.P99)} ({t1.RowsPerSecond:N0} rows/s), ratio {p1.RowsPerSecond / t1.RowsPerSecond:F1}x rows/s");
        var threads = Environment.ProcessorCount;
        var (t2, p2) = (Parallel(transform, rows, seconds, threads), Parallel(pooled, rows, seconds, threads));
        Console.WriteLine($"{dataset.Name} 1 row x{threads} threads: pooled {p2:N0} rows/s, transform {t2:N0} rows/s, ratio {p2 / t2:F1}x");
        var (tb, pb, fb) = (Batch(transform, batch, reps), Batch(pooled, batch, reps), Batch(pooledAll, batch, reps));
        var met = pb < 0.020;
        ok &= met;
        Console.WriteLine($"{dataset.Name} 1000 rows: pooled (Transform path) {Ms(pb)} ({1000 / pb:N0} rows/s), transform {Ms(tb)}, row mapper forced {Ms(fb)} ({1000 / fb:N0} rows/s), goal < 20 ms {(met ? "ok" : "MISSED")} (median of {reps})");
    }
}
finally
{
    try { Directory.Delete(work, recursive: true); } catch (IOException) { }
}
return ok ? 0 : 1;

static async Task<LoadedModel> Train(Dataset dataset, string dir)
{
    var ml = new MLContext(seed: 1);
    var (train, _) = TutorialFrames.Load(dataset);
    var features = TutorialFrames.FeatureNames(dataset);
    var label = TutorialFrames.LabelName(dataset);
    IEstimator<ITransformer> pipeline = dataset == SampleData.Iris
        ? ml.Transforms.Conversion.MapValueToKey("Label", label)
            .Append(ml.Transforms.Concatenate("Features", features))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
        : ml.Transforms.Concatenate("Features", features)
            .Append(ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = 0.05, L1Ratio = 1.0, LabelColumnName = label }));
    IDataView data = train;
    await MlflowModel.SaveAsync(ml, pipeline.Fit(data), data.Schema, dir, new ModelSaveOptions { LabelColumn = label, ModelName = dataset.Name });
    return await MlflowModel.LoadAsync(dir);
}

static List<IReadOnlyDictionary<string, object?>> TestRows(Dataset dataset)
{
    var names = TutorialFrames.FeatureNames(dataset);
    var all = dataset.Rows().ToList();
    return dataset.TestRows.Select(i => (IReadOnlyDictionary<string, object?>)names.Select((n, c) => (n, all[i][c]))
        .ToDictionary(p => p.n, p => (object?)JsonDocument.Parse(p.Item2).RootElement.Clone(), StringComparer.Ordinal)).ToList();
}

static (double P50, double P99, double RowsPerSecond) OneRow(IModelScorer scorer, List<IReadOnlyDictionary<string, object?>> rows, double seconds)
{
    for (var i = 0; i < 500; i++) scorer.Predict([rows[i % rows.Count]]);
    var times = new List<double>(200_000);
    var total = Stopwatch.StartNew();
    for (var i = 0; i < 1_000_000 && total.Elapsed.TotalSeconds < seconds; i++)
    {
        var start = Stopwatch.GetTimestamp();
        scorer.Predict([rows[i % rows.Count]]);
        times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
    times.Sort();
    return (times[times.Count / 2], times[(int)(times.Count * 0.99)], times.Count / total.Elapsed.TotalSeconds);
}

static double Parallel(IModelScorer scorer, List<IReadOnlyDictionary<string, object?>> rows, double seconds, int threads)
{
    var count = 0L;
    var total = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
    {
        for (var i = 0; i < 1_000_000 && total.Elapsed.TotalSeconds < seconds; i++)
        {
            scorer.Predict([rows[(i + t) % rows.Count]]);
            Interlocked.Increment(ref count);
        }
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return count / total.Elapsed.TotalSeconds;
}

static double Batch(IModelScorer scorer, List<IReadOnlyDictionary<string, object?>> batch, int reps)
{
    scorer.Predict(batch);
    var times = new List<double>();
    for (var r = 0; r < reps; r++)
    {
        var start = Stopwatch.GetTimestamp();
        if (scorer.Predict(batch).Count != batch.Count) throw new InvalidOperationException("wrong row count");
        times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
    times.Sort();
    return times[times.Count / 2];
}

static string Us(double s) => $"{s * 1e6:F0} µs";
static string Ms(double s) => $"{s * 1e3:F1} ms";

static double DoubleArg(string[] args, string name, double fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
