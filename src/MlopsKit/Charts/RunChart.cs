using MlopsKit.Tracking;
using Plotly.NET;

namespace MlopsKit.Charts;

/// <summary>Charts that compare MLflow runs, one call each; every chart is a Plotly.NET <see cref="GenericChart"/>.</summary>
/// <remarks>
/// A run without the metric (or param) being plotted, or whose value is NaN, is left out, and the chart's title says how
/// many were. An empty list of runs, or one where every run is left out, is an <see cref="ArgumentException"/>.
/// </remarks>
public static partial class RunChart
{
    /// <summary>A scatter of a metric against a param, one point per run; hovering a point shows the run's name and id.</summary>
    /// <remarks>Numeric params go on a numeric axis, anything else on a categorical axis in sorted order.</remarks>
    public static GenericChart MetricVsParam(IEnumerable<Run> runs, string param, string metric)
    {
        var all = RunValues.Require(runs, nameof(runs));
        ArgumentException.ThrowIfNullOrWhiteSpace(param);
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        var labels = RunValues.Labels(all);
        var points = all
            .Select(r => (Run: r, X: RunValues.Param(r, param), Y: RunValues.Metric(r, metric)))
            .Where(p => p.X is not null && p.Y is not null)
            .Select(p => (p.Run, X: p.X!, Y: p.Y!.Value))
            .ToList();
        if (points.Count == 0)
            throw new ArgumentException($"None of the {all.Count} runs has both param '{param}' and metric '{metric}'; {RunValues.KnownParams(all)}; {RunValues.KnownMetrics(all)}.", nameof(runs));

        var numeric = RunValues.AllNumeric(points.Select(p => p.X));
        points = numeric
            ? [.. points.OrderBy(p => Number(p.X))]
            : [.. points.OrderBy(p => p.X, StringComparer.Ordinal)];
        object xs = numeric ? points.Select(p => Number(p.X)).ToArray() : points.Select(p => p.X).ToArray();
        var trace = Figure.Set(new Trace2D("scatter"),
            ("x", xs),
            ("y", points.Select(p => p.Y).ToArray()),
            ("mode", "markers"),
            ("name", metric),
            ("text", points.Select(p => labels[p.Run.Info.RunId]).ToArray()),
            ("customdata", points.Select(p => p.Run.Info.RunId).ToArray()),
            ("hovertemplate", $"%{{text}}<br>run %{{customdata}}<br>{param}=%{{x}}<br>{metric}=%{{y}}<extra></extra>"),
            ("marker", Figure.Obj(("size", 11))));
        var note = RunValues.LeftOut(all.Count - points.Count, all.Count, $"no {metric} or no {param}");
        var layout = Figure.Layout(Figure.Title($"{metric} vs {param}", note), param, metric, numeric ? "linear" : "category");
        return Figure.Chart([trace], layout);
    }

    /// <summary>A bar per run with its metric, sorted ascending (descending when <paramref name="descending"/> is true).</summary>
    public static GenericChart MetricBar(IEnumerable<Run> runs, string metric, bool descending = false)
    {
        var all = RunValues.Require(runs, nameof(runs));
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        var labels = RunValues.Labels(all);
        var bars = all
            .Select(r => (Run: r, Y: RunValues.Metric(r, metric)))
            .Where(b => b.Y is not null)
            .Select(b => (b.Run, Y: b.Y!.Value))
            .ToList();
        if (bars.Count == 0)
            throw new ArgumentException($"None of the {all.Count} runs has metric '{metric}'; {RunValues.KnownMetrics(all)}.", nameof(runs));
        bars = descending ? [.. bars.OrderByDescending(b => b.Y)] : [.. bars.OrderBy(b => b.Y)];

        var trace = Figure.Set(new Trace2D("bar"),
            ("x", bars.Select(b => labels[b.Run.Info.RunId]).ToArray()),
            ("y", bars.Select(b => b.Y).ToArray()),
            ("name", metric),
            ("customdata", bars.Select(b => b.Run.Info.RunId).ToArray()),
            ("hovertemplate", $"%{{x}}<br>run %{{customdata}}<br>{metric}=%{{y}}<extra></extra>"));
        var note = RunValues.LeftOut(all.Count - bars.Count, all.Count, $"no {metric}");
        var layout = Figure.Layout(Figure.Title($"{metric} by run", note), "run", metric, "category");
        return Figure.Chart([trace], layout);
    }

    private static double Number(string text) => RunValues.TryNumber(text, out var value) ? value : double.NaN;
}
