using System.CommandLine;
using MlopsKit.Monitoring;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops monitor down</c>: stops exactly the processes <c>mlops monitor up</c> started.</summary>
public static class MonitorDownCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var dir = DirOption();
        var cmd = new Command("down", "Stop the Prometheus, Alertmanager and Pushgateway that 'mlops monitor up' started in --dir.") { dir };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            var stopped = await LocalMonitor.DownAsync(p.GetValue(dir)!);
            if (!p.GetValue(GlobalOptions.Quiet))
                Console.WriteLine(stopped.Count == 0 ? "Nothing was running." : "Stopped " + string.Join(", ", stopped.Select(MonitorUpCommand.LocalMonitorTitle)) + ".");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>The <c>--dir</c> option the monitor commands share.</summary>
    internal static Option<string> DirOption()
    {
        var dir = new Option<string>("--dir", "-d") { Description = "The stack folder ('mlops monitor init' output).", DefaultValueFactory = _ => "monitoring" };
        dir.Validators.Add(r =>
        {
            if (r.Tokens.Any(t => t.Value.Trim().Length == 0)) r.AddError("--dir cannot be an empty string.");
        });
        return dir;
    }
}
