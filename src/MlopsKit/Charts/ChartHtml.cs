using System.Net;
using System.Text;
using Plotly.NET;

namespace MlopsKit.Charts;

/// <summary>Turns charts into one self-contained HTML page (plotly.js inlined once, works offline) and HTML into PNG.</summary>
public static class ChartHtml
{
    private static readonly Lazy<string> s_plotlyJs = new(ReadPlotlyJs);

    /// <summary>The plotly.js version inlined into pages: the one Plotly.NET ships in its assembly.</summary>
    public static string PlotlyJsVersion => PlotlyJsResource["plotly-".Length..^".min.js".Length];

    /// <summary>A complete HTML document showing one chart.</summary>
    public static string ToHtml(GenericChart chart, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return ToHtml([chart], title);
    }

    /// <summary>A complete HTML document showing the charts in order, wrapping side by side, with plotly.js inlined once.</summary>
    /// <remarks>Each chart's own display options (plotly.js reference, description) are replaced so that the page loads nothing.</remarks>
    public static string ToHtml(IEnumerable<GenericChart> charts, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(charts);
        var list = charts.ToList();
        if (list.Count == 0) throw new ArgumentException("No charts to put on the page: the list of charts is empty.", nameof(charts));
        var noReference = DisplayOptions.init(null, null, null, null, null, null, PlotlyJSReference.NoReference);
        var html = new StringBuilder(s_plotlyJs.Value.Length + 64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"generator\" content=\"MlopsKit with Plotly.NET and plotly.js ").Append(PlotlyJsVersion).Append("\">\n");
        html.Append("<title>").Append(WebUtility.HtmlEncode(title ?? "MlopsKit charts")).Append("</title>\n");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:16px;color:#2a3f5f}h1{font-size:20px;font-weight:600}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:8px}.chart{flex:0 0 auto}</style>\n");
        html.Append("<script type=\"text/javascript\">\n").Append(s_plotlyJs.Value).Append("\n</script>\n</head>\n<body>\n");
        if (title is not null) html.Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n");
        html.Append("<div class=\"charts\">\n");
        foreach (var chart in list)
        {
            ArgumentNullException.ThrowIfNull(chart, nameof(charts));
            html.Append("<div class=\"chart\">").Append(GenericChart.toChartHTML(GenericChart.setDisplayOptions(noReference, chart))).Append("</div>\n");
        }
        html.Append("</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// An HTML fragment (no html/head/body) for notebook outputs: the charts side by side, each a div plus the script that
    /// draws it, preceded by <see cref="PlotlyJsScript"/> unless <paramref name="includePlotlyJs"/> is false.
    /// </summary>
    /// <remarks>
    /// With the bundle included, every fragment is self-sufficient: re-running one cell or clearing another cell's output never
    /// leaves a chart without plotly.js, and the guard keeps a page from evaluating the bundle twice.
    /// </remarks>
    public static string ToFragment(IEnumerable<GenericChart> charts, bool includePlotlyJs = true)
    {
        ArgumentNullException.ThrowIfNull(charts);
        var list = charts.ToList();
        if (list.Count == 0) throw new ArgumentException("No charts to render: the list of charts is empty.", nameof(charts));
        var noReference = DisplayOptions.init(null, null, null, null, null, null, PlotlyJSReference.NoReference);
        var html = new StringBuilder((includePlotlyJs ? s_plotlyJs.Value.Length : 0) + list.Count * 16 * 1024);
        if (includePlotlyJs) html.Append(PlotlyJsScript()).Append('\n');
        html.Append(FragmentStart);
        foreach (var chart in list)
        {
            ArgumentNullException.ThrowIfNull(chart, nameof(charts));
            html.Append("<div class=\"mlopskit-chart\">").Append(GenericChart.toChartHTML(GenericChart.setDisplayOptions(noReference, chart))).Append("</div>\n");
        }
        return html.Append("</div>\n").ToString();
    }

    /// <summary>
    /// A script element that defines <c>window.Plotly</c> from the inlined bundle unless the page already has it. The bundle
    /// runs with <c>define</c>, <c>module</c> and <c>exports</c> hidden, so where require.js is on the page (Jupyter) it still
    /// sets <c>window.Plotly</c> instead of registering an anonymous AMD module (which draws nothing).
    /// </summary>
    public static string PlotlyJsScript() =>
        "<script type=\"text/javascript\">if(!window.Plotly){(function(define,module,exports){\n" + s_plotlyJs.Value + "\n}).call(window);}</script>";

    /// <summary>The opening tag that wraps a fragment's charts, side by side and wrapping.</summary>
    internal const string FragmentStart = "<div class=\"mlopskit-charts\" style=\"display:flex;flex-wrap:wrap;gap:8px\">\n";

    /// <summary>
    /// Renders an HTML page (from <see cref="ToHtml(IEnumerable{GenericChart}, string?)"/>) to a PNG of the given size with
    /// headless Chromium. Throws <see cref="ConfigException"/> when Chromium is not installed or fails.
    /// </summary>
    public static Task ToPngAsync(string html, string path, int width = 1280, int height = 960, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        return HeadlessChromium.ScreenshotAsync(html, Path.GetFullPath(path), width, height, cancellationToken);
    }

    private static string PlotlyJsResource =>
        typeof(GenericChart).Assembly.GetManifestResourceNames()
            .FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            is { } name ? name["Plotly.NET.".Length..]
            : throw new InvalidOperationException("The Plotly.NET assembly has no embedded plotly-*.min.js; the Plotly.NET package version changed how it ships plotly.js.");

    private static string ReadPlotlyJs()
    {
        using var stream = typeof(GenericChart).Assembly.GetManifestResourceStream("Plotly.NET." + PlotlyJsResource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // A literal "</script" inside the script would end it early; in JavaScript strings "<\/" means the same.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }
}
