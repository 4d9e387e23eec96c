using System.Globalization;
using System.Net;
using System.Text;
using MlopsKit.Monitoring;
using MlopsKit.Serving;
using MlopsKit.Tests.Serving;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Monitoring;

/// <summary>
/// The generated stack end to end: a real Prometheus loads <see cref="MonitoringStack.Write"/>'s prometheus.yml and rules, scrapes a real
/// model server every second, and its recorded series and alerts follow the traffic sent (alert <c>for</c>s shortened to 2 s).
/// </summary>
[Collection(nameof(ServedModels))]
public sealed class AlertFiringTests(ServingFixture fixture)
{
    private static readonly TimeSpan s_for = TimeSpan.FromSeconds(2);
    private static readonly string s_job = $"job=\"{AlertRules.Job}\"";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ModelUri => $"runs:/{fixture.IrisRunId}/model";

    [Fact]
    public async Task Drift_high_fires_for_the_shifted_feature_only_and_stays_quiet_for_in_distribution_traffic()
    {
        await using var server = await ModelServer.StartAsync(new ModelServerOptions
        {
            ModelUri = ModelUri,
            TrackingUri = fixture.TrackingUri,
            Port = 0,
            DriftWindowRows = 150,
            DriftMinRows = 30,
        }, Ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var dir = TempDir.Create("mlopskit-alerts");
        await using var prometheus = await StartStackAsync(dir, server.BaseAddress);
        var rows = IrisTraffic.AllRows();

        // In distribution: all 150 iris rows (the 45-row test split alone has PSI 0.29-0.41 from sampling noise, see DriftGaugeTests),
        // in one request, so no scrape sees a partly filled window.
        await IrisTraffic.SendAsync(http, rows, rows.Count, Ct);
        var calm = await PerFeatureAsync(prometheus, $"model_feature_psi{{{s_job}}}");
        var calmKs = await PerFeatureAsync(prometheus, $"model_feature_ks_statistic{{{s_job}}}");
        Assert.All(calm, p => Assert.True(p.Value < 0.1, $"{p.Key}: PSI {p.Value}"));
        // Five scrapes of the calm PSI span more than the 2 s `for` plus an evaluation, so a firing alert would show by now.
        await prometheus.WaitForAsync("five scrapes of the calm PSI", async () =>
            (await prometheus.QueryAsync($"count_over_time(model_feature_psi{{{s_job},feature=\"petal_length\"}}[1m]) >= 5", Ct)).Count > 0 ? "" : null, Ct);
        var quiet = await prometheus.AlertsAsync(Ct);
        Assert.DoesNotContain(quiet, a => a.Name.StartsWith("ModelFeatureDrift", StringComparison.Ordinal));

        await IrisTraffic.SendAsync(http, IrisTraffic.Shifted(rows, "petal_length", 3), rows.Count, Ct);
        IReadOnlyList<RealPrometheus.Alert> seen = [];
        var fired = await prometheus.WaitForAsync("ModelFeatureDriftHigh to fire for petal_length", async () =>
        {
            seen = await prometheus.AlertsAsync(Ct);
            return seen.FirstOrDefault(a => a.Name == "ModelFeatureDriftHigh" && a.State == "firing");
        }, Ct, () => "alerts: " + string.Join(", ", seen.Select(a => $"{a.Name}{{feature={a.Labels.GetValueOrDefault("feature")}}} {a.State}")));
        var drifted = await PerFeatureAsync(prometheus, $"model_feature_psi{{{s_job}}}");
        var driftedKs = await PerFeatureAsync(prometheus, $"model_feature_ks_statistic{{{s_job}}}");
        var alerts = await prometheus.AlertsAsync(Ct);

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("; ", IrisTraffic.Features.Select(f => string.Create(CultureInfo.InvariantCulture,
            $"{f}: PSI {calm[f]:0.0000} -> {drifted[f]:0.0000}, KS {calmKs[f]:0.0000} -> {driftedKs[f]:0.0000}"))));
        Assert.Equal("petal_length", fired.Labels["feature"]);
        Assert.Equal("iris", fired.Labels["model"]);
        Assert.Equal("warning", fired.Labels["severity"]);
        Assert.True(fired.Value > 0.25, $"alert value {fired.Value}");
        Assert.Equal(["petal_length"], alerts.Where(a => a.Name == "ModelFeatureDriftHigh").Select(a => a.Labels["feature"]));
        Assert.True(drifted["petal_length"] > 0.25 && driftedKs["petal_length"] > 0.5, $"PSI {drifted["petal_length"]}, KS {driftedKs["petal_length"]}");
        var psiMax = Assert.Single(await prometheus.QueryAsync($"{AlertRules.PsiMax}{{model=\"iris\"}}", Ct));
        Assert.Equal(drifted["petal_length"], psiMax.Value);
    }

