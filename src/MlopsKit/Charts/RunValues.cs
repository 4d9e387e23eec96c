using System.Globalization;
using MlopsKit.Tracking;

namespace MlopsKit.Charts;

/// <summary>Reads the values charts plot from runs: finite metrics, present params, and a unique label per run.</summary>
internal static class RunValues
{
    /// <summary>Param values MLflow clients write for "no value"; charts treat them as missing.</summary>
    private static readonly HashSet<string> s_missing = new(StringComparer.OrdinalIgnoreCase) { "", "None", "null", "nan" };

    /// <summary>The run's latest value of a metric, or null when it has none or it is NaN or infinite.</summary>
    public static double? Metric(Run run, string key) =>
        run.Data.Metrics.TryGetValue(key, out var m) && double.IsFinite(m.Value) ? m.Value : null;

    /// <summary>The run's param value, or null when it has none or it is a "no value" marker.</summary>
    public static string? Param(Run run, string key) =>
        run.Data.Params.TryGetValue(key, out var v) && !s_missing.Contains(v.Trim()) ? v : null;

    /// <summary>Parses a param value the way MLflow writes numbers (invariant culture).</summary>
    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>True when every value is a finite number, so the axis is numeric rather than categorical.</summary>
    public static bool AllNumeric(IEnumerable<string> values) => values.All(v => TryNumber(v, out _));

    /// <summary>A label per run id: the run name, with a short id when names repeat, or the short id when unnamed.</summary>
    public static IReadOnlyDictionary<string, string> Labels(IEnumerable<Run> runs)
    {
        var list = runs.ToList();
        var counts = list.GroupBy(r => r.Info.RunName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var run in list)
        {
            var name = run.Info.RunName;
            var shortId = run.Info.RunId.Length > 8 ? run.Info.RunId[..8] : run.Info.RunId;
            labels[run.Info.RunId] = string.IsNullOrWhiteSpace(name) ? shortId : counts[name] > 1 ? $"{name} ({shortId})" : name;
        }
        return labels;
    }

    /// <summary>The runs as a list, or an ArgumentException when there are none.</summary>
    public static IReadOnlyList<Run> Require(IEnumerable<Run> runs, string paramName)
    {
        ArgumentNullException.ThrowIfNull(runs, paramName);
        var list = runs.ToList();
        if (list.Count == 0) throw new ArgumentException("No runs to chart: the list of runs is empty. Pass at least one run (for example the result of SearchRunsAsync).", paramName);
        if (list.Any(r => r is null)) throw new ArgumentException("The list of runs contains null.", paramName);
        return list;
    }

    /// <summary>A sentence for a chart's subtitle saying how many runs were left out and why, or null when none were.</summary>
    public static string? LeftOut(int leftOut, int total, string reason) =>
        leftOut == 0 ? null : $"{leftOut} of {total} {(total == 1 ? "run" : "runs")} left out ({reason})";

    /// <summary>Names of the metrics the runs have, for error messages.</summary>
    public static string KnownMetrics(IEnumerable<Run> runs)
    {
        var keys = runs.SelectMany(r => r.Data.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return keys.Count == 0 ? "they have no metrics" : "metrics they have: " + string.Join(", ", keys);
    }

    /// <summary>Names of the params the runs have, for error messages.</summary>
    public static string KnownParams(IEnumerable<Run> runs)
    {
        var keys = runs.SelectMany(r => r.Data.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return keys.Count == 0 ? "they have no params" : "params they have: " + string.Join(", ", keys);
    }
}
