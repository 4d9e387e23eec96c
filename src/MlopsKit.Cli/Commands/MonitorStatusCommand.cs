using System.CommandLine;
using System.Globalization;
using MlopsKit.Monitoring;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops monitor status</c>: per component running/stopped/stale, URL and readiness.</summary>
public static class MonitorStatusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var dir = MonitorDownCommand.DirOption();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("status", "Show whether the stack 'mlops monitor up' started in --dir is running.") { dir, json };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            var statuses = await LocalMonitor.StatusAsync(p.GetValue(dir)!, ct);
            if (p.GetValue(json))
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartArray();
                    foreach (var s in statuses)
                    {
                        w.WriteStartObject();
                        w.WriteString("component", s.Name);
                        w.WriteString("state", s.State.ToString().ToLowerInvariant());
                        if (s.Pid is { } pid) w.WriteNumber("pid", pid); else w.WriteNull("pid");
                        if (s.Port is { } port) w.WriteNumber("port", port); else w.WriteNull("port");
                        w.WriteString("url", s.Url?.ToString().TrimEnd('/'));
                        w.WriteBoolean("ready", s.Ready);
                        w.WriteString("binary", s.Binary);
                        if (s.StartedAt is { } at) w.WriteString("started_at", at); else w.WriteNull("started_at");
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
                return ExitCodes.Ok;
            }
            foreach (var s in statuses)
            {
                var state = s.State.ToString().ToLowerInvariant();
                var detail = s.State switch
                {
                    ComponentState.Running => $"{s.Url?.ToString().TrimEnd('/')}  pid {s.Pid?.ToString(CultureInfo.InvariantCulture)}  {(s.Ready ? "ready" : "not ready")}",
                    ComponentState.Stale => $"pid file names process {s.Pid?.ToString(CultureInfo.InvariantCulture)}, which is gone; 'mlops monitor up' or 'down' clears it",
                    _ => "",
                };
                Console.WriteLine($"{MonitorUpCommand.LocalMonitorTitle(s.Component),-13}{state,-9}{detail}".TrimEnd());
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
