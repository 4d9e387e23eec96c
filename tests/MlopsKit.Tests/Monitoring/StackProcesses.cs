using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MlopsKit.Tests.Monitoring;

/// <summary>Free ports, pids from a stack's pid files, and a last-resort kill so no test leaves a Prometheus behind.</summary>
internal static class StackProcesses
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Dictionary<string, int> Pids(string dir)
    {
        var run = Path.Combine(dir, ".run");
        var pids = new Dictionary<string, int>();
        if (!Directory.Exists(run)) return pids;
        foreach (var file in Directory.GetFiles(run, "*.pid"))
            pids[Path.GetFileNameWithoutExtension(file)] = int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);
        return pids;
    }

    /// <summary>
    /// True when the pid is a live (non-zombie) Prometheus, Alertmanager or Pushgateway of the stack in <paramref name="dir"/>:
    /// pids are reused quickly here (pid_max 32768), and other tests run their own stacks at the same time.
    /// </summary>
    public static bool IsStackProcess(int pid, string dir)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            if (stat[stat.LastIndexOf(')') + 2] is 'Z' or 'X') return false;
            var argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return argv[0].StartsWith("/usr/bin/prometheus", StringComparison.Ordinal)
                && argv.Skip(1).Any(a => a.Contains(Path.GetFullPath(dir), StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>SIGKILLs whatever the pid files still name (for finally blocks after a failed assertion).</summary>
    public static void KillLeftovers(string dir, IEnumerable<int>? extra = null)
    {
        foreach (var pid in Pids(dir).Values.Concat(extra ?? []))
        {
            if (!IsStackProcess(pid, dir)) continue;
            try
            {
                using var p = Process.GetProcessById(pid);
                p.Kill();
                p.WaitForExit(5000);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    public static async Task<T> PollAsync<T>(string what, TimeSpan limit, Func<Task<T?>> probe, CancellationToken ct) where T : class
    {
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        while (true)
        {
            attempts++;
            if (await probe() is { } found) return found;
            if (clock.Elapsed > limit) Assert.Fail($"timed out after {limit.TotalSeconds} s ({attempts} attempts) waiting for {what}.");
            await Task.Delay(250, ct);
        }
    }
}
