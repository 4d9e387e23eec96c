using System.Text.RegularExpressions;
using MlopsKit.Charts;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Charts;

/// <summary>
/// The offline HTML page and its rendering in the real headless Chromium. These tests fail (not skip) without Chromium:
/// './build.sh test' installs it, or 'sudo apt-get install chromium'.
/// </summary>
public sealed partial class ChartHtmlTests : IAsyncLifetime
{
    private WineRuns _wine = null!;

    public async ValueTask InitializeAsync() => _wine = await WineRuns.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _wine.Dispose();
        return ValueTask.CompletedTask;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));

    /// <summary>Plotly's marker and bar elements: class "point" (with "plotly-customdata" when the trace has it), not "points".</summary>
    private static int Points(string dom) => Count(dom, "class=\"point\"") + Count(dom, "class=\"point ");

    [GeneratedRegex("<script[^>]*\\bsrc\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSrc();

    [Fact]
    public void The_page_inlines_plotly_js_once_and_loads_nothing_from_the_network()
    {
        var html = ChartHtml.ToHtml([RunChart.MetricBar(_wine.Runs, "rmse"), RunChart.MetricVsParam(_wine.Runs, "alpha", "rmse")], "wine <runs>");

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(1, Count(html, $"plotly.js v{ChartHtml.PlotlyJsVersion}"));
        Assert.Equal(2, Count(html, "Plotly.newPlot('"));
        Assert.DoesNotMatch(ScriptSrc(), html);
        Assert.DoesNotContain("cdn.plot.ly/plotly", html, StringComparison.Ordinal);
        Assert.DoesNotContain("require.config", html, StringComparison.Ordinal);
        Assert.Contains("<title>wine &lt;runs&gt;</title>", html, StringComparison.Ordinal);
        Assert.True(html.Length > 3_000_000, $"the page is {html.Length} characters; plotly.min.js alone is over 3 MB");
    }

    [Fact]
    public async Task Chromium_draws_one_marker_per_run_in_the_scatter()
    {
        var dom = await HeadlessChromium.DumpDomAsync(ChartHtml.ToHtml(RunChart.MetricVsParam(_wine.Runs, "alpha", "rmse")), Ct);

        Assert.Equal(1, Count(dom, "class=\"plot-container"));
        Assert.Contains("class=\"main-svg\"", dom, StringComparison.Ordinal);
        Assert.Equal(8, Points(dom));
        Assert.Contains(">rmse vs alpha<", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chromium_draws_every_chart_of_the_comparison_page()
    {
        var html = RunChart.Compare(_wine.Runs, await _wine.HistoriesAsync(_wine.Runs), "rmse", ["alpha", "l1_ratio"]);
        var dom = await HeadlessChromium.DumpDomAsync(html, Ct);

        Assert.Equal(5, Count(dom, "class=\"plot-container"));
        Assert.Equal(1, Count(dom, "class=\"trace bars"));
        Assert.Equal(2 + 8, Count(dom, "class=\"trace scatter"));          // two metric-vs-param charts, then one line per run
        Assert.Equal(8 + 2 * 8 + 8 * 5, Points(dom));      // bars, scatter markers, history markers
        Assert.Equal(3, Count(dom, "class=\"y-axis\""));                    // parcoords: alpha, l1_ratio, rmse
    }

    [Fact]
    public async Task The_PNG_has_the_requested_size_and_shows_the_plot()
    {
        var png = _wine.Dir["out/bars.png"];
        await ChartHtml.ToPngAsync(ChartHtml.ToHtml(RunChart.MetricBar(_wine.Runs, "rmse")), png, 800, 560, Ct);

        var image = PngImage.Read(png);
        Assert.Equal((800, 560), (image.Width, image.Height));
        Assert.True(image.DistinctColours() > 20, $"only {image.DistinctColours()} colours; the plot did not render");
    }

    [Fact]
    public async Task Cancelling_a_PNG_render_stops_chromium_promptly()
    {
        var html = ChartHtml.ToHtml(RunChart.MetricBar(_wine.Runs, "rmse"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ChartHtml.ToPngAsync(html, _wine.Dir["never.png"], 640, 480, cts.Token));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"cancelling took {started.Elapsed}");
        Assert.False(File.Exists(_wine.Dir["never.png"]));
    }

    [Fact]
    public void Without_chromium_the_error_says_how_to_install_it()
    {
        var e = Assert.Throws<ConfigException>(() => HeadlessChromium.Find(null, _wine.Dir.Path));
        Assert.Contains("apt-get install chromium", e.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(() => HeadlessChromium.Find(_wine.Dir["absent-chrome"], null));
    }
}
