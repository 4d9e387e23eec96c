using System.Text;
using System.Text.Json;
using MlopsKit.Tracking;

namespace MlopsKit.Charts;

/// <summary>Chart HTML fragments behind a surface of strings, numbers and arrays only, for hosts that load MlopsKit in a separate load context.</summary>
/// <remarks>
/// The notebook hosts ship FSharp.Core 10.0, and Plotly.NET 6 needs 10.1, so MlopsKit.Interactive loads this assembly with its
/// own FSharp.Core into an isolated AssemblyLoadContext and calls these methods by reflection. No Plotly.NET, F# or MlopsKit
/// type may appear in a signature here: it would be a different type on each side of the context boundary. Each fragment is a
/// div plus a script; with <c>includePlotlyJs</c> it starts with <see cref="ChartHtml.PlotlyJsScript"/> (about 3.6 MB) and works
/// on its own, without it (about 10 KB) the page must already have <c>window.Plotly</c>.
/// </remarks>
public static class ChartBridge
{
    /// <summary>The comparison dashboard of <c>mlops runs compare</c>: metric per run, metric against each param, parallel coordinates, history.</summary>
    /// <param name="trackingUri">The SQLite tracking store; null means <c>MLFLOW_TRACKING_URI</c>, else <c>sqlite:///mlflow.db</c>.</param>
    /// <param name="experiment">Experiment name; null means the Default experiment.</param>
    /// <param name="metric">The metric to compare.</param>
    /// <param name="parameters">Params to plot the metric against; may be empty.</param>
    /// <param name="filter">MLflow search filter, e.g. <c>params.alpha &lt; 0.5</c>; null means every active run.</param>
    /// <param name="includePlotlyJs">Start the fragment with the guarded plotly.js bundle.</param>
    /// <param name="cancellationToken">Cancels reading the store.</param>
    public static async Task<string> CompareRunsHtmlAsync(string? trackingUri, string? experiment, string metric, string[] parameters,
        string? filter = null, bool includePlotlyJs = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var comparison = await LoadAsync(trackingUri, experiment, metric, parameters, filter, cancellationToken).ConfigureAwait(false);
        return ChartHtml.ToFragment(comparison.Charts(), includePlotlyJs);
    }

    /// <summary>One line per run of the metric's history over steps (parameters as in <see cref="CompareRunsHtmlAsync"/>).</summary>
    public static async Task<string> MetricHistoryHtmlAsync(string? trackingUri, string? experiment, string metric,
        string? filter = null, bool includePlotlyJs = true, CancellationToken cancellationToken = default)
    {
        var comparison = await LoadAsync(trackingUri, experiment, metric, [], filter, cancellationToken).ConfigureAwait(false);
        return ChartHtml.ToFragment([RunChart.MetricHistory(comparison.Histories, metric)], includePlotlyJs);
    }

    /// <summary>A scatter of the metric against one param, one point per run (parameters as in <see cref="CompareRunsHtmlAsync"/>).</summary>
    public static async Task<string> MetricVsParamHtmlAsync(string? trackingUri, string? experiment, string metric, string param,
        string? filter = null, bool includePlotlyJs = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(param);
        var comparison = await LoadAsync(trackingUri, experiment, metric, [param], filter, cancellationToken).ConfigureAwait(false);
        return ChartHtml.ToFragment([RunChart.MetricVsParam(comparison.Runs, param, metric)], includePlotlyJs);
    }

    /// <summary>
    /// A line per name, for example the series of a PromQL range query. Each x array holds ISO 8601 timestamps (a UTC date
    /// axis), numbers, or categories; NaN y values leave gaps. See <see cref="SeriesChart.Lines(IReadOnlyList{string}, IReadOnlyList{IReadOnlyList{string}}, IReadOnlyList{IReadOnlyList{double}}, string?, string?, string?)"/>.
    /// </summary>
    public static string LinesHtml(string[] names, string[][] x, double[][] y, string? title = null, string? xTitle = null, string? yTitle = null, bool includePlotlyJs = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return ChartHtml.ToFragment([SeriesChart.Lines(names, x, y, title, xTitle, yTitle)], includePlotlyJs);
    }

    /// <summary>A line per name over numeric x values (steps, epochs); NaN y values leave gaps.</summary>
    public static string LinesHtml(string[] names, double[][] x, double[][] y, string? title = null, string? xTitle = null, string? yTitle = null, bool includePlotlyJs = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return ChartHtml.ToFragment([SeriesChart.Lines(names, x, y, title, xTitle, yTitle)], includePlotlyJs);
    }

    /// <summary>
    /// Any plotly.js figure, given as its JSON (<c>{"data": [...], "layout": {...}, "config": {...}}</c>, as
    /// <c>GenericChart.toFigureJson</c> or plotly's Python <c>fig.to_json()</c> write it).
    /// </summary>
    /// <exception cref="ArgumentException">The text is not JSON, or not an object with a <c>data</c> array.</exception>
    public static string FigureHtml(string figureJson, bool includePlotlyJs = true)
    {
        ArgumentNullException.ThrowIfNull(figureJson);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(figureJson);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The figure is not valid JSON ({ex.Message}); pass the figure's JSON text, e.g. from GenericChart.toFigureJson.", nameof(figureJson), ex);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                throw new ArgumentException("The figure JSON must be an object with a \"data\" array of traces (and optionally \"layout\" and \"config\").", nameof(figureJson));
            var id = "mlopskit-figure-" + Guid.NewGuid().ToString("N");
            var html = new StringBuilder();
            if (includePlotlyJs) html.Append(ChartHtml.PlotlyJsScript()).Append('\n');
            html.Append(ChartHtml.FragmentStart).Append("<div class=\"mlopskit-chart\"><div id=\"").Append(id).Append("\"></div>\n<script type=\"text/javascript\">(function(){var figure=")
                .Append(ScriptSafeJson(doc.RootElement))
                .Append(";Plotly.newPlot('").Append(id).Append("',figure.data,figure.layout||{},figure.config||{responsive:true});})();</script></div>\n</div>\n");
            return html.ToString();
        }
    }

    /// <summary>The guarded plotly.js bundle alone (see <see cref="ChartHtml.PlotlyJsScript"/>), for pages that render charts without it.</summary>
    public static string PlotlyJsHtml() => ChartHtml.PlotlyJsScript();

    /// <summary>The plotly.js version the fragments inline.</summary>
    public static string PlotlyJsVersion() => ChartHtml.PlotlyJsVersion;

    private static async Task<RunComparison> LoadAsync(string? trackingUri, string? experiment, string metric, string[] parameters, string? filter, CancellationToken cancellationToken)
    {
        using var store = TrackingStoreResolver.Open(trackingUri, mustExist: true);
        var options = new CompareOptions { Metric = metric, Params = parameters, ExperimentName = experiment, Filter = filter };
        return await RunComparison.LoadAsync(store, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>JSON that can sit inside a script element: the default encoder escapes &lt;, &gt;, &amp; and quotes as \uXXXX.</summary>
    private static string ScriptSafeJson(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            element.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
