using System.CommandLine;
using System.Globalization;
using MlopsKit.Charts;
using MlopsKit.Monitoring;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops monitor query</c>: runs PromQL; an instant query prints a table, a range query a chart and a line per series.</summary>
public static class MonitorQueryCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var query = new Argument<string>("promql") { Description = "The PromQL expression, e.g. 'sum by (model) (rate(model_requests_total[5m]))'." };
        query.Validators.Add(Runner.NonEmpty);
        var range = new Option<string?>("--range") { Description = "Query this much history up to now (e.g. 15m, 1h) instead of one instant." };
        var step = new Option<string>("--step") { Description = "Resolution of a range query.", DefaultValueFactory = _ => "15s" };
        var prometheus = new Option<string?>("--prometheus") { Description = "Prometheus URL (default: the stack 'mlops monitor up' runs in --dir, else http://127.0.0.1:9090)." };
        var dir = MonitorDownCommand.DirOption();
        var html = new Option<string?>("--html") { Description = "Write a range query's line chart to this HTML file (offline; plotly.js inlined)." };
        var json = new Option<bool>("--json") { Description = "Print the series as JSON." };
        var cmd = new Command("query", "Query Prometheus: a table for an instant query, a chart (--html) and per-series summary for --range.")
        {
            query, range, step, prometheus, dir, html, json,
        };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            var url = PrometheusUrl(p.GetValue(prometheus), p.GetValue(dir)!);
            using var client = new PrometheusClient(url);
            var promql = p.GetValue(query)!;
            PrometheusQueryResult result;
            if (p.GetValue(range) is { } r)
            {
                var span = PrometheusClient.ParseDuration(r);
                var resolution = PrometheusClient.ParseDuration(p.GetValue(step)!);
                var end = TimeProvider.System.GetUtcNow();
                result = await client.QueryRangeAsync(promql, end - span, end, resolution, ct);
            }
            else
            {
                if (p.GetValue(html) is not null) throw new ConfigException("--html draws a range query; add --range (for example --range 15m).");
                result = await client.QueryAsync(promql, cancellationToken: ct);
            }
            if (p.GetValue(html) is { } path && result.Series.Any(s => s.Points.Count > 0))
            {
                await File.WriteAllTextAsync(path, ChartHtml.ToHtml(SeriesChart.Lines(result, promql), promql), ct);
                if (!p.GetValue(GlobalOptions.Quiet) && !p.GetValue(json)) Console.WriteLine($"wrote {path}");
            }
            if (p.GetValue(json)) WriteJson(result);
            else if (result.ResultType == "matrix") Summaries(result);
            else Table(result);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>--prometheus, else the URL of the Prometheus 'mlops monitor up' started in --dir, else the usual local one.</summary>
    private static Uri PrometheusUrl(string? given, string dir)
    {
        if (given is not null)
            return Uri.TryCreate(given, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                ? u : throw new ConfigException($"--prometheus '{given}' is not an http(s) URL (for example http://127.0.0.1:9090).");
        return LocalMonitor.RunningUrl(dir, MonitorComponent.Prometheus) ?? new Uri("http://127.0.0.1:9090");
    }

    private static void Table(PrometheusQueryResult result)
    {
        if (result.ResultType == "string")
        {
            Console.WriteLine(result.Text);
            return;
        }
        if (result.Series.Count == 0)
        {
            Console.WriteLine("(no series)");
            return;
        }
        var labels = result.Series.SelectMany(s => s.Labels.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(n => n == "__name__" ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal).ToList();
        var header = labels.Select(l => l == "__name__" ? "metric" : l).Append("value").ToList();
        var rows = result.Series.Select(s => labels.Select(l => s.Labels.TryGetValue(l, out var v) ? v : "")
            .Append(Number(s.Points.Count > 0 ? s.Points[^1].Value : double.NaN)).ToList()).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToList();
        Console.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
            Console.WriteLine(string.Join("  ", row.Select((c, i) => i == row.Count - 1 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
    }

    private static void Summaries(PrometheusQueryResult result)
    {
        if (result.Series.Count == 0) Console.WriteLine("(no series)");
        foreach (var s in result.Series)
        {
            var finite = s.Points.Where(x => double.IsFinite(x.Value)).Select(x => x.Value).ToList();
            var stats = finite.Count == 0 ? "no finite values"
                : $"min {Number(finite.Min())}  max {Number(finite.Max())}  mean {Number(finite.Average())}  last {Number(s.Points[^1].Value)}";
            Console.WriteLine($"{s}  {s.Points.Count} points  {stats}");
        }
    }

    private static void WriteJson(PrometheusQueryResult result) => JsonOut.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("result_type", result.ResultType);
        if (result.Text is not null) w.WriteString("text", result.Text);
        w.WriteStartArray("series");
        foreach (var s in result.Series)
        {
            w.WriteStartObject();
            w.WriteStartObject("labels");
            foreach (var (k, v) in s.Labels) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteStartArray("points");
            foreach (var point in s.Points)
            {
                w.WriteStartArray();
                w.WriteNumberValue(point.Timestamp.ToUnixTimeMilliseconds() / 1000.0);
                w.WriteStringValue(ExpositionValue(point.Value));
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    // Prometheus' own spelling, so NaN and infinities survive in JSON.
    private static string ExpositionValue(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("G6", CultureInfo.InvariantCulture) : ExpositionValue(v);

}
