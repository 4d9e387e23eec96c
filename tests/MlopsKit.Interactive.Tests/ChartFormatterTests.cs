using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using MlopsKit.Interactive.Charts;
using MlopsKit.Interactive.Tests.Support;

namespace MlopsKit.Interactive.Tests;

/// <summary>A cell that returns an <see cref="HtmlChart"/> shows the plot: the magics' formatters render its HTML as it is.</summary>
public sealed class ChartFormatterTests
{
    [Fact]
    public async Task A_cell_returning_a_chart_shows_its_html_as_is_and_a_one_line_text_summary()
    {
        var previous = Environment.GetEnvironmentVariable(IsolatedCharts.FolderVariable);
        Environment.SetEnvironmentVariable(IsolatedCharts.FolderVariable, RepoPaths.ChartsFolder);
        try
        {
            using var notebook = Notebook.Create();

            var cell = await notebook.RunAsync("""
                MlopsKit.Interactive.Charts.MlopsCharts.Lines(new[] { "rmse" }, new[] { new[] { 1.0, 2, 3 } }, new[] { new[] { 0.9, 0.6, 0.4 } }, title: "loss")
                """);

            Assert.False(cell.Failed, cell.ToString());
            var returned = Assert.Single(cell.Result.Events.OfType<ReturnValueProduced>());
            var chart = Assert.IsType<HtmlChart>(returned.Value);
            var html = Assert.Single(returned.FormattedValues, v => v.MimeType == "text/html").Value;
            Assert.Equal(chart.Html, html);
            Assert.StartsWith("<script type=\"text/javascript\">if(!window.Plotly)", html, StringComparison.Ordinal);
            Assert.Contains("Plotly.newPlot('", html, StringComparison.Ordinal);
            var text = Formatter.ToDisplayString(chart, "text/plain");
            Assert.StartsWith("chart: ", text, StringComparison.Ordinal);
            Assert.Contains("with plotly.js", text, StringComparison.Ordinal);
            Assert.True(text.Length < 200, $"the text/plain form repeats the chart: {text.Length} characters");
        }
        finally
        {
            Environment.SetEnvironmentVariable(IsolatedCharts.FolderVariable, previous);
        }
    }
}
