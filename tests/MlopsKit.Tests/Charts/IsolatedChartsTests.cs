using System.Runtime.Loader;
using MlopsKit.Charts;
using MlopsKit.Interactive.Charts;

namespace MlopsKit.Tests.Charts;

/// <summary>The isolated load context in this process, loading the real mlopskit-charts folder the extension's build produces.</summary>
public sealed class IsolatedChartsTests : IAsyncLifetime
{
    private WineRuns _wine = null!;

    public async ValueTask InitializeAsync() => _wine = await WineRuns.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _wine.Dispose();
        return ValueTask.CompletedTask;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Folder => Path.Combine(DotnetRepl.ExtensionFolder, IsolatedCharts.FolderName);

    [Fact]
    public void Opening_twice_reuses_the_one_named_context_holding_its_own_MlopsKit_and_FSharpCore()
    {
        var first = IsolatedCharts.Open(Folder);
        var second = IsolatedCharts.Open(Folder);

        Assert.Same(first.Context, second.Context);
        Assert.Single(AssemblyLoadContext.All, c => c.Name == IsolatedCharts.ContextName);
        Assert.False(first.Context.IsCollectible);
        first.Call("PlotlyJsVersion", []);
        var mlopsKit = Assert.Single(first.Context.Assemblies, a => a.GetName().Name == "MlopsKit");
        Assert.NotSame(typeof(ChartBridge).Assembly, mlopsKit);
        Assert.StartsWith(Path.GetFullPath(Folder), mlopsKit.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_comparison_renders_from_the_store_with_the_bundle_once_and_a_chart_per_view()
    {
        var charts = IsolatedCharts.Open(Folder);
        Type[] signature = [typeof(string), typeof(string), typeof(string), typeof(string[]), typeof(string), typeof(bool), typeof(CancellationToken)];

        var html = await charts.CallAsync("CompareRunsHtmlAsync", signature, $"sqlite:///{_wine.DbPath}", "wine-quality", "rmse", new[] { "alpha", "l1_ratio" }, null, true, Ct);
        var small = await charts.CallAsync("CompareRunsHtmlAsync", signature, $"sqlite:///{_wine.DbPath}", "wine-quality", "rmse", new[] { "alpha" }, "params.selection = 'cyclic'", false, Ct);

        Assert.Equal(5, System.Text.RegularExpressions.Regex.Count(html, @"Plotly\.newPlot\('"));
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(html, @"if\(!window\.Plotly\)"));
        Assert.DoesNotContain("window.Plotly", small, StringComparison.Ordinal);
        Assert.Contains("en-0.5-0.9", small, StringComparison.Ordinal);
        Assert.DoesNotContain("en-1-0.9", small, StringComparison.Ordinal);
        Assert.Contains(Assert.Single(charts.Context.Assemblies, a => a.GetName().Name == "FSharp.Core").GetName().Version!.ToString(), "10.1.0.0", StringComparison.Ordinal);
        Assert.Contains(charts.Context.Assemblies, a => a.GetName().Name == "Plotly.NET");
    }

    [Fact]
    public async Task An_MlopsKit_error_inside_the_context_arrives_as_the_callers_own_exception_type()
    {
        var charts = IsolatedCharts.Open(Folder);
        Type[] signature = [typeof(string), typeof(string), typeof(string), typeof(string), typeof(bool), typeof(CancellationToken)];

        var missing = await Assert.ThrowsAsync<NotFoundException>(() =>
            charts.CallAsync("MetricHistoryHtmlAsync", signature, $"sqlite:///{_wine.DbPath}", "no-such-experiment", "rmse", null, false, Ct));
        var badJson = Assert.Throws<ArgumentException>(() => charts.Call("FigureHtml", [typeof(string), typeof(bool)], "{\"data\": 1}", false));
        var unknown = Assert.Throws<MissingMethodException>(() => charts.Call("NoSuchChart", [typeof(string)], "x"));

        Assert.Contains("'no-such-experiment' does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Contains("\"data\" array", badJson.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchChart", unknown.Message, StringComparison.Ordinal);
    }
}
