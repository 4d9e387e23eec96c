using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MlopsKit.Monitoring;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Monitoring;

/// <summary><c>mlops monitor up/status/down</c> as processes: detached children, no double start, clear failures that leave nothing running.</summary>
public sealed class LocalMonitorLifecycleTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-monitor-up");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Stack => _dir["stack"];

    public void Dispose()
    {
        StackProcesses.KillLeftovers(Stack);
        _dir.Dispose();
    }

    private static string[] Ports() =>
    [
        "--prometheus-port", StackProcesses.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--alertmanager-port", StackProcesses.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--pushgateway-port", StackProcesses.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    [Fact]
    public void Up_outlives_the_cli_a_second_up_starts_nothing_and_down_leaves_no_process()
    {
        var clock = Stopwatch.StartNew();
        var up = CliRunner.Run(_dir.Path, ["monitor", "up", "--dir", "stack", .. Ports()]);
        var upTime = clock.Elapsed;
        Assert.True(up.ExitCode == 0, up.Stderr);
        Assert.Contains("had no prometheus.yml: generated the default stack", up.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, up.Stdout.Split('\n').Count(l => l.Contains("http://127.0.0.1:", StringComparison.Ordinal)));
        var pids = StackProcesses.Pids(Stack);
        Assert.Equal(3, pids.Count);
        Assert.All(pids.Values, pid => Assert.True(StackProcesses.IsStackProcess(pid, Stack), $"pid {pid} is not running after 'mlops monitor up' exited"));
        TestContext.Current.SendDiagnosticMessage($"mlops monitor up (process, ready): {upTime.TotalSeconds:0.00} s");

        var status = CliRunner.Run(_dir.Path, "monitor", "status", "--dir", "stack", "--json");
        Assert.True(status.ExitCode == 0, status.Stderr);
        using (var doc = JsonDocument.Parse(status.Stdout))
        {
            Assert.All(doc.RootElement.EnumerateArray(), c => Assert.Equal("running", c.GetProperty("state").GetString()));
            Assert.All(doc.RootElement.EnumerateArray(), c => Assert.True(c.GetProperty("ready").GetBoolean()));
        }

        var again = CliRunner.Run(_dir.Path, "monitor", "up", "--dir", "stack");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("already running", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(pids, StackProcesses.Pids(Stack));

        var down = CliRunner.Run(_dir.Path, "monitor", "down", "--dir", "stack");
        Assert.True(down.ExitCode == 0, down.Stderr);
        Assert.All(pids.Values, pid => Assert.False(StackProcesses.IsStackProcess(pid, Stack), $"pid {pid} still runs after down"));
        Assert.Empty(StackProcesses.Pids(Stack));
        var after = CliRunner.Run(_dir.Path, "monitor", "status", "--dir", "stack");
        Assert.Equal(3, after.Stdout.Split('\n').Count(l => l.Contains("stopped", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_configured_port_in_use_fails_with_one_line_naming_it_and_starts_nothing()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var up = CliRunner.Run(_dir.Path, "monitor", "up", "--dir", "stack", "--pushgateway-port", port,
            "--prometheus-port", StackProcesses.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--alertmanager-port", StackProcesses.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(3, up.ExitCode);
        var line = Assert.Single(up.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"port {port}", line, StringComparison.Ordinal);
        Assert.Contains("--pushgateway-port", line, StringComparison.Ordinal);
        Assert.Empty(StackProcesses.Pids(Stack));
    }

    [Fact]
    public async Task A_missing_binary_fails_with_one_line_naming_the_apt_package_and_starts_nothing()
    {
        var e = await Assert.ThrowsAsync<NotFoundException>(() => LocalMonitor.UpAsync(Stack, new LocalMonitorOptions
        {
            PushgatewayBinary = _dir["no-such/prometheus-pushgateway"],
            PrometheusPort = StackProcesses.FreePort(),
            AlertmanagerPort = StackProcesses.FreePort(),
            PushgatewayPort = StackProcesses.FreePort(),
        }, Ct));

        Assert.Contains("apt-get install prometheus-pushgateway", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Empty(StackProcesses.Pids(Stack));
    }

    [Fact]
    public async Task A_component_that_fails_to_start_stops_the_others_and_shows_its_log()
    {
        MonitoringStack.Write(Stack, new MonitoringOptions());
        File.WriteAllText(Path.Combine(Stack, "alertmanager.yml"), "route:\n  receiver: nobody\n");
        var e = await Assert.ThrowsAsync<ConfigException>(() => LocalMonitor.UpAsync(Stack, new LocalMonitorOptions
        {
            PrometheusPort = StackProcesses.FreePort(),
            AlertmanagerPort = StackProcesses.FreePort(),
            PushgatewayPort = StackProcesses.FreePort(),
            ReadyTimeout = TimeSpan.FromSeconds(20),
        }, Ct));

        Assert.StartsWith("Alertmanager failed to start (it exited)", e.Message, StringComparison.Ordinal);
        Assert.Contains("nobody", e.Message, StringComparison.Ordinal);
        Assert.Empty(StackProcesses.Pids(Stack));
        var status = await LocalMonitor.StatusAsync(Stack, Ct);
        Assert.All(status, s => Assert.Equal(ComponentState.Stopped, s.State));
    }

    [Fact]
    public void Querying_an_unreachable_prometheus_fails_with_one_line()
    {
        var url = $"http://127.0.0.1:{StackProcesses.FreePort()}";
        var query = CliRunner.Run(_dir.Path, "monitor", "query", "up", "--prometheus", url);

        Assert.Equal(6, query.ExitCode);
        var line = Assert.Single(query.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: cannot reach Prometheus at {url} (", line, StringComparison.Ordinal);
        Assert.EndsWith("start it with `mlops monitor up` or pass --prometheus", line, StringComparison.Ordinal);
    }
}
