using MlopsKit.Tracking;
using Plotly.NET;

namespace MlopsKit.Charts;

/// <summary>Metric histories: one line per run over steps.</summary>
public static partial class RunChart
{
    /// <summary>One line per run of a metric's history (from <c>GetMetricHistoryAsync</c>), x = step.</summary>
    public static GenericChart MetricHistory(IReadOnlyDictionary<Run, IReadOnlyList<Metric>> histories, string metric)
    {
        ArgumentNullException.ThrowIfNull(histories);
        return MetricHistory(histories.Select(h => (h.Key, h.Value)), metric);
    }

    /// <summary>One line per run of a metric's history (from <c>GetMetricHistoryAsync</c>), x = step.</summary>
    /// <remarks>Points of other metrics and NaN points are skipped; a run with no point left is left out.</remarks>
    public static GenericChart MetricHistory(IEnumerable<(Run Run, IReadOnlyList<Metric> History)> histories, string metric)
    {
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        var all = histories.ToList();
        if (all.Count == 0) throw new ArgumentException("No runs to chart: the list of metric histories is empty. Pass at least one run with its history.", nameof(histories));
        if (all.Any(h => h.Run is null || h.History is null)) throw new ArgumentException("The list of metric histories contains a null run or history.", nameof(histories));
        var labels = RunValues.Labels(all.Select(h => h.Run));
        var lines = all
            .Select(h => (h.Run, Points: h.History.Where(m => m.Key == metric && double.IsFinite(m.Value)).OrderBy(m => m.Step).ThenBy(m => m.Timestamp).ToList()))
            .Where(h => h.Points.Count > 0)
            .ToList();
        if (lines.Count == 0)
            throw new ArgumentException($"None of the {all.Count} runs has a history of metric '{metric}'.", nameof(histories));

        var traces = lines.Select(l => (Trace)Figure.Set(new Trace2D("scatter"),
            ("x", l.Points.Select(m => m.Step).ToArray()),
            ("y", l.Points.Select(m => m.Value).ToArray()),
            ("mode", "lines+markers"),
            ("name", labels[l.Run.Info.RunId]),
            ("hovertemplate", $"{labels[l.Run.Info.RunId]}<br>run {l.Run.Info.RunId}<br>step %{{x}}<br>{metric}=%{{y}}<extra></extra>"))).ToList();
        var note = RunValues.LeftOut(all.Count - lines.Count, all.Count, $"no {metric} history");
        var layout = Figure.Layout(Figure.Title($"{metric} by step", note), "step", metric, "linear");
        return Figure.Chart(traces, layout);
    }
}
