using MlopsKit.Tracking;
using Plotly.NET;

namespace MlopsKit.Charts;

/// <summary>The comparison dashboard: several charts of the same runs on one page.</summary>
public static partial class RunChart
{
    /// <summary>
    /// The charts of a comparison, in page order: the metric per run (bars), the metric against each param, parallel
    /// coordinates when there are two or more params, and the metric's history when some run has more than one point.
    /// </summary>
    public static IReadOnlyList<GenericChart> CompareCharts(IEnumerable<Run> runs, IEnumerable<(Run Run, IReadOnlyList<Metric> History)>? histories, string metric, IReadOnlyList<string> parameters)
    {
        var all = RunValues.Require(runs, nameof(runs));
        ArgumentNullException.ThrowIfNull(parameters);
        var charts = new List<GenericChart> { MetricBar(all, metric) };
        charts.AddRange(parameters.Select(p => MetricVsParam(all, p, metric)));
        if (parameters.Count >= 2) charts.Add(ParallelCoordinates(all, parameters, metric));
        var history = histories?.ToList() ?? [];
        if (history.Any(h => h.History.Count(m => m.Key == metric) > 1)) charts.Add(MetricHistory(history, metric));
        return charts;
    }

    /// <summary>The comparison dashboard as one self-contained HTML page (see <see cref="CompareCharts"/> and <see cref="ChartHtml"/>).</summary>
    public static string Compare(IEnumerable<Run> runs, IEnumerable<(Run Run, IReadOnlyList<Metric> History)>? histories, string metric, IReadOnlyList<string> parameters, string? title = null)
    {
        var all = RunValues.Require(runs, nameof(runs));
        return ChartHtml.ToHtml(CompareCharts(all, histories, metric, parameters), title ?? $"{metric} across {all.Count} {(all.Count == 1 ? "run" : "runs")}");
    }
}
