using Microsoft.DotNet.Interactive.Formatting;
using MlopsKit.Data;
using MlopsKit.Interactive.Charts;
using MlopsKit.Monitoring;
using MlopsKit.Serving;
using MlopsKit.Tracking;
using TrackedRun = MlopsKit.Tracking.Run;

namespace MlopsKit.Interactive;

/// <summary>The <c>text/html</c> formatters for MlopsKit values a notebook shows: runs, run lists, DVC status, servers, PromQL results, charts.</summary>
public static class HtmlFormatters
{
    private const string HtmlMime = "text/html";
    private const string PlainMime = "text/plain";

    /// <summary>Registers the formatters (process-wide, as every .NET Interactive formatter is).</summary>
    public static void Register()
    {
        Formatter.Register<ActiveRun>((run, writer) => writer.Write(RunHtml.Active(run)), HtmlMime);
        Formatter.Register<TrackedRun>((run, writer) => writer.Write(RunHtml.Card(run)), HtmlMime);
        Formatter.Register<IEnumerable<TrackedRun>>((runs, writer) => writer.Write(RunHtml.Table(runs)), HtmlMime);
        Formatter.Register<StatusResult>((status, writer) => writer.Write(DataHtml.Status(status)), HtmlMime);
        Formatter.Register<ModelServer>((server, writer) => writer.Write(ServingHtml.Server(server)), HtmlMime);
        Formatter.Register<PrometheusQueryResult>((result, writer) => writer.Write(MonitoringHtml.Query(result)), HtmlMime);
        Formatter.Register<HtmlChart>((chart, writer) => writer.Write(chart.Html), HtmlMime);
        // Without it, hosts that also ask for text/plain (our runner does) would store the whole fragment, plotly.js included, a second time.
        Formatter.Register<HtmlChart>((chart, writer) => writer.Write(ChartSummary(chart)), PlainMime);
    }

    private static string ChartSummary(HtmlChart chart) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"chart: {chart.Html.Length:N0} characters of HTML{(chart.IncludesPlotlyJs ? " with plotly.js" : "")}; shown as text/html");
}
