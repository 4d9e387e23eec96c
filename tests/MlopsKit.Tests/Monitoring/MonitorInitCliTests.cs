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
}
