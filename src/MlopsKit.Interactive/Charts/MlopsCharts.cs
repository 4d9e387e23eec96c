namespace MlopsKit.Interactive.Charts;

/// <summary>Notebook charts that work inside dotnet-interactive and dotnet-repl: each call renders through <see cref="IsolatedCharts"/>.</summary>
/// <remarks>
/// Every chart carries plotly.js (about 3.6 MB) behind a <c>window.Plotly</c> guard, so it draws offline, on its own and
/// after other outputs were cleared; pass <c>includePlotlyJs: false</c> for about 10 KB when the page already has plotly.js
/// (for example from <see cref="PlotlyJs"/> in an earlier cell). The first chart of a session takes about 1–2 s.
/// </remarks>
public static class MlopsCharts
{
    private static readonly Type[] s_compare = [typeof(string), typeof(string), typeof(string), typeof(string[]), typeof(string), typeof(bool), typeof(CancellationToken)];
    private static readonly Type[] s_history = [typeof(string), typeof(string), typeof(string), typeof(string), typeof(bool), typeof(CancellationToken)];
    private static readonly Type[] s_vsParam = [typeof(string), typeof(string), typeof(string), typeof(string), typeof(string), typeof(bool), typeof(CancellationToken)];
    private static readonly Type[] s_linesText = [typeof(string[]), typeof(string[][]), typeof(double[][]), typeof(string), typeof(string), typeof(string), typeof(bool)];
    private static readonly Type[] s_linesNumbers = [typeof(string[]), typeof(double[][]), typeof(double[][]), typeof(string), typeof(string), typeof(string), typeof(bool)];
    private static readonly Type[] s_figure = [typeof(string), typeof(bool)];

    /// <summary>The comparison dashboard of <c>mlops runs compare</c>: the metric per run, against each param, parallel coordinates and history.</summary>
    /// <param name="trackingUri">The SQLite tracking store; null means <c>MLFLOW_TRACKING_URI</c>, else <c>sqlite:///mlflow.db</c>.</param>
    /// <param name="experiment">Experiment name; null means the Default experiment.</param>
    /// <param name="metric">The metric to compare.</param>
    /// <param name="parameters">Params to plot the metric against. Default: none.</param>
    /// <param name="filter">MLflow search filter, e.g. <c>params.alpha &lt; 0.5</c>. Default: every active run.</param>
    /// <param name="includePlotlyJs">Carry the guarded plotly.js bundle. Default: true.</param>
    /// <param name="cancellationToken">Cancels reading the store.</param>
    public static async Task<HtmlChart> CompareRunsAsync(string? trackingUri, string? experiment, string metric, string[]? parameters = null,
        string? filter = null, bool includePlotlyJs = true, CancellationToken cancellationToken = default) =>
        new(await IsolatedCharts.Default.CallAsync("CompareRunsHtmlAsync", s_compare, trackingUri, experiment, metric, parameters ?? [], filter, includePlotlyJs, cancellationToken).ConfigureAwait(false));

    /// <summary>One line per run of the metric's history over steps (arguments as in <see cref="CompareRunsAsync"/>).</summary>
    public static async Task<HtmlChart> MetricHistoryAsync(string? trackingUri, string? experiment, string metric,
        string? filter = null, bool includePlotlyJs = true, CancellationToken cancellationToken = default) =>
        new(await IsolatedCharts.Default.CallAsync("MetricHistoryHtmlAsync", s_history, trackingUri, experiment, metric, filter, includePlotlyJs, cancellationToken).ConfigureAwait(false));

    /// <summary>The metric against one param, a point per run (arguments as in <see cref="CompareRunsAsync"/>).</summary>
    public static async Task<HtmlChart> MetricVsParamAsync(string? trackingUri, string? experiment, string metric, string param,
        string? filter = null, bool includePlotlyJs = true, CancellationToken cancellationToken = default) =>
        new(await IsolatedCharts.Default.CallAsync("MetricVsParamHtmlAsync", s_vsParam, trackingUri, experiment, metric, param, filter, includePlotlyJs, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// A line per name, e.g. the series of a PromQL range query: x holds ISO 8601 timestamps (a UTC time axis), numbers or
    /// categories, one array per name; NaN y values leave gaps.
    /// </summary>
    public static HtmlChart Lines(string[] names, string[][] x, double[][] y, string? title = null, string? xTitle = null, string? yTitle = null, bool includePlotlyJs = true) =>
        new(IsolatedCharts.Default.Call("LinesHtml", s_linesText, names, x, y, title, xTitle, yTitle, includePlotlyJs));

    /// <summary>A line per name over numeric x values (steps, epochs); NaN y values leave gaps.</summary>
    public static HtmlChart Lines(string[] names, double[][] x, double[][] y, string? title = null, string? xTitle = null, string? yTitle = null, bool includePlotlyJs = true) =>
        new(IsolatedCharts.Default.Call("LinesHtml", s_linesNumbers, names, x, y, title, xTitle, yTitle, includePlotlyJs));

    /// <summary>Any plotly.js figure from its JSON (<c>{"data": [...], "layout": {...}}</c>).</summary>
    public static HtmlChart Figure(string figureJson, bool includePlotlyJs = true) =>
        new(IsolatedCharts.Default.Call("FigureHtml", s_figure, figureJson, includePlotlyJs));

    /// <summary>The guarded plotly.js bundle alone: show it once, then charts with <c>includePlotlyJs: false</c> stay small.</summary>
    public static HtmlChart PlotlyJs() => new(IsolatedCharts.Default.Call("PlotlyJsHtml", []));
}
