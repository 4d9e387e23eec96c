using System.Net.Http.Json;
using System.Text.Json;
using MlopsKit.Monitoring;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Monitoring;

/// <summary>The stack <c>LocalMonitor.UpAsync</c> started from the real binaries: ready, wired together, queryable.</summary>
[Collection(nameof(LocalStackProcesses))]
public sealed class LocalMonitorTests(LocalStackFixture stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Up_starts_all_three_ready_and_status_says_running()
    {
        Assert.False(stack.Up.AlreadyRunning);
        Assert.All(stack.Up.Components, c => Assert.True(c.Ready, $"{c.Name} not ready"));
        var status = await LocalMonitor.StatusAsync(stack.Dir.Path, Ct);
        Assert.All(status, s => Assert.Equal(ComponentState.Running, s.State));
        Assert.All(status, s => Assert.True(s.Ready));
        Assert.Equal(stack.Up.Components.Select(c => c.Url), status.Select(s => s.Url));
        Assert.Equal(stack.UserConfig, File.ReadAllText(stack.Dir["prometheus.yml"]));
        Assert.True(File.Exists(stack.Dir[".run/prometheus.log"]));
        Assert.True(Directory.Exists(stack.Dir["data/prometheus"]));
    }

    [Fact]
    public async Task Prometheus_sends_alerts_to_the_alertmanager_on_the_port_up_chose()
    {
        using var http = new HttpClient();
        var expected = $"{stack.Alertmanager.ToString().TrimEnd('/')}/api/v2/alerts";
        var urls = await StackProcesses.PollAsync("Prometheus to discover the Alertmanager", TimeSpan.FromSeconds(30), async () =>
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(stack.Prometheus, "/api/v1/alertmanagers"), Ct));
            var active = doc.RootElement.GetProperty("data").GetProperty("activeAlertmanagers").EnumerateArray().Select(a => a.GetProperty("url").GetString()!).ToList();
            return active.Count > 0 ? active : null;
        }, Ct);
        Assert.Equal([expected], urls);
    }

    [Fact]
    public async Task A_metric_pushed_to_the_gateway_reaches_prometheus_with_its_grouping_labels()
    {
        using var gateway = new PushgatewayClient(stack.Pushgateway);
        await gateway.PushAsync("lm_batch", new Dictionary<string, string> { ["model"] = "iris", ["path"] = "data/iris.csv" },
            [MetricFamily.Gauge("lm_batch_rows", 1200)], replace: true, Ct);
        using var prometheus = new PrometheusClient(stack.Prometheus);

        var instant = await StackProcesses.PollAsync("the pushed metric in Prometheus", TimeSpan.FromSeconds(45), async () =>
        {
            var r = await prometheus.QueryAsync("lm_batch_rows", cancellationToken: Ct);
            return r.Series.Count > 0 ? r : null;
        }, Ct);

        var series = Assert.Single(instant.Series);
        Assert.Equal("vector", instant.ResultType);
        Assert.Equal("lm_batch", series.Labels["job"]);
        Assert.Equal("iris", series.Labels["model"]);
        Assert.Equal("data/iris.csv", series.Labels["path"]);
        Assert.False(series.Labels.ContainsKey("exported_job"));
        Assert.Equal(1200, series.Points[0].Value);
        var frame = instant.ToDataFrame();
        Assert.Equal(1, frame.Rows.Count);
        Assert.Equal(["__name__", "job", "model", "path", "timestamp", "value"], frame.Columns.Select(c => c.Name).Where(n => n != "instance"));
        Assert.Equal(1200.0, frame["value"][0]);
        Assert.Equal("iris", frame["model"][0]);

        var end = DateTimeOffset.UtcNow;
        var range = await prometheus.QueryRangeAsync("lm_batch_rows", end.AddSeconds(-30), end, TimeSpan.FromSeconds(1), Ct);
        Assert.Equal("matrix", range.ResultType);
        var rangeSeries = Assert.Single(range.Series);
        Assert.NotEmpty(rangeSeries.Points);
        Assert.All(rangeSeries.Points, p => Assert.Equal(1200, p.Value));
        var rangeFrame = range.ToDataFrame();
        Assert.Equal(rangeSeries.Points.Count, rangeFrame.Rows.Count);
        Assert.Equal(typeof(DateTime), rangeFrame["timestamp"].DataType);
        Assert.Equal(rangeSeries.Points[^1].Timestamp.UtcDateTime, rangeFrame["timestamp"][rangeFrame.Rows.Count - 1]);
    }

    [Fact]
    public async Task A_scalar_query_gives_one_unlabelled_row()
    {
        using var prometheus = new PrometheusClient(stack.Prometheus);
        var result = await prometheus.QueryAsync("scalar(vector(3)) * 2", cancellationToken: Ct);
        Assert.Equal("scalar", result.ResultType);
        var frame = result.ToDataFrame();
        Assert.Equal(["timestamp", "value"], frame.Columns.Select(c => c.Name));
        Assert.Equal(6.0, frame["value"][0]);
    }

    [Fact]
    public async Task Invalid_promql_fails_with_prometheus_parse_error_on_one_line()
    {
        using var prometheus = new PrometheusClient(stack.Prometheus);
        var e = await Assert.ThrowsAsync<PrometheusQueryException>(() => prometheus.QueryAsync("sum(", cancellationToken: Ct));
        Assert.Equal("bad_data", e.ErrorType);
        Assert.Contains("parse error", e.Message, StringComparison.Ordinal);

        var cli = CliRunner.Run(stack.Dir.Path, "monitor", "query", "sum(", "--prometheus", stack.Prometheus.ToString());
        Assert.Equal(3, cli.ExitCode);
        var line = Assert.Single(cli.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("parse error", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_cli_finds_the_stack_from_dir_prints_a_table_and_draws_a_range_chart()
    {
        using var gateway = new PushgatewayClient(stack.Pushgateway);
        await gateway.PushAsync("lm_cli", new Dictionary<string, string> { ["model"] = "wine" }, [MetricFamily.Gauge("lm_cli_score", 0.25)], cancellationToken: Ct);
        using var prometheus = new PrometheusClient(stack.Prometheus);
        await StackProcesses.PollAsync("the pushed metric in Prometheus", TimeSpan.FromSeconds(45), async () =>
            (await prometheus.QueryAsync("lm_cli_score", cancellationToken: Ct)).Series.Count > 0 ? "" : null, Ct);

        var parent = Path.GetDirectoryName(stack.Dir.Path)!;
        var table = CliRunner.Run(parent, "monitor", "query", "lm_cli_score", "--dir", stack.Dir.Path);
        Assert.True(table.ExitCode == 0, table.Stderr);
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^metric\s+job\s+model\s+value$", lines[0]);
        Assert.Matches(@"^lm_cli_score\s+lm_cli\s+wine\s+0\.25$", lines[1]);

        var html = Path.Combine(stack.Dir.Path, "chart.html");
        var chart = CliRunner.Run(parent, "monitor", "query", "lm_cli_score", "--dir", stack.Dir.Path, "--range", "2m", "--step", "1s", "--html", html);
        Assert.True(chart.ExitCode == 0, chart.Stderr);
        Assert.Contains("lm_cli_score{job=\"lm_cli\", model=\"wine\"}", chart.Stdout, StringComparison.Ordinal);
        Assert.Contains("last 0.25", chart.Stdout, StringComparison.Ordinal);
        var page = File.ReadAllText(html);
        Assert.Contains("Plotly.newPlot", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src=", page, StringComparison.Ordinal);
    }
}
