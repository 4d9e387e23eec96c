using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops monitor</c>: Prometheus, Alertmanager and Grafana configuration for served models.</summary>
public static class MonitorCommand
{
    /// <summary>Builds the command group; each subcommand is one file in Commands/ (Monitor*Command.cs).</summary>
    public static Command Create()
    {
        var monitor = new Command("monitor", "Monitor served models and batch jobs with Prometheus, Alertmanager, the Pushgateway and Grafana.");
        monitor.Subcommands.Add(MonitorInitCommand.Create());
        monitor.Subcommands.Add(MonitorUpCommand.Create());
        monitor.Subcommands.Add(MonitorDownCommand.Create());
        monitor.Subcommands.Add(MonitorStatusCommand.Create());
        monitor.Subcommands.Add(MonitorQueryCommand.Create());
        monitor.Subcommands.Add(MonitorPushCommand.Create());
        return monitor;
    }
}
