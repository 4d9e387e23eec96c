using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MlopsKit.Monitoring;

/// <summary>
/// Runs the stack <c>mlops monitor init</c> generated from the installed Prometheus, Alertmanager and Pushgateway binaries,
/// detached, so they outlive <c>mlops monitor up</c>: data in <c>dir/data/&lt;component&gt;</c>, logs, pid and state files in <c>dir/.run/</c>.
/// </summary>
public static partial class LocalMonitor
{
    /// <summary>The folder, under the stack folder, that holds pid files, state, logs and the runtime prometheus.yml.</summary>
    public const string RunFolder = ".run";

    private static readonly MonitorComponent[] s_all = [MonitorComponent.Prometheus, MonitorComponent.Alertmanager, MonitorComponent.Pushgateway];

    /// <summary>The lower-case file name of a component.</summary>
    public static string NameOf(MonitorComponent component) => component switch
    {
        MonitorComponent.Prometheus => "prometheus",
        MonitorComponent.Alertmanager => "alertmanager",
        _ => "pushgateway",
    };

    /// <summary>The port a component uses when nothing is configured and it is free.</summary>
    public static int UsualPort(MonitorComponent component) => component switch
    {
        MonitorComponent.Prometheus => 9090,
        MonitorComponent.Alertmanager => 9093,
        _ => 9091,
    };

    /// <summary>
    /// Starts whatever of the stack in <paramref name="dir"/> is not running and waits until each answers <c>/-/ready</c>.
    /// A folder without prometheus.yml first gets the default stack (<see cref="MonitoringStack.Write"/>).
    /// </summary>
    /// <exception cref="NotFoundException">A binary is not installed (the message names its apt package).</exception>
    /// <exception cref="ConfigException">A configured port is in use, or a component did not become ready (the message ends with its log).</exception>
    public static async Task<LocalMonitorResult> UpAsync(string dir, LocalMonitorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        options ??= new LocalMonitorOptions();
        var clock = Stopwatch.StartNew();
        var root = Path.GetFullPath(dir);
        foreach (var c in s_all)
        {
            var binary = BinaryOf(c, options);
            if (!File.Exists(binary))
                throw new NotFoundException($"{Title(c)} is not installed ({binary} not found); install it with: apt-get install {PackageOf(c)}");
        }

        var generated = false;
        if (!File.Exists(Path.Combine(root, "prometheus.yml")))
        {
            MonitoringStack.Write(root, new MonitoringOptions());
            generated = true;
        }
        if (!File.Exists(Path.Combine(root, "alertmanager.yml")))
            throw new NotFoundException($"'{Path.Combine(root, "alertmanager.yml")}' is missing; regenerate the stack with 'mlops monitor init --dir {dir} --force'.");

        var before = await StatusAsync(root, cancellationToken).ConfigureAwait(false);
        if (before.All(s => s.State == ComponentState.Running))
            return new LocalMonitorResult(root, generated, AlreadyRunning: true, before, clock.Elapsed);

        var run = Directory.CreateDirectory(Path.Combine(root, RunFolder)).FullName;
        foreach (var stale in before.Where(s => s.State == ComponentState.Stale)) RemoveRunFiles(root, stale.Component);

        var ports = ChoosePorts(root, before, options);
        var started = new List<MonitorComponent>();
        try
        {
            // Prometheus last: its runtime config needs the ports of the other two.
            foreach (var c in new[] { MonitorComponent.Alertmanager, MonitorComponent.Pushgateway, MonitorComponent.Prometheus })
            {
                if (before.First(s => s.Component == c).State == ComponentState.Running) continue;
                Start(root, c, BinaryOf(c, options), ports);
                started.Add(c);
            }
            await Task.WhenAll(started.Select(c => WaitReadyAsync(root, c, options.ReadyTimeout, cancellationToken))).ConfigureAwait(false);
        }
        catch
        {
            foreach (var c in started) await StopAsync(root, c).ConfigureAwait(false);
            throw;
        }
        var after = await StatusAsync(root, cancellationToken).ConfigureAwait(false);
        return new LocalMonitorResult(root, generated, AlreadyRunning: false, after, clock.Elapsed);
    }

