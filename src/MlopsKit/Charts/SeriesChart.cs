using System.Globalization;
using System.Net;
using MlopsKit.Monitoring;
using Plotly.NET;

namespace MlopsKit.Charts;

/// <summary>Line charts of series over time or steps: Prometheus range queries, or plain names with x and y values.</summary>
public static class SeriesChart
{
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss.fff";

    /// <summary>One chart with a line per series of <paramref name="result"/> (NaN samples leave gaps); time runs along x in UTC.</summary>
    /// <exception cref="ArgumentException">The result has no series with points.</exception>
    public static GenericChart Lines(PrometheusQueryResult result, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var series = result.Series.Where(s => s.Points.Count > 0).ToList();
        if (series.Count == 0) throw new ArgumentException("No series to chart: the query returned no points.", nameof(result));
        var traces = series.Select(s => (Trace)Line(
            s.ToString(),
            s.Points.Select(p => p.Timestamp.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)).ToArray(),
            s.Points.Select(p => p.Value).ToArray(),
            " UTC")).ToList();
        var layout = Figure.Layout(Figure.Title(title ?? "Prometheus query"), "time (UTC)", "value", "date");
        return Figure.Chart(traces, layout);
    }

    /// <summary>
    /// One chart with a line per name. The x values of all series are ISO 8601 timestamps (a date axis, shown in UTC),
    /// or all numbers (a numeric axis), or else categories; NaN or infinite y values leave gaps.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays are empty or their lengths differ.</exception>
    public static GenericChart Lines(IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<string>> x, IReadOnlyList<IReadOnlyList<double>> y,
        string? title = null, string? xTitle = null, string? yTitle = null)
    {
        CheckShape(names, x, y);
        var all = x.SelectMany(v => v).ToList();
        var dates = all.All(v => TryDate(v, out _));
        var numbers = !dates && all.All(v => RunValues.TryNumber(v, out _));
        var traces = names.Select((name, i) => (Trace)Line(
            name,
            dates ? x[i].Select(v => { TryDate(v, out var d); return d.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture); }).ToArray()
                : numbers ? x[i].Select(v => (object)double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()
                : x[i].ToArray(),
            [.. y[i]],
            dates ? " UTC" : "")).ToList();
        var layout = Figure.Layout(Figure.Title(title ?? string.Join(", ", names)), xTitle ?? (dates ? "time (UTC)" : "x"), yTitle ?? "value",
            dates ? "date" : numbers ? "linear" : "category");
        return Figure.Chart(traces, layout);
    }

    /// <summary>One chart with a line per name over numeric x values (steps, epochs); NaN or infinite y values leave gaps.</summary>
    /// <exception cref="ArgumentException">The arrays are empty or their lengths differ.</exception>
    public static GenericChart Lines(IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<double>> x, IReadOnlyList<IReadOnlyList<double>> y,
        string? title = null, string? xTitle = null, string? yTitle = null)
    {
        CheckShape(names, x, y);
        var traces = names.Select((name, i) => (Trace)Line(name, x[i].ToArray(), [.. y[i]], "")).ToList();
        var layout = Figure.Layout(Figure.Title(title ?? string.Join(", ", names)), xTitle ?? "x", yTitle ?? "value", "linear");
        return Figure.Chart(traces, layout);
    }

    private static Trace2D Line(string name, Array x, double[] y, string xSuffix) => Figure.Set(new Trace2D("scatter"),
        ("x", x),
        ("y", y.Select(v => double.IsFinite(v) ? (object)v : null).ToArray()),
        ("mode", "lines"),
        ("name", name),
        ("hovertemplate", $"{WebUtility.HtmlEncode(name)}<br>%{{x}}{xSuffix}<br>%{{y}}<extra></extra>"));

    private static bool TryDate(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value)
        && text.Length >= 10 && text[4] == '-';   // "12" or "3.5" parse as dates too; ISO 8601 starts yyyy-

    private static void CheckShape<T>(IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<T>> x, IReadOnlyList<IReadOnlyList<double>> y)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (names.Count == 0) throw new ArgumentException("No series to chart: the list of names is empty.", nameof(names));
        if (x.Count != names.Count || y.Count != names.Count)
            throw new ArgumentException($"Give one x array and one y array per name: {names.Count} names, {x.Count} x arrays, {y.Count} y arrays.", nameof(x));
        for (var i = 0; i < names.Count; i++)
        {
            if (x[i] is null || y[i] is null) throw new ArgumentException($"Series '{names[i]}' has no x or no y array.", nameof(x));
            if (x[i].Count != y[i].Count)
                throw new ArgumentException($"Series '{names[i]}' has {x[i].Count} x values and {y[i].Count} y values; give one y per x.", nameof(y));
        }
    }
}
