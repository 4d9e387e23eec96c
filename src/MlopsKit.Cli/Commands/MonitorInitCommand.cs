using System.CommandLine;
using MlopsKit.Monitoring;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops monitor init</c>: writes prometheus.yml, alert rules with their tests, alertmanager.yml, Grafana provisioning and docker-compose.yml.</summary>
public static class MonitorInitCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var targets = new Option<string[]>("--target", "-t") { Description = "Model server to scrape, host:port; repeat for more (default: 127.0.0.1:5000).", AllowMultipleArgumentsPerToken = false };
        var dir = new Option<string>("--dir", "-d") { Description = "Folder to write the stack into.", DefaultValueFactory = _ => "monitoring" };
        var force = new Option<bool>("--force", "-f") { Description = "Write into a folder that is not empty, overwriting same-named files." };
        var cmd = new Command("init", "Generate a Prometheus + Alertmanager + Pushgateway + Grafana stack for the model server.") { targets, dir, force };
        Runner.SetHandler(cmd, (p, ct) =>
        {
            var folder = Path.GetFullPath(p.GetValue(dir)!);
            if (!p.GetValue(force) && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                throw new ConflictException($"'{p.GetValue(dir)}' is not empty; pass --force to overwrite the generated files in it, or choose another --dir.");
            var options = new MonitoringOptions();
            if (p.GetValue(targets) is { Length: > 0 } given) options = options with { Targets = given };
            var written = MonitoringStack.Write(folder, options);
            if (!p.GetValue(GlobalOptions.Quiet))
            {
                foreach (var file in written) Console.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, file)}");
                Console.WriteLine($"Check the rules with: promtool test rules {Path.Combine(p.GetValue(dir)!, "rules", "mlops.rules.test.yml")}");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return cmd;
    }
}
