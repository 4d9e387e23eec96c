using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace MlopsKit.Monitoring;

public static partial class LocalMonitor
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(2) };

    // sh redirects and execs, so the pid we get is the binary's own; setsid puts it in its own session, so closing the
    // terminal or pressing Ctrl+C in the shell that ran 'mlops monitor up' does not reach it.
    private const string Launcher =
        "log=$1; shift; if command -v setsid >/dev/null 2>&1; then exec setsid \"$@\" </dev/null >\"$log\" 2>&1; else exec \"$@\" </dev/null >\"$log\" 2>&1; fi";

    private static void Start(string root, MonitorComponent c, string binary, Dictionary<MonitorComponent, int> ports)
    {
        var name = NameOf(c);
        var run = Path.Combine(root, RunFolder);
        var data = Directory.CreateDirectory(Path.Combine(root, "data", name)).FullName;
        var log = Path.Combine(run, name + ".log");
        var port = ports[c];
        var listen = $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        string[] args = c switch
        {
            MonitorComponent.Prometheus =>
            [
                $"--config.file={WriteRuntimeConfig(root, ports[MonitorComponent.Alertmanager], ports[MonitorComponent.Pushgateway])}",
                $"--storage.tsdb.path={data}",
                listen,
            ],
            // An empty cluster address turns off gossip, which would otherwise take port 9094 on every interface.
            MonitorComponent.Alertmanager => [$"--config.file={Path.Combine(root, "alertmanager.yml")}", $"--storage.path={data}", listen, "--cluster.listen-address="],
            _ => [listen, $"--persistence.file={Path.Combine(data, "metrics.db")}"],
        };
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        foreach (var a in new[] { "-c", Launcher, "mlops-monitor", log, binary }.Concat(args)) start.ArgumentList.Add(a);
        int pid;
        using (var process = Process.Start(start) ?? throw new ConfigException($"could not start {binary}."))
            pid = process.Id;
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var record = new ComponentRecord(name, pid, port, url, binary, listen, TimeProvider.System.GetUtcNow(), log);
        File.WriteAllText(Path.Combine(run, name + ".json"), JsonSerializer.Serialize(record, MonitorJson.Default.ComponentRecord));
        File.WriteAllText(Path.Combine(run, name + ".pid"), pid.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    private static async Task WaitReadyAsync(string root, MonitorComponent c, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var record = ReadRecord(root, c)!;
        var url = new Uri(record.Url);
        var clock = Stopwatch.StartNew();
        var exited = false;
        while (clock.Elapsed < timeout)
        {
            if (!ProcessSignals.IsRunning(record.Pid))
            {
                exited = true;
                break;
            }
            if (await IsReadyAsync(url, cancellationToken).ConfigureAwait(false)) return;
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
        var why = exited ? "it exited" : $"it did not answer {url}-/ready within {timeout.TotalSeconds:0} s";
        throw new ConfigException($"{Title(c)} failed to start ({why}); last lines of {record.Log}:\n{Tail(record.Log, 15)}");
    }

    private static async Task<bool> IsReadyAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s_http.GetAsync(new Uri(url, "/-/ready"), cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Stops one component if its pid file names our process; removes its pid and state files either way.</summary>
    private static async Task<bool> StopAsync(string root, MonitorComponent c)
    {
        var pid = ReadPid(root, c);
        var record = ReadRecord(root, c);
        var stopped = false;
        if (pid is { } p && IsOurs(p, record))
        {
            ProcessSignals.Send(p, ProcessSignals.SigTerm);
            if (!await ExitedAsync(p, TimeSpan.FromSeconds(10)).ConfigureAwait(false))
            {
                ProcessSignals.Send(p, ProcessSignals.SigKill);
                await ExitedAsync(p, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            stopped = true;
        }
        RemoveRunFiles(root, c);
        return stopped;
    }

    private static async Task<bool> ExitedAsync(int pid, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (ProcessSignals.IsAlive(pid))
        {
            if (clock.Elapsed > limit) return false;
            await Task.Delay(50).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>True when the pid is alive and still runs the recorded binary with the recorded listen address (pids get reused).</summary>
    private static bool IsOurs(int pid, ComponentRecord? record) =>
        record is not null && ProcessSignals.CommandLine(pid) is { Length: > 0 } argv && argv[0] == record.Binary && argv.Contains(record.ListenArgument);

    private static int? ReadPid(string root, MonitorComponent c)
    {
        var path = Path.Combine(root, RunFolder, NameOf(c) + ".pid");
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : -1;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static ComponentRecord? ReadRecord(string root, MonitorComponent c)
    {
        var path = Path.Combine(root, RunFolder, NameOf(c) + ".json");
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), MonitorJson.Default.ComponentRecord);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    private static void RemoveRunFiles(string root, MonitorComponent c)
    {
        File.Delete(Path.Combine(root, RunFolder, NameOf(c) + ".pid"));
        File.Delete(Path.Combine(root, RunFolder, NameOf(c) + ".json"));
    }

    private static string Tail(string path, int lines)
    {
        try
        {
            var all = File.ReadAllLines(path);
            return all.Length == 0 ? "(the log is empty)" : string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(cannot read the log: {e.Message})";
        }
    }
}
