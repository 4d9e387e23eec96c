namespace MlopsKit.Interactive.Charts;

/// <summary>A rendered chart: an HTML fragment (a div plus the script that draws it) for a notebook's text/html output.</summary>
/// <param name="html">The fragment.</param>
public sealed class HtmlChart(string html)
{
    /// <summary>The fragment: optionally the guarded plotly.js bundle, then one div and script per chart.</summary>
    public string Html { get; } = html ?? throw new ArgumentNullException(nameof(html));

    /// <summary>True when the fragment carries plotly.js itself and so draws on any page, even as the only output.</summary>
    public bool IncludesPlotlyJs => Html.StartsWith("<script type=\"text/javascript\">if(!window.Plotly)", StringComparison.Ordinal);

    /// <summary>The fragment, for <c>HTML(chart.ToHtml())</c> in a notebook or a text/html formatter.</summary>
    public string ToHtml() => Html;

    /// <summary>The fragment, so that string interpolation and <c>display(HTML($"{chart}"))</c> give the chart.</summary>
    public override string ToString() => Html;
}
