using System.Text.Json;
using MlopsKit.Charts;
using MlopsKit.Tracking;
using static MlopsKit.Tests.Charts.WineRuns;

namespace MlopsKit.Tests.Charts;

/// <summary>The figures RunChart builds from runs read back from a real SQLite tracking store.</summary>
public sealed class RunChartTests : IAsyncLifetime
{
    private WineRuns _wine = null!;

    public async ValueTask InitializeAsync() => _wine = await CreateAsync();

    public ValueTask DisposeAsync()
    {
        _wine.Dispose();
        return ValueTask.CompletedTask;
    }

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
    private static string Title(JsonElement figure) => figure.GetProperty("layout").GetProperty("title").GetProperty("text").GetString()!;
    private static string AxisTitle(JsonElement figure, string axis) => figure.GetProperty("layout").GetProperty(axis).GetProperty("title").GetProperty("text").GetString()!;

    [Fact]
    public void Metric_vs_a_numeric_param_is_one_point_per_run_on_a_linear_axis()
    {
        var figure = FigureOf(RunChart.MetricVsParam(_wine.Runs, "alpha", "rmse"));

        var trace = Assert.Single(figure.GetProperty("data").EnumerateArray());
        Assert.Equal("scatter", trace.GetProperty("type").GetString());
        Assert.Equal("markers", trace.GetProperty("mode").GetString());
        var xs = Doubles(trace.GetProperty("x"));
        var ys = Doubles(trace.GetProperty("y"));
        Assert.Equal(8, xs.Length);
        Assert.Equal(Pairs.Select(p => p.Alpha).Order(), xs);
        var expected = _wine.Runs.ToDictionary(r => r.Info.RunName, r => r.Data.Metrics["rmse"].Value);
        var names = Strings(trace.GetProperty("text"));
        for (var i = 0; i < xs.Length; i++) Assert.Equal(expected[names[i]], ys[i]);
        Assert.Equal(_wine.Runs.Select(r => r.Info.RunId).Order(), Strings(trace.GetProperty("customdata")).Order());
        Assert.Contains("%{text}", trace.GetProperty("hovertemplate").GetString(), StringComparison.Ordinal);
        Assert.Contains("%{customdata}", trace.GetProperty("hovertemplate").GetString(), StringComparison.Ordinal);
        Assert.Equal("rmse vs alpha", Title(figure));
        Assert.Equal("alpha", AxisTitle(figure, "xaxis"));
        Assert.Equal("rmse", AxisTitle(figure, "yaxis"));
        Assert.Equal("linear", figure.GetProperty("layout").GetProperty("xaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void Metric_vs_a_categorical_param_uses_a_category_axis_with_the_values_as_text()
    {
        var figure = FigureOf(RunChart.MetricVsParam(_wine.Runs, "selection", "rmse"));

        var trace = Assert.Single(figure.GetProperty("data").EnumerateArray());
        Assert.Equal(["cyclic", "cyclic", "cyclic", "cyclic", "random", "random", "random", "random"], Strings(trace.GetProperty("x")));
        Assert.Equal("category", figure.GetProperty("layout").GetProperty("xaxis").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Runs_without_the_metric_or_with_NaN_are_left_out_and_the_title_says_how_many()
    {
        var noMetric = await _wine.AddRunAsync("no-rmse", new() { ["alpha"] = "0.3" }, [new Metric("r2", 0.4, 1, 0)]);
        var nan = await _wine.AddRunAsync("nan-rmse", new() { ["alpha"] = "0.7" }, [new Metric("rmse", double.NaN, 1, 0)]);
        var noParam = await _wine.AddRunAsync("no-alpha", [], [new Metric("rmse", 0.9, 1, 0)]);
        List<Run> runs = [.. _wine.Runs, noMetric, nan, noParam];

        var scatter = FigureOf(RunChart.MetricVsParam(runs, "alpha", "rmse"));
        Assert.Equal(8, scatter.GetProperty("data")[0].GetProperty("x").GetArrayLength());
        Assert.Contains("3 of 11 runs left out", Title(scatter), StringComparison.Ordinal);

        var bars = FigureOf(RunChart.MetricBar(runs, "rmse"));
        Assert.Equal(9, bars.GetProperty("data")[0].GetProperty("y").GetArrayLength());
        Assert.Contains("2 of 11 runs left out", Title(bars), StringComparison.Ordinal);

        var clean = FigureOf(RunChart.MetricBar(_wine.Runs, "rmse"));
        Assert.DoesNotContain("left out", Title(clean), StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_bars_are_sorted_by_value_and_labelled_with_run_names()
    {
        var figure = FigureOf(RunChart.MetricBar(_wine.Runs, "rmse"));

        var trace = Assert.Single(figure.GetProperty("data").EnumerateArray());
        Assert.Equal("bar", trace.GetProperty("type").GetString());
        var ys = Doubles(trace.GetProperty("y"));
        Assert.Equal(ys.Order(), ys);
        Assert.Equal("en-0.1-0.1", Strings(trace.GetProperty("x"))[0]);
        Assert.Equal(Rmse(0.1, 0.1), ys[0]);
        Assert.Equal("rmse by run", Title(figure));
        Assert.Equal("run", AxisTitle(figure, "xaxis"));
        Assert.Equal("rmse", AxisTitle(figure, "yaxis"));

        var descending = Doubles(FigureOf(RunChart.MetricBar(_wine.Runs, "rmse", descending: true)).GetProperty("data")[0].GetProperty("y"));
        Assert.Equal(ys.Reverse(), descending);
    }

    [Fact]
    public void Parallel_coordinates_have_a_dimension_per_param_then_the_metric_and_map_categories_to_ticks()
    {
        var figure = FigureOf(RunChart.ParallelCoordinates(_wine.Runs, ["alpha", "l1_ratio", "selection"], "rmse"));

        var trace = Assert.Single(figure.GetProperty("data").EnumerateArray());
        Assert.Equal("parcoords", trace.GetProperty("type").GetString());
        var dims = trace.GetProperty("dimensions").EnumerateArray().ToList();
        Assert.Equal(["alpha", "l1_ratio", "selection", "rmse"], dims.Select(d => d.GetProperty("label").GetString()));
        var alphas = Doubles(dims[0].GetProperty("values"));
        var l1s = Doubles(dims[1].GetProperty("values"));
        var rmses = Doubles(dims[3].GetProperty("values"));
        Assert.Equal(8, rmses.Length);
        for (var i = 0; i < 8; i++) Assert.Equal(Rmse(alphas[i], l1s[i]), rmses[i]);
        Assert.Equal(["cyclic", "random"], Strings(dims[2].GetProperty("ticktext")));
        Assert.Equal([0.0, 1.0], Doubles(dims[2].GetProperty("tickvals")));
        Assert.All(Doubles(dims[2].GetProperty("values")), v => Assert.True(v is 0 or 1));
        Assert.Equal(rmses, Doubles(trace.GetProperty("line").GetProperty("color")));
        Assert.Contains("rmse across alpha, l1_ratio, selection", Title(figure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metric_history_is_one_line_per_run_over_steps()
    {
        var histories = await _wine.HistoriesAsync(_wine.Runs);
        var figure = FigureOf(RunChart.MetricHistory(histories, "rmse"));

        var traces = figure.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(8, traces.Count);
        Assert.Equal(_wine.Runs.Select(r => r.Info.RunName), traces.Select(t => t.GetProperty("name").GetString()));
        Assert.All(traces, t => Assert.Equal([0.0, 1, 2, 3, 4], Doubles(t.GetProperty("x"))));
        var first = Doubles(traces[0].GetProperty("y"));
        Assert.Equal(Rmse(0.1, 0.1) + 0.4, first[0], 9);
        Assert.Equal(Rmse(0.1, 0.1), first[4], 9);
        Assert.Equal("rmse by step", Title(figure));
        Assert.Equal("step", AxisTitle(figure, "xaxis"));
        Assert.Equal("rmse", AxisTitle(figure, "yaxis"));

        var asDictionary = histories.ToDictionary(h => h.Run, h => h.History);
        Assert.Equal(8, FigureOf(RunChart.MetricHistory(asDictionary, "rmse")).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public void Empty_input_is_an_argument_error_that_says_so()
    {
        var e = Assert.Throws<ArgumentException>(() => RunChart.MetricVsParam([], "alpha", "rmse"));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RunChart.MetricBar([], "rmse"));
        Assert.Throws<ArgumentException>(() => RunChart.ParallelCoordinates([], ["alpha"], "rmse"));
        Assert.Throws<ArgumentException>(() => RunChart.MetricHistory(Array.Empty<(Run, IReadOnlyList<Metric>)>(), "rmse"));
        Assert.Throws<ArgumentException>(() => ChartHtml.ToHtml([]));
    }

    [Fact]
    public void A_metric_no_run_has_is_an_argument_error_naming_the_metrics_they_have()
    {
        var e = Assert.Throws<ArgumentException>(() => RunChart.MetricBar(_wine.Runs, "accuracy"));
        Assert.Contains("'accuracy'", e.Message, StringComparison.Ordinal);
        Assert.Contains("rmse", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_comparison_has_bars_a_scatter_per_param_parallel_coordinates_and_history()
    {
        var charts = RunChart.CompareCharts(_wine.Runs, await _wine.HistoriesAsync(_wine.Runs), "rmse", ["alpha", "l1_ratio"]);

        var types = charts.Select(c => FigureOf(c).GetProperty("data")[0].GetProperty("type").GetString()).ToList();
        Assert.Equal(["bar", "scatter", "scatter", "parcoords", "scatter"], types);
        Assert.Equal(8, FigureOf(charts[^1]).GetProperty("data").GetArrayLength());
    }
}