    /// <summary>Stops exactly the processes <see cref="UpAsync"/> started (SIGTERM, then SIGKILL after 10 s) and removes their pid files.</summary>
    /// <returns>The components that were running and are now stopped.</returns>
    public static async Task<IReadOnlyList<MonitorComponent>> DownAsync(string dir)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        var root = Path.GetFullPath(dir);
        var stopped = new List<MonitorComponent>();
        foreach (var c in s_all)
            if (await StopAsync(root, c).ConfigureAwait(false)) stopped.Add(c);
        return stopped;
    }

    /// <summary>Per component: running, stopped or stale, with its URL and whether it answers <c>/-/ready</c>.</summary>
    public static async Task<IReadOnlyList<ComponentStatus>> StatusAsync(string dir, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        var root = Path.GetFullPath(dir);
        var result = new List<ComponentStatus>();
        foreach (var c in s_all)
        {
            var pid = ReadPid(root, c);
            var record = ReadRecord(root, c);
            var state = pid is null ? ComponentState.Stopped : IsOurs(pid.Value, record) ? ComponentState.Running : ComponentState.Stale;
            var url = record is null ? null : new Uri(record.Url);
            var ready = state == ComponentState.Running && url is not null && await IsReadyAsync(url, cancellationToken).ConfigureAwait(false);
            result.Add(new ComponentStatus(c, state, pid, record?.Port, url, record?.Binary, record?.StartedAt, ready));
        }
        return result;
    }

    /// <summary>The URL of a component of the stack in <paramref name="dir"/> while it runs, or null when it does not.</summary>
    public static Uri? RunningUrl(string dir, MonitorComponent component)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        var root = Path.GetFullPath(dir);
        var pid = ReadPid(root, component);
        var record = ReadRecord(root, component);
        return pid is not null && IsOurs(pid.Value, record) ? new Uri(record!.Url) : null;
    }

    internal static string Title(MonitorComponent c) => c switch
    {
        MonitorComponent.Prometheus => "Prometheus",
        MonitorComponent.Alertmanager => "Alertmanager",
        _ => "Pushgateway",
    };

    internal static string PackageOf(MonitorComponent c) => c switch
    {
        MonitorComponent.Prometheus => "prometheus",
        MonitorComponent.Alertmanager => "prometheus-alertmanager",
        _ => "prometheus-pushgateway",
    };

    private static string BinaryOf(MonitorComponent c, LocalMonitorOptions o) => c switch
    {
        MonitorComponent.Prometheus => o.PrometheusBinary,
        MonitorComponent.Alertmanager => o.AlertmanagerBinary,
        _ => o.PushgatewayBinary,
    };

    private static string OptionOf(MonitorComponent c) => $"--{NameOf(c)}-port";

    private static int? ConfiguredPort(MonitorComponent c, LocalMonitorOptions o) => c switch
    {
        MonitorComponent.Prometheus => o.PrometheusPort,
        MonitorComponent.Alertmanager => o.AlertmanagerPort,
        _ => o.PushgatewayPort,
    };

    /// <summary>
    /// Running components keep their port; a stopped one reuses its recorded port when others still run (their config points
    /// there), else takes the configured port (0: any free port), else the usual one when free, else any free loopback port.
    /// </summary>
    private static Dictionary<MonitorComponent, int> ChoosePorts(string root, IReadOnlyList<ComponentStatus> before, LocalMonitorOptions options)
    {
        var ports = new Dictionary<MonitorComponent, int>();
        var held = new List<TcpListener>();
        var anyRunning = before.Any(s => s.State == ComponentState.Running);
        try
        {
            foreach (var status in before)
            {
                var c = status.Component;
                if (status.State == ComponentState.Running)
                {
                    ports[c] = status.Port!.Value;
                    continue;
                }
                var configured = ConfiguredPort(c, options) ?? (anyRunning ? ReadRecord(root, c)?.Port : null);
                if (configured is 0)
                {
                    var any = TryHold(0)!;
                    held.Add(any);
                    ports[c] = ((IPEndPoint)any.LocalEndpoint).Port;
                    continue;
                }
                if (configured is { } port)
                {
                    if (port is < 1 or > 65535)
                        throw new ConfigException($"{OptionOf(c)} {port} is not a port (1-65535).");
                    var listener = TryHold(port) ?? throw new ConfigException(
                        $"port {port} for {Title(c)} is in use on 127.0.0.1; choose another with {OptionOf(c)} (LocalMonitorOptions.{Title(c)}Port).");
                    held.Add(listener);
                    ports[c] = port;
                    continue;
                }
                var chosen = TryHold(UsualPort(c)) ?? TryHold(0)!;
                held.Add(chosen);
                ports[c] = ((IPEndPoint)chosen.LocalEndpoint).Port;
            }
        }
        finally
        {
            // Held until all are chosen so two components never get the same free port; released just before the starts.
            foreach (var l in held) l.Stop();
        }
        return ports;
    }

    private static TcpListener? TryHold(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException)
        {
            listener.Dispose();
            return null;
        }
    }
}
