using System.Text.RegularExpressions;
using MlopsKit.Charts;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Charts;

/// <summary>
/// Charts inside a real notebook host: dotnet-repl 0.3.259 loads FSharp.Core 10.0 into its default load context, so
/// Plotly.NET 6 (which needs 10.1) only works there through MlopsKit.Interactive's isolated load context. The notebooks
/// reference the built extension by path (spec §2.3 B); nothing is downloaded. These tests fail (not skip) without
/// .tools/dotnet-repl, .tools/dotnet-interactive + jupyter-nbconvert, or Chromium: './build.sh test' installs them.
/// </summary>
/// <remarks>
/// Finding kept as a test below: a plain Plotly.NET call in the same host fails. With <c>#r "nuget: Plotly.NET, 6.0.0"</c>
/// (needs a feed, so not a test) the cell fails with <c>FileNotFoundException: Could not load file or assembly 'FSharp.Core,
/// Version=10.1.0.0'</c> at <c>GenericChart.ofTraceObject</c>; referencing the same Plotly.NET.dll the charts folder ships
/// fails too, with <c>MissingMethodException</c> in Plotly.NET's type initializer (it binds to the host's FSharp.Core 10.0).
/// </remarks>
public sealed partial class NotebookHostChartTests : IAsyncLifetime
{
    private WineRuns _wine = null!;
    private TempDir _work = null!;

    public async ValueTask InitializeAsync()
    {
        _wine = await WineRuns.CreateAsync();
        _work = TempDir.Create("mlopskit-repl");
    }

