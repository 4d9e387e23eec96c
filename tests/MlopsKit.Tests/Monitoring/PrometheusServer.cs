using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Monitoring;

/// <summary>The real Debian <c>prometheus</c> binary on a free loopback port with a given config; killed on dispose.</summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDir _dir;
    private readonly StringBuilder _log;

    private PrometheusServer(Process process, TempDir dir, StringBuilder log, HttpClient api)
    {
        _process = process;
        _dir = dir;
        _log = log;
        Api = api;
    }

    public HttpClient Api { get; }

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>Starts Prometheus with <paramref name="config"/> as prometheus.yml (plus <paramref name="files"/> beside it) and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string config, IReadOnlyDictionary<string, string> files, CancellationToken ct)
    {
        var binary = Find();
        var dir = TempDir.Create("mlopskit-prometheus");
        await File.WriteAllTextAsync(dir["prometheus.yml"], config, ct);
        foreach (var (name, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dir[name])!);
            await File.WriteAllTextAsync(dir[name], text, ct);
        }
        var port = FreePort();
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir.Path };
        foreach (var arg in new[] { $"--config.file={dir["prometheus.yml"]}", $"--storage.tsdb.path={dir["data"]}", $"--web.listen-address=127.0.0.1:{port}" })
            start.ArgumentList.Add(arg);
        var log = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, dir, log, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) });
        try
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited) Assert.Fail($"prometheus exited with {process.ExitCode}:\n{server.Log}");
                try
                {
                    using var ready = await server.Api.GetAsync("/-/ready", ct);
                    if (ready.StatusCode == HttpStatusCode.OK) break;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                if (clock.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail($"Prometheus was not ready after 60 s:\n{server.Log}");
                await Task.Delay(250, ct);
            }
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs an instant query; the answer's JSON whatever the status (400 with errorType bad_data for a parse error).</summary>
    public async Task<JsonDocument> QueryAsync(string promql, CancellationToken ct)
    {
        using var response = await Api.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}", ct);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        _process.Dispose();
        Api.Dispose();
        _dir.Dispose();
    }

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
