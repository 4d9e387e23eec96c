using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;
using Plotly.NET;

namespace MlopsKit.Tests.Charts;

/// <summary>
/// A real SQLite tracking store holding the MLflow tutorial's eight ElasticNet runs (alpha, l1_ratio) with made-up rmse,
/// a categorical 'selection' param and an rmse history of five steps per run.
/// </summary>
public sealed class WineRuns : IDisposable
{
    public static readonly (double Alpha, double L1Ratio)[] Pairs =
        [(0.1, 0.1), (0.1, 0.9), (0.5, 0.1), (0.5, 0.5), (0.5, 0.9), (1.0, 0.1), (1.0, 0.5), (1.0, 0.9)];

    private WineRuns(TempDir dir, SqliteTrackingStore store) => (Dir, Store) = (dir, store);

    public TempDir Dir { get; }
    public SqliteTrackingStore Store { get; }
    public string DbPath => Dir["mlflow.db"];
    public string ExperimentId { get; private set; } = "";
    public List<Run> Runs { get; } = [];

    public static double Rmse(double alpha, double l1Ratio) => Math.Round(0.70 + 0.08 * alpha + 0.03 * l1Ratio, 4);

    public static async Task<WineRuns> CreateAsync()
    {
        var dir = TempDir.Create("mlopskit-charts");
        var wine = new WineRuns(dir, SqliteTrackingStore.Open($"sqlite:///{dir["mlflow.db"]}"));
        wine.ExperimentId = await wine.Store.CreateExperimentAsync("wine-quality");
        var i = 0;
        foreach (var (alpha, l1) in Pairs)
        {
            var rmse = Rmse(alpha, l1);
            var history = Enumerable.Range(0, 5).Select(step => new Metric("rmse", rmse + 0.1 * (4 - step), 1000 + step, step)).ToList();
            wine.Runs.Add(await wine.AddRunAsync($"en-{alpha.ToString(CultureInfo.InvariantCulture)}-{l1.ToString(CultureInfo.InvariantCulture)}",
                new() { ["alpha"] = alpha.ToString(CultureInfo.InvariantCulture), ["l1_ratio"] = l1.ToString(CultureInfo.InvariantCulture), ["selection"] = i++ % 2 == 0 ? "cyclic" : "random" },
                history));
        }
        return wine;
    }

    /// <summary>Logs a finished run with params and metric points; returns it as the store reads it back.</summary>
    public async Task<Run> AddRunAsync(string name, Dictionary<string, string> parameters, IReadOnlyList<Metric> metrics)
    {
        var run = await Store.CreateRunAsync(ExperimentId, name, 1000, []);
        await Store.LogBatchAsync(run.Info.RunId, metrics, parameters.Select(p => new Param(p.Key, p.Value)).ToList(), []);
        await Store.UpdateRunAsync(run.Info.RunId, RunStatus.FINISHED, 2000);
        return await Store.GetRunAsync(run.Info.RunId);
    }

    public async Task<List<(Run Run, IReadOnlyList<Metric> History)>> HistoriesAsync(IEnumerable<Run> runs, string metric = "rmse")
    {
        var list = new List<(Run, IReadOnlyList<Metric>)>();
        foreach (var run in runs) list.Add((run, await Store.GetMetricHistoryAsync(run.Info.RunId, metric)));
        return list;
    }

    public void Dispose()
    {
        Store.Dispose();
        SqliteConnection.ClearAllPools();
        Dir.Dispose();
    }

    /// <summary>The chart's plotly figure (data, layout) as Plotly.NET serializes it for plotly.js.</summary>
    public static JsonElement FigureOf(GenericChart chart)
    {
        using var doc = JsonDocument.Parse(GenericChart.toFigureJson(chart));
        return doc.RootElement.Clone();
    }
}