    [Fact]
    public async Task The_recorded_error_ratio_equals_the_share_of_5xx_sent_and_the_error_alert_fires()
    {
        await using var server = await MeteredTestServer.StartAsync(ModelUri, fixture.TrackingUri, Ct);
        using var dir = TempDir.Create("mlopskit-alerts");
        await using var prometheus = await StartStackAsync(dir, server.BaseAddress);

        const int Ok = 90, Failed = 10;
        var body = IrisTraffic.ListBody(IrisTraffic.AllRows().Take(1));
        for (var i = 0; i < Ok + Failed; i++)
        {
            var boom = i % 10 == 9;
            using var response = await server.Http.PostAsync(boom ? "/invocations?boom" : "/invocations", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(boom ? HttpStatusCode.InternalServerError : HttpStatusCode.OK, response.StatusCode);
        }

        // The 200 and 500 series both start at 0 in the same first scrape and are scraped together, so rate() extrapolates both by the
        // same factor and their ratio is exactly the share sent; 1e-9 only absorbs float rounding.
        const double Expected = (double)Failed / (Ok + Failed);
        double? last = null;
        await prometheus.WaitForAsync($"the recorded error ratio to equal {Expected}", async () =>
        {
            last = (await prometheus.QueryAsync($"{AlertRules.ErrorRatio}{{{s_job},model=\"iris\"}}", Ct)).SingleOrDefault()?.Value;
            return last is { } v && Math.Abs(v - Expected) < 1e-9 ? "" : null;
        }, Ct, () => $"last value {last?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        var fired = await prometheus.WaitForAsync("ModelServerHighErrorRatio to fire", async () =>
            (await prometheus.AlertsAsync(Ct)).FirstOrDefault(a => a.Name == "ModelServerHighErrorRatio" && a.State == "firing"), Ct);

        Assert.Equal("critical", fired.Labels["severity"]);
        Assert.Equal("iris", fired.Labels["model"]);
        Assert.Equal(Expected, fired.Value, 9);
    }

    [Fact]
    public async Task The_recorded_request_rate_and_p99_follow_the_requests_sent_and_the_latency_alert_fires()
    {
        await using var server = await MeteredTestServer.StartAsync(ModelUri, fixture.TrackingUri, Ct);
        using var dir = TempDir.Create("mlopskit-alerts");
        await using var prometheus = await StartStackAsync(dir, server.BaseAddress);

        // Every request is held 600 ms, so every duration falls in the (0.5 s, 1 s] bucket and the interpolated p99 is
        // 0.5 + 0.5 · 0.99 = 0.995 s whatever rate() extrapolation does (it scales the non-empty buckets alike). The histogram's
        // series appear with the first request, which rate() cannot count, so one request goes first and is scraped before the rest.
        const int N = 20;
        var body = IrisTraffic.ListBody(IrisTraffic.AllRows().Take(1));
        Task<HttpResponseMessage> Slow() => server.Http.PostAsync("/invocations?sleep=600", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        using (var first = await Slow()) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await prometheus.WaitForAsync("the first request's histogram to be scraped", async () =>
            (await prometheus.QueryAsync($"model_request_duration_seconds_count{{{s_job},status_class=\"2xx\"}} == 1", Ct)).Count > 0 ? "" : null, Ct);
        var responses = await Task.WhenAll(Enumerable.Range(0, N).Select(_ => Slow()));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in responses) r.Dispose();
        var own = await MetricsText.ScrapeAsync(server.Http, Ct);
        const string Bucket = "model_request_duration_seconds_bucket{model=\"iris\",version=\"1\",protocol=\"mlflow\",status_class=\"2xx\",le=";
        Assert.True(own[Bucket + "\"0.5\"}"] == 0 && own[Bucket + "\"1\"}"] == N + 1, "a request took under 0.5 s or over 1 s; the machine is too slow for this test");

        double? p99 = null;
        await prometheus.WaitForAsync("the recorded p99 to be 0.995 s", async () =>
        {
            p99 = (await prometheus.QueryAsync($"{AlertRules.LatencyP99}{{{s_job},model=\"iris\"}}", Ct)).SingleOrDefault()?.Value;
            return p99 is { } v && Math.Abs(v - 0.995) < 1e-9 ? "" : null;
        }, Ct, () => $"last value {p99?.ToString(CultureInfo.InvariantCulture) ?? "none"}");

        // rate5m is the increase over 5 minutes / 300 s, here of all N + 1 requests: the 200 counter is 0 from the first scrape, so
        // rate() only extrapolates forward, from the last scrape to the evaluation (at most ~1.1 scrape intervals = 1.1 s) over the
        // span T scraped so far: sent/300 ≤ rate ≤ sent/300 · (1 + 1.1 s / T). Ten samples make T ≥ 9 s, so the bound is 12 % above.
        await prometheus.WaitForAsync("ten scrapes of the request counter", async () =>
            (await prometheus.QueryAsync($"count_over_time(model_requests_total{{{s_job},code=\"200\",protocol=\"mlflow\"}}[5m]) >= 10", Ct)).Count > 0 ? "" : null, Ct);
        var rate = Assert.Single(await prometheus.QueryAsync($"{AlertRules.RequestRate}{{{s_job},model=\"iris\"}}", Ct)).Value;
        const double Sent = (N + 1) / 300.0;
        Assert.InRange(rate, Sent * (1 - 1e-9), Sent * (1 + (1.1 / 9)));
        var fired = await prometheus.WaitForAsync("ModelServerHighLatencyP99 to fire", async () =>
            (await prometheus.AlertsAsync(Ct)).FirstOrDefault(a => a.Name == "ModelServerHighLatencyP99" && a.State == "firing"), Ct);
        Assert.Equal("iris", fired.Labels["model"]);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rate5m {rate} (sent {N + 1}/300 = {Sent}), p99 {p99}"));
    }

    // The stack as `mlops monitor init` writes it, pointed at one server, scraped and evaluated every second. Pushgateway and
    // Alertmanager get ports nobody listens on, so another Pushgateway on this machine cannot add series and no alert leaves the test.
    private static async Task<RealPrometheus> StartStackAsync(TempDir dir, Uri server)
    {
        MonitoringStack.Write(dir.Path, new MonitoringOptions
        {
            Targets = [$"127.0.0.1:{server.Port}"],
            ScrapeInterval = TimeSpan.FromSeconds(1),
            PushgatewayTarget = $"127.0.0.1:{RealPrometheus.FreePort()}",
            AlertmanagerTarget = $"127.0.0.1:{RealPrometheus.FreePort()}",
            ErrorRatioFor = s_for,
            LatencyFor = s_for,
            SaturatedFor = s_for,
            DownFor = s_for,
            DriftFor = s_for,
        });
        var prometheus = await RealPrometheus.StartAsync(dir["prometheus.yml"], Ct);
        try
        {
            // Traffic must follow the first scrape, so every counter's first sample is its zero.
            await prometheus.WaitForAsync("the first scrape of the model server", async () =>
                (await prometheus.QueryAsync($"up{{{s_job}}} == 1", Ct)).Count > 0 ? "" : null, Ct);
            return prometheus;
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }
    }

    private static async Task<Dictionary<string, double>> PerFeatureAsync(RealPrometheus prometheus, string query)
    {
        IReadOnlyList<RealPrometheus.Sample> samples = [];
        await prometheus.WaitForAsync($"{query} for all four features", async () =>
        {
            samples = await prometheus.QueryAsync(query, Ct);
            return samples.Count == IrisTraffic.Features.Count ? samples : null;
        }, Ct, () => $"got {samples.Count} series");
        return samples.ToDictionary(s => s.Labels["feature"], s => s.Value);
    }
}
