using MlopsKit.Tracking;
using Plotly.NET;

namespace MlopsKit.Charts;

/// <summary>Parallel coordinates over params and a metric.</summary>
public static partial class RunChart
{
    private static readonly double[] s_parallelDomain = [0.0, 0.9];

    /// <summary>
    /// Parallel coordinates: one axis per param and a last axis for the metric, one line per run colored by the metric.
    /// Categorical params get one tick per value, in sorted order.
    /// </summary>
    public static GenericChart ParallelCoordinates(IEnumerable<Run> runs, IReadOnlyList<string> parameters, string metric)
    {
        var all = RunValues.Require(runs, nameof(runs));
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0) throw new ArgumentException("Parallel coordinates need at least one param.", nameof(parameters));
        foreach (var p in parameters) ArgumentException.ThrowIfNullOrWhiteSpace(p, nameof(parameters));
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);

        var kept = all.Where(r => RunValues.Metric(r, metric) is not null && parameters.All(p => RunValues.Param(r, p) is not null)).ToList();
        if (kept.Count == 0)
            throw new ArgumentException($"None of the {all.Count} runs has metric '{metric}' and all of the params {string.Join(", ", parameters)}; {RunValues.KnownParams(all)}; {RunValues.KnownMetrics(all)}.", nameof(runs));

        var metricValues = kept.Select(r => RunValues.Metric(r, metric)!.Value).ToArray();
        var dimensions = parameters.Select(p => Dimension(p, kept.Select(r => RunValues.Param(r, p)!).ToList())).ToList();
        dimensions.Add(Figure.Obj(("label", metric), ("values", metricValues)));
        var trace = Figure.Set(new TraceDomain("parcoords"),
            ("dimensions", dimensions.ToArray()),
            // Leave room on the right so the colour bar does not cover the metric axis's tick labels.
            ("domain", Figure.Obj(("x", s_parallelDomain))),
            ("line", Figure.Obj(
                ("color", metricValues),
                ("colorscale", "Viridis"),
                ("showscale", true),
                ("colorbar", Figure.Obj(("title", Figure.Obj(("text", metric))))))));
        var note = RunValues.LeftOut(all.Count - kept.Count, all.Count, $"no {metric} or a missing param");
        var layout = Figure.Layout(Figure.Title($"{metric} across {string.Join(", ", parameters)}", note));
        return Figure.Chart([trace], layout);
    }

    private static DynamicObj.DynamicObj Dimension(string label, IReadOnlyList<string> values)
    {
        if (RunValues.AllNumeric(values))
            return Figure.Obj(("label", label), ("values", values.Select(Number).ToArray()));
        var categories = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (double)x.i, StringComparer.Ordinal);
        return Figure.Obj(
            ("label", label),
            ("values", values.Select(v => index[v]).ToArray()),
            ("tickvals", Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray()),
            ("ticktext", categories.ToArray()),
            ("range", new[] { 0.0, Math.Max(1, categories.Count - 1) }));
    }
}
