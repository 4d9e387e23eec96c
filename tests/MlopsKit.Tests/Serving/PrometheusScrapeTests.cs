using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Serving;

/// <summary>A real Prometheus (the Debian <c>prometheus</c> binary) scrapes the server's /metrics and sees the requests sent.</summary>
[Collection(nameof(ServedModels))]
public sealed class PrometheusScrapeTests(ServingFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_real_prometheus_scraping_the_server_counts_exactly_the_requests_sent()
    {
        var binary = FindPrometheus();
        await using var server = await MeteredTestServer.StartAsync($"runs:/{fixture.IrisRunId}/model", fixture.TrackingUri, Ct);
        using var dir = TempDir.Create("mlopskit-prometheus");
        var port = FreePort();
        await File.WriteAllTextAsync(dir["prometheus.yml"], $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: model-server
                metrics_path: /metrics
                static_configs:
                  - targets: ["127.0.0.1:{server.BaseAddress.Port}"]
            """, Ct);
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { $"--config.file={dir["prometheus.yml"]}", $"--storage.tsdb.path={dir["data"]}", $"--web.listen-address=127.0.0.1:{port}" })
            start.ArgumentList.Add(arg);
        var log = new StringBuilder();
        using var prometheus = Process.Start(start)!;
        prometheus.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        prometheus.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        try
        {
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            await WaitAsync("Prometheus to be ready", TimeSpan.FromSeconds(60), async () =>
            {
                Assert.False(prometheus.HasExited, $"prometheus exited with {(prometheus.HasExited ? prometheus.ExitCode : 0)}:\n{Log(log)}");
                try
                {
                    using var ready = await api.GetAsync("/-/ready", Ct);
                    return ready.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, log);

            const int N = 7;
            for (var i = 0; i < N; i++)
            {
                using var response = await server.Http.PostAsync(i % 2 == 0 ? "/invocations" : "/v2/models/iris/infer", new StringContent(
                    "[{\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": 1.4, \"petal_width\": 0.2}]", Encoding.UTF8, "application/json"), Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            double? seen = null;
            var query = Uri.EscapeDataString("sum(model_requests_total{model=\"iris\"})");
            await WaitAsync($"Prometheus to see {N} requests", TimeSpan.FromSeconds(60), async () =>
            {
                using var doc = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/query?query={query}", Ct));
                var result = doc.RootElement.GetProperty("data").GetProperty("result");
                seen = result.GetArrayLength() == 0 ? null
                    : double.Parse(result[0].GetProperty("value")[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
                return seen == N;
            }, log, () => $"last value: {seen?.ToString(CultureInfo.InvariantCulture) ?? "none"}");

            using var up = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString("up{job=\"model-server\"}")}", Ct));
            Assert.Equal("1", up.RootElement.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString());
        }
        finally
        {
            if (!prometheus.HasExited) prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }
    }

    private static async Task WaitAsync(string what, TimeSpan limit, Func<Task<bool>> done, StringBuilder log, Func<string>? detail = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > limit)
                Assert.Fail($"timed out after {limit.TotalSeconds} s waiting for {what}{(detail is null ? "" : "; " + detail())}. Prometheus log:\n{Log(log)}");
            await Task.Delay(250, Ct);
        }
    }

    private static string Log(StringBuilder log)
    {
        lock (log) return log.ToString();
    }

    private static string FindPrometheus()
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
