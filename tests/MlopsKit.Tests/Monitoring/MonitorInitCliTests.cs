using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Monitoring;

/// <summary>The real <c>mlops monitor init</c>: writes the stack, keeps an existing folder unless <c>--force</c>.</summary>
public sealed class MonitorInitCliTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-monitor-cli");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Init_writes_the_stack_for_the_given_targets_into_the_default_folder()
    {
        var result = CliRunner.Run(_dir.Path, "monitor", "init", "--target", "10.0.0.5:5000", "--target", "10.0.0.6:5000");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var config = File.ReadAllText(_dir["monitoring/prometheus.yml"]);
        Assert.Contains("10.0.0.5:5000", config, StringComparison.Ordinal);
        Assert.Contains("10.0.0.6:5000", config, StringComparison.Ordinal);
        Assert.True(File.Exists(_dir["monitoring/grafana/dashboards/mlops-golden-signals.json"]));
        var check = PromTools.Promtool(_dir["monitoring"], "check", "config", "prometheus.yml");
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public void Init_refuses_a_folder_that_is_not_empty_without_force()
    {
        Directory.CreateDirectory(_dir["stack"]);
        File.WriteAllText(_dir["stack/notes.txt"], "mine");

        var refused = CliRunner.Run(_dir.Path, "monitor", "init", "--dir", "stack");
        var forced = CliRunner.Run(_dir.Path, "monitor", "init", "--dir", "stack", "--force");

        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Equal("mine", File.ReadAllText(_dir["stack/notes.txt"]));
        Assert.True(File.Exists(_dir["stack/alertmanager.yml"]));
    }

    [Fact]
    public void Init_rejects_a_target_that_is_not_host_and_port_as_a_config_error()
    {
        var result = CliRunner.Run(_dir.Path, "monitor", "init", "--target", "http://x:5000/metrics");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("host:port", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_writes_every_flag_into_the_generated_files()
    {
        var result = CliRunner.Run(_dir.Path, "monitor", "init",
            "--scrape-interval", "1h30m", "--pushgateway", "10.0.0.8:9091", "--alertmanager", "10.0.0.9:9093",
            "--error-ratio", "0.125", "--p99-latency", "0.75", "--in-flight-max", "42", "--no-traffic-for", "9m",
            "--evaluation-interval", "45s", "--error-ratio-for", "7m", "--latency-for", "11m", "--saturated-for", "13m", "--down-for", "3m", "--drift-for", "17m",
            "--psi-watch", "0.15", "--psi-alert", "0.3", "--webhook-url", "http://hooks.example:8000/mlops");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var prometheus = File.ReadAllText(_dir["monitoring/prometheus.yml"]);
        var rules = File.ReadAllText(_dir["monitoring/rules/mlops.rules.yml"]);
        var alertmanager = File.ReadAllText(_dir["monitoring/alertmanager.yml"]);
        var datasource = File.ReadAllText(_dir["monitoring/grafana/provisioning/datasources/prometheus.yml"]);
        var dashboard = File.ReadAllText(_dir["monitoring/grafana/dashboards/mlops-golden-signals.json"]);
        Assert.Contains("scrape_interval: 90m", prometheus, StringComparison.Ordinal);
        Assert.Contains("evaluation_interval: 45s", prometheus, StringComparison.Ordinal);
        Assert.Contains("timeInterval: 90m", datasource, StringComparison.Ordinal);
        Assert.Contains("10.0.0.8:9091", prometheus, StringComparison.Ordinal);
        Assert.Contains("10.0.0.9:9093", prometheus, StringComparison.Ordinal);
        Assert.Contains("job_model:model_requests_errors:ratio_rate5m > 0.125", rules, StringComparison.Ordinal);
        Assert.Contains("job_model:model_request_duration_seconds:p99_rate5m > 0.75", rules, StringComparison.Ordinal);
        Assert.Contains("job_model:model_requests_in_flight:sum > 42", rules, StringComparison.Ordinal);
        Assert.Matches("job_model:model_requests:rate5m == 0'?\\n\\s+for: 9m", rules);
        Assert.Matches("ratio_rate5m > 0.125'?\\n\\s+for: 7m", rules);
        Assert.Matches("p99_rate5m > 0.75'?\\n\\s+for: 11m", rules);
        Assert.Matches("in_flight:sum > 42'?\\n\\s+for: 13m", rules);
        Assert.Matches("== 0'?\\n\\s+for: 3m", rules);
        Assert.Matches("model_feature_psi > 0.15'?\\n\\s+for: 17m", rules);
        Assert.Matches("model_feature_psi > 0.3'?\\n\\s+for: 17m", rules);
        Assert.Contains("url: http://hooks.example:8000/mlops", alertmanager, StringComparison.Ordinal);
        Assert.Contains("\"max\": 42", dashboard, StringComparison.Ordinal);
        var tests = PromTools.Promtool(_dir["monitoring/rules"], "test", "rules", "mlops.rules.test.yml");
        Assert.True(tests.ExitCode == 0, tests.ToString());
    }

    [Fact]
    public void Init_help_shows_the_default_of_every_threshold_flag()
    {
        var result = CliRunner.Run(_dir.Path, "monitor", "init", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var (flag, shown) in new[]
        {
            ("--scrape-interval", "Default: 15s."), ("--pushgateway", "Default: 127.0.0.1:9091."), ("--alertmanager", "Default: 127.0.0.1:9093."),
            ("--error-ratio", "Default: 0.05."), ("--p99-latency", "Default: 0.5."), ("--in-flight-max", "Default: 100."),
            ("--no-traffic-for", "Default: 5m."), ("--error-ratio-for", "Default: 5m."), ("--latency-for", "Default: 10m."),
            ("--saturated-for", "Default: 5m."), ("--down-for", "Default: 2m."), ("--drift-for", "Default: 30m."),
            ("--evaluation-interval", "Default: the scrape interval."), ("--psi-watch", "Default: 0.1."), ("--psi-alert", "Default: 0.25."),
            ("--webhook-url", "Default: http://127.0.0.1:5001/alerts."),
        })
        {
            var line = string.Join(' ', result.Stdout.Split('\n').SkipWhile(l => !l.TrimStart().StartsWith(flag, StringComparison.Ordinal)).Take(3));
            Assert.True(line.Contains(shown, StringComparison.Ordinal), $"{flag} help does not show '{shown}':\n{result.Stdout}");
        }
    }

    [Theory]
    [InlineData("--scrape-interval", "15", "--scrape-interval must be a Prometheus duration")]
    [InlineData("--scrape-interval", "1m1h", "--scrape-interval must be a Prometheus duration")]
    [InlineData("--no-traffic-for", "0s", "--no-traffic-for must be a Prometheus duration")]
    [InlineData("--drift-for", "soon", "--drift-for must be a Prometheus duration")]
    [InlineData("--error-ratio", "five", "--error-ratio must be a number")]
    [InlineData("--p99-latency", "0,5", "--p99-latency must be a number")]
    [InlineData("--in-flight-max", "-3", "--in-flight-max must be a positive whole number")]
    public void Init_rejects_a_value_that_does_not_parse_as_a_usage_error_on_one_line(string flag, string value, string message)
    {
        var result = CliRunner.Run(_dir.Path, "monitor", "init", flag, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(_dir["monitoring"]));
    }

    [Theory]
    [InlineData("ErrorRatio", "--error-ratio", "1.5")]
    [InlineData("P99LatencySeconds", "--p99-latency", "0")]
    [InlineData("PSI thresholds", "--psi-watch", "0.4")]
    [InlineData("host:port", "--pushgateway", "pushgateway")]
    [InlineData("http(s) URL", "--webhook-url", "hooks.example/mlops")]
    public void Init_rejects_a_value_out_of_range_as_a_config_error_on_one_line(string message, string flag, string value)
    {
        var result = CliRunner.Run(_dir.Path, "monitor", "init", flag, value);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }
}
