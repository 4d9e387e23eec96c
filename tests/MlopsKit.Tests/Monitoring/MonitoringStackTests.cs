using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MlopsKit.Monitoring;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Monitoring;

/// <summary><see cref="MonitoringStack.Write"/> output checked by the real promtool and amtool, and the dashboard against the served metrics.</summary>
public sealed partial class MonitoringStackTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-monitor");

    // Every series the model server exports (ServingMetrics, FeatureMeter) plus Prometheus' own up.
    private static readonly HashSet<string> s_exported =
    [
        "model_request_duration_seconds_bucket", "model_request_duration_seconds_sum", "model_request_duration_seconds_count",
        "model_requests_total", "model_request_errors_total", "model_requests_in_flight", "model_predictions_total",
        "model_predicted_class_total", "model_info", "model_feature_bin_total", "model_feature_training_bin_ratio",
        "model_feature_psi", "model_feature_ks_statistic", "model_feature_drift_window_rows", "up",
    ];

    private static readonly HashSet<string> s_recorded =
    [
        "job_model:model_requests:rate5m", "job_model:model_requests_errors:rate5m", "job_model:model_requests_errors:ratio_rate5m",
        "job_model:model_request_duration_seconds:p50_rate5m", "job_model:model_request_duration_seconds:p99_rate5m",
        "job_model:model_requests_in_flight:sum", "job_model:model_predictions:rate5m",
        "model_feature_bin:model_feature_bin:ratio_rate1h", "model_feature_bin:model_feature_training_bin_ratio:max",
        "model_feature:model_feature_psi:rate1h", "model:model_feature_psi:max",
    ];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_default_stack_writes_every_file()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions());

        foreach (var file in MonitoringStack.Files)
            Assert.True(new FileInfo(_dir[file]).Length > 0, file);
    }

    [Fact]
    public void Promtool_accepts_the_prometheus_config_and_its_rule_file()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions { Targets = ["127.0.0.1:5000", "10.0.0.7:8080"] });

        var result = PromTools.Promtool(_dir.Path, "check", "config", "prometheus.yml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 rule files found", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Promtool_accepts_the_rules()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions());

        var result = PromTools.Promtool(_dir.Path, "check", "rules", "rules/mlops.rules.yml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("18 rules found", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rule_unit_tests_pass_with_the_default_thresholds()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions());

        var result = PromTools.Promtool(_dir["rules"], "test", "rules", "mlops.rules.test.yml");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void The_rule_unit_tests_pass_with_other_thresholds()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions
        {
            ErrorRatio = 0.2,
            P99LatencySeconds = 1.5,
            InFlightMax = 7,
            NoTrafficFor = TimeSpan.FromMinutes(12),
            PsiWatch = 0.05,
            PsiAlert = 0.5,
        });

        var result = PromTools.Promtool(_dir["rules"], "test", "rules", "mlops.rules.test.yml");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Every_alert_is_tested_both_firing_and_quiet()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions());
        var rules = File.ReadAllText(_dir["rules/mlops.rules.yml"]);
        var tests = File.ReadAllText(_dir["rules/mlops.rules.test.yml"]);

        var alerts = AlertName().Matches(rules).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(7, alerts.Count);
        foreach (var alert in alerts)
        {
            Assert.Matches($"alertname: {alert}\\n\\s+exp_alerts: \\[\\]", tests);
            Assert.Matches($"alertname: {alert}\\n\\s+exp_alerts:\\n\\s+- exp_labels:", tests);
        }
    }

    [Fact]
    public void Amtool_accepts_the_alertmanager_config()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions { WebhookUrl = "http://hooks.example:8000/mlops" });

        var result = PromTools.Amtool(_dir.Path, "check-config", "alertmanager.yml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("http://hooks.example:8000/mlops", File.ReadAllText(_dir["alertmanager.yml"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Alertmanager_routes_every_alert_to_the_webhook_receiver()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions());

        var result = PromTools.Amtool(_dir.Path, "config", "routes", "test", "--config.file=alertmanager.yml", "severity=critical", "alertname=ModelServerDown");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("mlops-webhook", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_thresholds_from_the_options_appear_in_the_alert_rules()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions
        {
            ErrorRatio = 0.125,
            P99LatencySeconds = 0.75,
            InFlightMax = 42,
            NoTrafficFor = TimeSpan.FromMinutes(9),
            PsiWatch = 0.15,
            PsiAlert = 0.3,
        });

        var rules = File.ReadAllText(_dir["rules/mlops.rules.yml"]);

        Assert.Contains("job_model:model_requests_errors:ratio_rate5m > 0.125", rules, StringComparison.Ordinal);
        Assert.Contains("job_model:model_request_duration_seconds:p99_rate5m > 0.75", rules, StringComparison.Ordinal);
        Assert.Contains("job_model:model_requests_in_flight:sum > 42", rules, StringComparison.Ordinal);
        Assert.Matches("job_model:model_requests:rate5m == 0'?\\n\\s+for: 9m", rules);
        Assert.Contains("model_feature_psi > 0.15", rules, StringComparison.Ordinal);
        Assert.Contains("model_feature_psi > 0.3", rules, StringComparison.Ordinal);
        Assert.Contains("max by (model) (model_feature_psi)", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void The_scrape_config_lists_the_targets_and_honors_pushgateway_labels()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions { Targets = ["10.0.0.7:8080"], ScrapeInterval = TimeSpan.FromSeconds(30) });

        var config = File.ReadAllText(_dir["prometheus.yml"]);

        Assert.Contains("scrape_interval: 30s", config, StringComparison.Ordinal);
        Assert.Contains("10.0.0.7:8080", config, StringComparison.Ordinal);
        Assert.Matches("job_name: pushgateway\\n\\s+honor_labels: true", config);
    }

    [Fact]
    public void Every_dashboard_query_reads_only_exported_or_recorded_series()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions());

        var dashboard = JsonNode.Parse(File.ReadAllText(_dir["grafana/dashboards/mlops-golden-signals.json"]))!;
        var panels = dashboard["panels"]!.AsArray();

        Assert.Equal(9, panels.Count);
        foreach (var panel in panels)
        {
            var targets = panel!["targets"]!.AsArray();
            Assert.NotEmpty(targets);
            foreach (var target in targets)
            {
                var expr = (string?)target!["expr"];
                Assert.False(string.IsNullOrWhiteSpace(expr), $"panel {panel["title"]} has an empty expr");
                var names = MetricNames(expr!);
                Assert.NotEmpty(names);
                foreach (var name in names)
                    Assert.True(s_exported.Contains(name) || s_recorded.Contains(name), $"panel {panel["title"]}: '{name}' is neither exported nor recorded in {expr}");
            }
        }
    }

    [Fact]
    public void The_recorded_series_the_dashboard_may_use_are_exactly_those_the_rules_define()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions());

        var rules = File.ReadAllText(_dir["rules/mlops.rules.yml"]);
        var recorded = RecordName().Matches(rules).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(s_recorded.Order(StringComparer.Ordinal), recorded.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_rule_unit_tests_pass_with_durations_from_seconds_to_hours()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions
        {
            ErrorRatioFor = TimeSpan.FromSeconds(1),
            LatencyFor = TimeSpan.FromSeconds(90),
            NoTrafficFor = TimeSpan.FromMinutes(2),
            SaturatedFor = TimeSpan.FromMilliseconds(500),
            DownFor = TimeSpan.FromHours(1),
            DriftFor = TimeSpan.FromSeconds(2),
        });

        var result = PromTools.Promtool(_dir["rules"], "test", "rules", "mlops.rules.test.yml");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Every_alert_takes_its_for_duration_from_the_options_and_the_evaluation_interval_defaults_to_the_scrape_interval()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions
        {
            ScrapeInterval = TimeSpan.FromSeconds(5),
            ErrorRatioFor = TimeSpan.FromMinutes(3),
            LatencyFor = TimeSpan.FromMinutes(4),
            NoTrafficFor = TimeSpan.FromMinutes(6),
            SaturatedFor = TimeSpan.FromMinutes(7),
            DownFor = TimeSpan.FromSeconds(45),
            DriftFor = TimeSpan.FromHours(2),
        });
        var rules = File.ReadAllText(_dir["rules/mlops.rules.yml"]);
        var fors = AlertFor().Matches(rules).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

        Assert.Equal(new Dictionary<string, string>
        {
            ["ModelServerHighErrorRatio"] = "3m",
            ["ModelServerHighLatencyP99"] = "4m",
            ["ModelServerNoTraffic"] = "6m",
            ["ModelServerSaturated"] = "7m",
            ["ModelServerDown"] = "45s",
            ["ModelFeatureDriftWatch"] = "2h",
            ["ModelFeatureDriftHigh"] = "2h",
        }, fors);
        Assert.Contains("evaluation_interval: 5s", File.ReadAllText(_dir["prometheus.yml"]), StringComparison.Ordinal);

        MonitoringStack.Write(_dir.Path, new MonitoringOptions { ScrapeInterval = TimeSpan.FromSeconds(5), EvaluationInterval = TimeSpan.FromSeconds(30) });
        Assert.Contains("evaluation_interval: 30s", File.ReadAllText(_dir["prometheus.yml"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_duration_that_is_not_positive_is_refused_with_the_option_named()
    {
        var zero = Assert.Throws<ConfigException>(() => MonitoringStack.Write(_dir.Path, new MonitoringOptions { DriftFor = TimeSpan.Zero }));
        var negative = Assert.Throws<ConfigException>(() => MonitoringStack.Write(_dir.Path, new MonitoringOptions { EvaluationInterval = TimeSpan.FromSeconds(-1) }));

        Assert.StartsWith("DriftFor must be a positive duration", zero.Message, StringComparison.Ordinal);
        Assert.StartsWith("EvaluationInterval must be a positive duration", negative.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir["prometheus.yml"]));
    }

    [Fact]
    public void The_drift_panels_show_psi_per_feature_with_both_thresholds_and_ks_per_feature()
    {
        MonitoringStack.Write(_dir.Path, new MonitoringOptions { PsiWatch = 0.12, PsiAlert = 0.3 });

        var panels = JsonNode.Parse(File.ReadAllText(_dir["grafana/dashboards/mlops-golden-signals.json"]))!["panels"]!.AsArray();
        var psi = panels.Single(p => ((string?)p!["title"])!.Contains("PSI", StringComparison.Ordinal))!;
        var ks = panels.Single(p => ((string?)p!["title"])!.Contains("KS", StringComparison.Ordinal))!;

        Assert.Equal("max by (model, feature) (model_feature_psi{model=~\"$model\"})", (string?)psi["targets"]![0]!["expr"]);
        Assert.Contains("{{feature}}", (string?)psi["targets"]![0]!["legendFormat"], StringComparison.Ordinal);
        var steps = psi["fieldConfig"]!["defaults"]!["thresholds"]!["steps"]!.AsArray().Select(s => (double?)s!["value"]).ToList();
        Assert.Equal([null, 0.12, 0.3], steps);
        Assert.Equal("line", (string?)psi["fieldConfig"]!["defaults"]!["custom"]!["thresholdsStyle"]!["mode"]);
        Assert.Equal("max by (model, feature) (model_feature_ks_statistic{model=~\"$model\"})", (string?)ks["targets"]![0]!["expr"]);
        Assert.Equal(1, (double?)ks["fieldConfig"]!["defaults"]!["max"]);
    }

    [Fact]
    public void A_target_that_is_not_host_and_port_is_refused()
    {
        var e = Assert.Throws<ConfigException>(() => MonitoringStack.Write(_dir.Path, new MonitoringOptions { Targets = ["http://x/metrics"] }));

        Assert.Contains("host:port", e.Message, StringComparison.Ordinal);
    }

    // Metric names in a PromQL expression: strip strings, label matchers, ranges and by/on clauses, then drop function calls and numbers.
    private static List<string> MetricNames(string expr)
    {
        var s = Regex.Replace(expr, "\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        s = Regex.Replace(s, "\\{[^}]*\\}", " ");
        s = Regex.Replace(s, "\\[[^\\]]*\\]", " ");
        s = Regex.Replace(s, "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        return [.. Regex.Matches(s, "[a-zA-Z_:][a-zA-Z0-9_:]*")
            .Where(m => !(m.Index + m.Length < s.Length && Regex.IsMatch(s[(m.Index + m.Length)..], "^\\s*\\(")))
            .Select(m => m.Value)
            .Where(v => !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))];
    }

    [GeneratedRegex("- alert: (\\S+)")]
    private static partial Regex AlertName();

    [GeneratedRegex("- alert: (\\S+)\\n\\s+expr: .*\\n\\s+for: (\\S+)")]
    private static partial Regex AlertFor();

    [GeneratedRegex("- record: (\\S+)")]
    private static partial Regex RecordName();
}
