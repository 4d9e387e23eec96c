using System.CommandLine;
using System.Globalization;
using MlopsKit.Monitoring;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops monitor up</c>: starts Prometheus, Alertmanager and the Pushgateway from their installed binaries, detached.</summary>
public static class MonitorUpCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var dir = MonitorDownCommand.DirOption();
        var prometheusPort = new Option<int?>("--prometheus-port") { Description = "Prometheus port (default: 9090 when free, else any free port)." };
        var alertmanagerPort = new Option<int?>("--alertmanager-port") { Description = "Alertmanager port (default: 9093 when free, else any free port)." };
        var pushgatewayPort = new Option<int?>("--pushgateway-port") { Description = "Pushgateway port (default: 9091 when free, else any free port)." };
        var cmd = new Command("up", "Run the stack in --dir (generated first if missing) from the installed binaries; it keeps running until 'mlops monitor down'.")
        {
            dir, prometheusPort, alertmanagerPort, pushgatewayPort,
        };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            var folder = p.GetValue(dir)!;
            var result = await LocalMonitor.UpAsync(folder, new LocalMonitorOptions
            {
                PrometheusPort = p.GetValue(prometheusPort),
                AlertmanagerPort = p.GetValue(alertmanagerPort),
                PushgatewayPort = p.GetValue(pushgatewayPort),
            }, ct);
            if (p.GetValue(GlobalOptions.Quiet)) return ExitCodes.Ok;
            if (result.Generated) Console.WriteLine($"{folder} had no prometheus.yml: generated the default stack there first (mlops monitor init).");
            Console.WriteLine(result.AlreadyRunning
                ? "The stack is already running; nothing started."
                : $"Started and ready in {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s:");
            foreach (var c in result.Components) Console.WriteLine($"  {LocalMonitorTitle(c.Component),-13}{c.Url?.ToString().TrimEnd('/')}");
            Console.WriteLine($"Logs in {Path.Combine(folder, LocalMonitor.RunFolder)}; stop with: mlops monitor down --dir {folder}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    internal static string LocalMonitorTitle(MonitorComponent c) => c switch
    {
        MonitorComponent.Prometheus => "Prometheus",
        MonitorComponent.Alertmanager => "Alertmanager",
        _ => "Pushgateway",
    };
}