    public ValueTask DisposeAsync()
    {
        _wine.Dispose();
        _work.Dispose();
        return ValueTask.CompletedTask;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));

    private static string Extension => Path.Combine(DotnetRepl.ExtensionFolder, "MlopsKit.Interactive.dll");

    [GeneratedRegex(@"(\w+) chart ms=(\d+) chars=(\d+)")]
    private static partial Regex Timing();

    [Fact]
    public async Task Dotnet_repl_draws_run_comparison_history_and_series_charts_through_the_isolated_context()
    {
        var db = $"sqlite:///{_wine.DbPath}";
        var notebook = DotnetRepl.Dib(
            $"#r \"{Extension}\"",
            $$"""
            using MlopsKit.Interactive.Charts;
            using System.Runtime.Loader;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var compare = await MlopsCharts.CompareRunsAsync("{{db}}", "wine-quality", "rmse", new[] { "alpha", "l1_ratio" });
            Console.WriteLine($"first chart ms={sw.ElapsedMilliseconds} chars={compare.Html.Length}");
            foreach (var a in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "FSharp.Core"))
                Console.WriteLine($"FSharp.Core {a.GetName().Version} in {AssemblyLoadContext.GetLoadContext(a)?.Name}");
            HTML(compare.ToHtml())
            """,
            $$"""
            var sw2 = System.Diagnostics.Stopwatch.StartNew();
            var history = await MlopsCharts.MetricHistoryAsync("{{db}}", "wine-quality", "rmse", includePlotlyJs: false);
            Console.WriteLine($"second chart ms={sw2.ElapsedMilliseconds} chars={history.Html.Length}");
            HTML(history.ToHtml())
            """,
            """
            var sw3 = System.Diagnostics.Stopwatch.StartNew();
            var series = MlopsCharts.Lines(new[] { "up{job=\"model\"}" },
                new[] { new[] { "2025-01-01T00:00:00Z", "2025-01-01T00:00:15Z", "2025-01-01T00:00:30Z" } },
                new[] { new[] { 1.0, double.NaN, 1.0 } }, title: "up");
            Console.WriteLine($"third chart ms={sw3.ElapsedMilliseconds} chars={series.Html.Length}");
            HTML(series.ToHtml())
            """);

        var (exitCode, cells, _) = await DotnetRepl.RunAsync(_work.Path, notebook, Ct);

        Assert.True(exitCode == 0, $"dotnet-repl exited {exitCode}: {string.Concat(cells.Select(DotnetRepl.Errors))}");
        var log = string.Concat(cells.Select(DotnetRepl.Stdout));
        foreach (Match m in Timing().Matches(log))
            TestContext.Current.TestOutputHelper?.WriteLine($"{m.Groups[1].Value} chart: {m.Groups[2].Value} ms, {m.Groups[3].Value} characters");
        Assert.Contains("FSharp.Core 10.0.0.0 in Default", log, StringComparison.Ordinal);            // the host's, untouched
        Assert.Contains("FSharp.Core 10.1.0.0 in MlopsKit.Charts", log, StringComparison.Ordinal);    // ours, beside it

        var (compare, history, series) = (DotnetRepl.Html(cells[1]), DotnetRepl.Html(cells[2]), DotnetRepl.Html(cells[3]));
        Assert.StartsWith("<script type=\"text/javascript\">if(!window.Plotly){(function(define,module,exports){", compare, StringComparison.Ordinal);
        Assert.Equal(5, Count(compare, "Plotly.newPlot('"));
        Assert.Equal(1, Count(compare, $"plotly.js v{ChartHtml.PlotlyJsVersion}"));
        Assert.Equal(1, Count(history, "Plotly.newPlot('"));
        Assert.DoesNotContain("if(!window.Plotly)", history, StringComparison.Ordinal);
        Assert.True(history.Length < 100_000, $"the chart without plotly.js is {history.Length} characters");
        Assert.Contains("if(!window.Plotly)", series, StringComparison.Ordinal);

        // The executed outputs on one page, after a stand-in for require.js: the bundle must not register as an AMD module.
        var page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>ok</title>" +
                   "<script>window.define=function(){document.title='amd-define-called';};window.define.amd={};</script></head><body>" +
                   compare + history + series + "</body></html>";
        var dom = await HeadlessChromium.DumpDomAsync(page, Ct);

        Assert.Contains("<title>ok</title>", dom, StringComparison.Ordinal);
        Assert.Equal(5 + 1 + 1, Count(dom, "class=\"plot-container"));
        Assert.Contains("class=\"main-svg\"", dom, StringComparison.Ordinal);
        Assert.Equal(2 + 8 + 8 + 1, Count(dom, "class=\"trace scatter"));   // two metric-vs-param charts, 8 history lines twice (dashboard and alone), the series
    }

    [Fact]
    public async Task Every_chart_output_with_the_bundle_draws_on_its_own_page()
    {
        var notebook = DotnetRepl.Dib(
            $"#r \"{Extension}\"",
            """
            var figure = MlopsKit.Interactive.Charts.MlopsCharts.Figure("{\"data\":[{\"type\":\"bar\",\"x\":[\"a\",\"b\"],\"y\":[1,2]}],\"layout\":{\"title\":{\"text\":\"</script> bars\"}}}");
            HTML(figure.ToHtml())
            """,
            """
            var steps = MlopsKit.Interactive.Charts.MlopsCharts.Lines(new[] { "train", "test" }, new[] { new[] { 1.0, 2, 3 }, new[] { 1.0, 2, 3 } },
                new[] { new[] { 0.9, 0.6, 0.4 }, new[] { 0.8, 0.7, 0.5 } }, title: "loss", xTitle: "epoch");
            HTML(steps.ToHtml())
            """);

        var (exitCode, cells, _) = await DotnetRepl.RunAsync(_work.Path, notebook, Ct);

        Assert.True(exitCode == 0, $"dotnet-repl exited {exitCode}: {string.Concat(cells.Select(DotnetRepl.Errors))}");
        // Each output alone, as after clearing every other output: it still brings plotly.js and draws.
        foreach (var (html, traces) in new[] { (DotnetRepl.Html(cells[1]), "class=\"trace bars"), (DotnetRepl.Html(cells[2]), "class=\"trace scatter") })
        {
            var dom = await HeadlessChromium.DumpDomAsync("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" + html + "</body></html>", Ct);
            Assert.Contains("class=\"main-svg\"", dom, StringComparison.Ordinal);
            Assert.True(Count(dom, traces) >= 1, $"no {traces} in the drawn chart");
        }
        Assert.Contains("&lt;/script&gt; bars", await HeadlessChromium.DumpDomAsync("<!DOCTYPE html><html><body>" + DotnetRepl.Html(cells[1]) + "</body></html>", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Jupyter_kernel_of_dotnet_interactive_draws_a_run_comparison_through_the_isolated_context()
    {
        var (exitCode, log, cells) = await JupyterKernel.RunAsync(_work.Path,
        [
            $"#r \"{Extension}\"",
            $$"""
            var compare = await MlopsKit.Interactive.Charts.MlopsCharts.CompareRunsAsync("sqlite:///{{_wine.DbPath}}", "wine-quality", "rmse", new[] { "alpha" });
            foreach (var a in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "FSharp.Core"))
                Console.WriteLine($"FSharp.Core {a.GetName().Version} in {System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(a)?.Name}");
            HTML(compare.ToHtml())
            """,
        ], Ct);

        Assert.True(exitCode == 0, $"nbconvert exited {exitCode}: {log}");
        Assert.Contains("FSharp.Core 10.0.0.0 in Default", DotnetRepl.Stdout(cells[1]), StringComparison.Ordinal);
        Assert.Contains("FSharp.Core 10.1.0.0 in MlopsKit.Charts", DotnetRepl.Stdout(cells[1]), StringComparison.Ordinal);
        // Every HTML output in order, the kernel's own bootstrap output included, as a front end would show them.
        var dom = await HeadlessChromium.DumpDomAsync("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" +
            string.Concat(cells.Select(DotnetRepl.Html)) + "</body></html>", Ct);
        Assert.Equal(3, Count(dom, "class=\"plot-container"));     // bars, rmse vs alpha, history (parallel coordinates need two params)
        Assert.Contains("class=\"main-svg\"", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_PlotlyNET_call_fails_in_dotnet_repl_which_is_why_charts_go_through_the_isolated_context()
    {
        var plotly = Path.Combine(DotnetRepl.ExtensionFolder, "mlopskit-charts", "Plotly.NET.dll");
        var notebook = DotnetRepl.Dib(
            $"#r \"{plotly}\"",
            """Plotly.NET.GenericChart.ofTraceObject(true, new Plotly.NET.Trace2D("scatter")).GetType().Name""");

        var (exitCode, cells, _) = await DotnetRepl.RunAsync(_work.Path, notebook, Ct);

        Assert.Equal(2, exitCode);     // dotnet-repl: some cell failed
        Assert.Empty(DotnetRepl.Errors(cells[0]));
        Assert.Contains("Plotly", DotnetRepl.Errors(cells[1]), StringComparison.Ordinal);
    }
}
