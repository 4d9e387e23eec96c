using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MlopsKit.Monitoring;
using MlopsKit.Tests.Serving;
using MlopsKit.Tests.Support;
using MlopsKit.Yaml;

namespace MlopsKit.Tests.Monitoring;

/// <summary>
/// Every panel query of the generated dashboard, with its variables filled in, parsed by a real Prometheus that loads the generated
/// rules and scrapes a real model server; the template variable's <c>label_values(metric, label)</c> (Grafana, not PromQL) is checked
/// against what the server exports.
/// </summary>
[Collection(nameof(ServedModels))]
public sealed partial class DashboardQueryTests(ServingFixture fixture) : IAsyncLifetime
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-dashboard-queries");
    private RealPrometheus? _prometheus;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RealPrometheus Prometheus => _prometheus!;

    public async ValueTask InitializeAsync()
    {
        var options = new MonitoringOptions { Targets = [$"127.0.0.1:{fixture.Iris.BaseAddress.Port}"], ScrapeInterval = TimeSpan.FromSeconds(1) };
        MonitoringStack.Write(_dir.Path, options);
        _prometheus = await RealPrometheus.StartAsync(_dir["prometheus.yml"], TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Every_panel_query_with_its_variables_filled_in_parses_in_a_real_prometheus()
    {
        var dashboard = GrafanaDashboard.Build(new MonitoringOptions());
        var queries = 0;

        foreach (var panel in dashboard["panels"]!.AsArray())
        {
            foreach (var target in panel!["targets"]!.AsArray())
            {
                var expr = Substitute((string)target!["expr"]!);
                Assert.DoesNotContain("$", expr, StringComparison.Ordinal);
                using var answer = await Prometheus.QueryJsonAsync(expr, Ct);
                var root = answer.RootElement;
                Assert.True(root.GetProperty("status").GetString() == "success",
                    $"panel '{panel["title"]}': Prometheus rejected {expr}: {root}");
                queries++;
            }
        }

        // 9 panels; the PSI panel also shows the 1-hour PSI over all replicas, hence 11 queries.
        Assert.Equal(11, queries);
    }

    [Fact]
    public async Task The_check_fails_for_a_query_that_is_not_promql()
    {
        using var answer = await Prometheus.QueryJsonAsync(Substitute("sum by (code) (rate(model_requests_total{model=~\"$model\"}[5m])"), Ct);

        Assert.Equal("error", answer.RootElement.GetProperty("status").GetString());
        Assert.Equal("bad_data", answer.RootElement.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task The_template_variable_reads_a_metric_and_label_the_server_exports()
    {
        var dashboard = GrafanaDashboard.Build(new MonitoringOptions());
        var variables = dashboard["templating"]!["list"]!.AsArray();
        using (var scored = await fixture.IrisHttp.PostAsync("/api/v1.0/predictions", new StringContent(
            "{\"data\": {\"names\": [\"sepal_length\", \"sepal_width\", \"petal_length\", \"petal_width\"], \"ndarray\": [[5.1, 3.5, 1.4, 0.2]]}}",
            Encoding.UTF8, "application/json"), Ct))
            Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
        var exported = await fixture.IrisHttp.GetStringAsync("/metrics", Ct);

        Assert.NotEmpty(variables);
        foreach (var variable in variables)
        {
            var query = (string)variable!["query"]!;
            var match = LabelValues().Match(query);
            Assert.True(match.Success, $"variable '{variable["name"]}' query is not label_values(metric, label): {query}");
            var (metric, label) = (match.Groups[1].Value, match.Groups[2].Value);
            Assert.Matches(new Regex($"(?m)^{Regex.Escape(metric)}\\{{[^}}]*\\b{Regex.Escape(label)}=\"iris\""), exported);
        }
    }

    // Grafana's substitution for a multi-value variable in a regex matcher: the chosen values joined as an alternation.
    private static string Substitute(string expr) => expr.Replace("$model", "iris|diabetes", StringComparison.Ordinal);

    [GeneratedRegex("^label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)$")]
    private static partial Regex LabelValues();
}
