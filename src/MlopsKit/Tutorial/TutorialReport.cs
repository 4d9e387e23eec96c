using System.Globalization;
using System.Net;
using System.Text;
using MlopsKit.Charts;
using Plotly.NET;

namespace MlopsKit.Tutorial;

/// <summary>The walkthrough's report: one self-contained HTML page (plotly.js inlined once, nothing loaded from the network).</summary>
public static class TutorialReport
{
    /// <summary>The page: summary of every step, data versions, runs, comparison charts, predictions and monitoring readings.</summary>
    public static string Html(TutorialResult result, IReadOnlyList<GenericChart> charts)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(charts);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>MlopsKit tutorial report</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#2a3f5f;max-width:1400px}h1{font-size:22px}h2{font-size:18px;margin-top:28px}")
            .Append("table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;font-size:13px}")
            .Append("th{background:#f3f5f8}td.num{text-align:right;font-variant-numeric:tabular-nums}code{font-size:12px}.ok{color:#1a7f37}.skipped{color:#9a6700}.failed{color:#cf222e;font-weight:600}")
            .Append("</style>\n");
        html.Append("</head>\n<body>\n<h1>MlopsKit tutorial report</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>Working folder <code>{E(result.Directory)}</code>: {result.Steps.Count(s => s.Status == TutorialStepStatus.Ok)} steps ok, ")
            .Append(CultureInfo.InvariantCulture, $"{result.Steps.Count(s => s.Status == TutorialStepStatus.Skipped)} skipped, {result.Steps.Count(s => s.Status == TutorialStepStatus.Failed)} failed, ")
            .Append(CultureInfo.InvariantCulture, $"{result.Elapsed.TotalSeconds:F1} s in all.</p>\n");

        html.Append("<h2 id=\"summary\">Steps</h2>\n");
        Table(html, ["chapter", "step", "status", "seconds", "what happened"], result.Steps.Select(s => new[]
        {
            E(s.Chapter), E(s.Title), $"<span class=\"{s.Status.ToString().ToLowerInvariant()}\">{s.Status.ToString().ToLowerInvariant()}</span>",
            Num(s.Elapsed.TotalSeconds, "F1"), E(s.Summary),
        }));

        if (result.DataVersions.Count > 0)
        {
            html.Append("<h2 id=\"data\">Data versions of data/diabetes.csv (git history + DVC)</h2>\n");
            Table(html, ["commit", "message", "md5", "size"], result.DataVersions.Select(v => new[]
            {
                $"<code>{E(v.ShortCommit)}</code>", E(v.Message.Trim()), $"<code>{E(v.Md5 ?? "")}</code>", v.Size is { } size ? Num(size, "N0") : "",
            }));
        }

        if (result.Runs.Count > 0)
        {
            html.Append("<h2 id=\"runs\">Runs (mlflow.db)</h2>\n");
            var paramKeys = result.Runs.SelectMany(r => r.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            var metricKeys = result.Runs.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            Table(html, ["experiment", "run", "run id", .. paramKeys, .. metricKeys], result.Runs.Select(r => new[] { E(r.Experiment), E(r.Name), $"<code>{E(r.RunId)}</code>" }
                .Concat(paramKeys.Select(k => E(r.Params.GetValueOrDefault(k, ""))))
                .Concat(metricKeys.Select(k => r.Metrics.TryGetValue(k, out var m) ? Num(m, "0.####") : ""))
                .ToArray()));
        }

        if (charts.Count > 0)
        {
            html.Append("<h2 id=\"charts\">Comparing the diabetes runs</h2>\n").Append(ChartHtml.ToFragment(charts));
        }

        if (result.Predictions.Count > 0)
        {
            html.Append("<h2 id=\"serving\">Predictions from the served models</h2>\n");
            Table(html, ["model", "protocol", "route", "request row", "response"], result.Predictions.Select(p => new[]
            {
                E(p.Model), E(p.Protocol), $"<code>POST {E(p.Route)}</code>", $"<code>{E(p.Request)}</code>", $"<code>{E(p.Response)}</code>",
            }));
        }

        html.Append("<h2 id=\"monitoring\">Monitoring</h2>\n");
        if (result.Drift.Count == 0)
        {
            var why = result.Steps.FirstOrDefault(s => s.Chapter == "monitoring" && s.Status != TutorialStepStatus.Ok);
            html.Append("<p>").Append(E(why?.Summary ?? "No drift readings.")).Append("</p>\n");
        }
        else
        {
            Table(html, ["feature", "PSI, iris rows", "PSI, petal_length + 3 cm", "KS, petal_length + 3 cm"], result.Drift.Select(d => new[]
            {
                E(d.Feature), Num(d.PsiBefore, "0.####"), Num(d.PsiAfter, "0.####"), Num(d.KsAfter, "0.####"),
            }));
            html.Append("<p>PSI below 0.1: no shift; 0.1–0.25: watch; above 0.25: alert. Firing in Prometheus at the end: ")
                .Append(E(result.FiringAlerts.Count == 0 ? "none" : string.Join(", ", result.FiringAlerts))).Append(".</p>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Table(StringBuilder html, IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        html.Append("<table>\n<tr>");
        foreach (var h in headers) html.Append("<th>").Append(E(h)).Append("</th>");
        html.Append("</tr>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append(cell.StartsWith("<td", StringComparison.Ordinal) ? cell : $"<td>{cell}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static string Num(double value, string format) =>
        double.IsFinite(value) ? $"<td class=\"num\">{value.ToString(format, CultureInfo.InvariantCulture)}</td>" : "<td class=\"num\"></td>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
