using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Monitoring;

/// <summary>
/// The real Debian <c>prometheus</c> binary on a free loopback port with a given config and a temp data folder: waits until ready,
/// answers instant queries and the alert list, and is killed (and its data deleted) on dispose. A missing binary fails the test with
/// the apt-get line that installs it.
/// </summary>
public sealed class RealPrometheus : IAsyncDisposable
{
    /// <summary>Longest any wait of this class (start-up, <see cref="WaitForAsync{T}"/>) may take.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly TempDir _data;
    private readonly StringBuilder _log = new();

    private RealPrometheus(Process process, TempDir data, int port)
    {
        _process = process;
        _data = data;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>One series of a query result: its labels (the metric name under <c>__name__</c>, when kept) and value.</summary>
    public sealed record Sample(IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>One active alert: its labels, <c>pending</c> or <c>firing</c>, and the value of its expression.</summary>
    public sealed record Alert(IReadOnlyDictionary<string, string> Labels, string State, double Value)
    {
        public string Name => Labels["alertname"];
    }

    public HttpClient Http { get; }

    /// <summary>Everything Prometheus logged so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>Starts Prometheus with <paramref name="configFile"/> (rule files resolve relative to it) and waits for <c>/-/ready</c>.</summary>
    public static async Task<RealPrometheus> StartAsync(string configFile, CancellationToken cancellationToken)
    {
        var binary = Find();
        var data = TempDir.Create("mlopskit-prometheus-data");
        var port = FreePort();
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { $"--config.file={configFile}", $"--storage.tsdb.path={data.Path}", $"--web.listen-address=127.0.0.1:{port}" })
            start.ArgumentList.Add(arg);
        var prometheus = new RealPrometheus(Process.Start(start)!, data, port);
        try
        {
            prometheus._process.OutputDataReceived += (_, e) => prometheus.Append(e.Data);
            prometheus._process.ErrorDataReceived += (_, e) => prometheus.Append(e.Data);
            prometheus._process.BeginOutputReadLine();
            prometheus._process.BeginErrorReadLine();
            await prometheus.WaitForAsync("Prometheus to be ready", async () =>
            {
                try
                {
                    using var ready = await prometheus.Http.GetAsync("/-/ready", cancellationToken);
                    return ready.StatusCode == HttpStatusCode.OK ? "ready" : null;
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            }, cancellationToken);
            return prometheus;
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instant query (<c>/api/v1/query</c>) of a vector expression.</summary>
    public async Task<IReadOnlyList<Sample>> QueryAsync(string promql, CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}", cancellationToken));
        return [.. doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => new Sample(
            r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            ParseValue(r.GetProperty("value")[1].GetString()!)))];
    }

    /// <summary>The raw answer of an instant query, error answers (400 <c>bad_data</c>) included.</summary>
    public async Task<JsonDocument> QueryJsonAsync(string promql, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}", cancellationToken);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The pending and firing alerts (<c>/api/v1/alerts</c>).</summary>
    public async Task<IReadOnlyList<Alert>> AlertsAsync(CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync("/api/v1/alerts", cancellationToken));
        return [.. doc.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(a => new Alert(
            a.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            a.GetProperty("state").GetString()!,
            ParseValue(a.GetProperty("value").GetString()!)))];
    }

    /// <summary>Polls <paramref name="probe"/> every 250 ms until it returns a value, failing after <see cref="MaxWait"/> with the last
    /// <paramref name="detail"/> and the Prometheus log.</summary>
    public async Task<T> WaitForAsync<T>(string what, Func<Task<T?>> probe, CancellationToken cancellationToken, Func<string>? detail = null)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"prometheus exited with {(_process.HasExited ? _process.ExitCode : 0)} while waiting for {what}:\n{Log}");
            if (await probe() is { } found) return found;
            if (clock.Elapsed > MaxWait)
                Assert.Fail($"timed out after {MaxWait.TotalSeconds} s waiting for {what}{(detail is null ? "" : "; " + detail())}. Prometheus log:\n{Log}");
            await Task.Delay(250, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }
        finally
        {
            _process.Dispose();
            _data.Dispose();
        }
    }

    /// <summary>A loopback port nobody listened on a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        lock (_log) _log.AppendLine(line);
    }

    private static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin"))
        {
            var path = Path.Combine(dir, "prometheus");
            if (dir.Length > 0 && File.Exists(path)) return path;
        }
        Assert.Fail("the prometheus binary is not installed: apt-get install prometheus (./build.sh test installs it).");
        return "";
    }
}
