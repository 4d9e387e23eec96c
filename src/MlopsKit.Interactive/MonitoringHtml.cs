using System.Globalization;
using MlopsKit.Monitoring;

namespace MlopsKit.Interactive;

/// <summary>HTML for the <c>#!monitor</c> results: component tables and PromQL results.</summary>
internal static class MonitoringHtml
{
    public static string Components(IEnumerable<ComponentStatus> components) =>
        Html.Table(["component", "state", "ready", "url", "pid", "started"], components.Select(c => new[]
        {
            c.Name, c.State.ToString(), c.Ready ? "yes" : "no", c.Url?.ToString().TrimEnd('/') ?? "", c.Pid?.ToString(CultureInfo.InvariantCulture) ?? "",
            c.StartedAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
        }));

    /// <summary>
    /// An instant query: one row per series (labels, value). A range query: one row per point (labels, time, value),
    /// the same long shape as <see cref="PrometheusQueryResult.ToDataFrame"/>.
    /// </summary>
    public static string Query(PrometheusQueryResult result)
    {
        if (result.ResultType == "string") return Html.Paragraph(result.Text ?? "");
        var labels = result.Series.SelectMany(s => s.Labels.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(n => n == "__name__" ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal).ToList();
        var names = labels.Select(l => l == "__name__" ? "metric" : l);
        string Label(PrometheusSeries s, string l) => s.Labels.TryGetValue(l, out var v) ? v : "";
        var html = result.ResultType == "matrix"
            ? Html.Table(names.Append("time").Append("value"), result.Series.SelectMany(s => s.Points.Select(p =>
                labels.Select(l => Label(s, l)).Append(p.Timestamp.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append(Html.Number(p.Value)))))
            : Html.Table(names.Append("value"), result.Series.Select(s =>
                labels.Select(l => Label(s, l)).Append(s.Points.Count > 0 ? Html.Number(s.Points[^1].Value) : "")));
        foreach (var w in result.Warnings) html += Html.Paragraph("warning: " + w);
        return html;
    }
}
