using System.Globalization;
using MlopsKit.Monitoring;
using Plotly.NET;

namespace MlopsKit.Charts;

/// <summary>Line charts of Prometheus range queries: one line per series over time.</summary>
public static class SeriesChart
{
    /// <summary>One chart with a line per series of <paramref name="result"/> (NaN samples leave gaps); time runs along x in UTC.</summary>
    /// <exception cref="ArgumentException">The result has no series with points.</exception>
    public static GenericChart Lines(PrometheusQueryResult result, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var series = result.Series.Where(s => s.Points.Count > 0).ToList();
        if (series.Count == 0) throw new ArgumentException("No series to chart: the query returned no points.", nameof(result));
        var traces = series.Select(s => (Trace)Figure.Set(new Trace2D("scatter"),
            ("x", s.Points.Select(p => p.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)).ToArray()),
            ("y", s.Points.Select(p => double.IsFinite(p.Value) ? (object)p.Value : null).ToArray()),
            ("mode", "lines"),
            ("name", s.ToString()),
            ("hovertemplate", $"{System.Net.WebUtility.HtmlEncode(s.ToString())}<br>%{{x}} UTC<br>%{{y}}<extra></extra>"))).ToList();
        var layout = Figure.Layout(Figure.Title(title ?? "Prometheus query"), "time (UTC)", "value", "date");
        return Figure.Chart(traces, layout);
    }
}
