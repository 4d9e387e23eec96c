using System.Globalization;
using System.Net;
using System.Text;
using MlopsKit.Tests.Monitoring;
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
        await using var server = await MeteredTestServer.StartAsync($"runs:/{fixture.IrisRunId}/model", fixture.TrackingUri, Ct);
        using var dir = TempDir.Create("mlopskit-prometheus");
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
        await using var prometheus = await RealPrometheus.StartAsync(dir["prometheus.yml"], Ct);

        const int N = 7;
        for (var i = 0; i < N; i++)
        {
            using var response = await server.Http.PostAsync(i % 2 == 0 ? "/invocations" : "/v2/models/iris/infer", new StringContent(
                "[{\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": 1.4, \"petal_width\": 0.2}]", Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        double? seen = null;
        await prometheus.WaitForAsync($"Prometheus to see {N} requests", async () =>
        {
            seen = (await prometheus.QueryAsync("sum(model_requests_total{model=\"iris\"})", Ct)).SingleOrDefault()?.Value;
            return seen == N ? "" : null;
        }, Ct, () => $"last value: {seen?.ToString(CultureInfo.InvariantCulture) ?? "none"}");

        var up = Assert.Single(await prometheus.QueryAsync("up{job=\"model-server\"}", Ct));
        Assert.Equal(1, up.Value);
    }
}
