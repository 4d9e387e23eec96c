using System.Net;
using MlopsKit.Serving;

namespace MlopsKit.Tests.Serving;

/// <summary>The server itself: start on a free loopback port, health routes, lineage headers, metrics, limits.</summary>
[Collection(nameof(ServedModels))]
public sealed class ModelServerTests(ServingFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_server_listens_on_a_free_loopback_port_and_answers_ping_like_mlflow()
    {
        Assert.Equal("127.0.0.1", fixture.Iris.BaseAddress.Host);
        Assert.NotEqual(0, fixture.Iris.BaseAddress.Port);
        foreach (var path in new[] { "/ping", "/health" })
        {
            using var response = await fixture.IrisHttp.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("\n", await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(MlopsKit.Models.MlflowModel.MlflowVersion, await fixture.IrisHttp.GetStringAsync("/version", Ct));
    }

    [Fact]
    public async Task Every_response_carries_the_model_run_and_training_data_lineage()
    {
        using var response = await fixture.IrisHttp.GetAsync("/ping", Ct);
        Assert.Equal("iris", response.Headers.GetValues(LineageHeaders.ModelName).Single());
        Assert.Equal("1", response.Headers.GetValues(LineageHeaders.ModelVersion).Single());
        Assert.Equal(fixture.IrisRunId, response.Headers.GetValues(LineageHeaders.RunId).Single());
        Assert.Equal(fixture.IrisDataMd5, response.Headers.GetValues(LineageHeaders.DataMd5).Single());
        Assert.Equal(32, fixture.IrisDataMd5.Length);
    }

    [Fact]
    public async Task Metrics_are_exposed_in_prometheus_text_format()
    {
        await fixture.IrisHttp.GetAsync("/ping", Ct);
        var text = await fixture.IrisHttp.GetStringAsync("/metrics", Ct);
        Assert.Contains("http_requests_received_total", text, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"/ping\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_model_or_a_busy_port_is_a_clear_error()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => ModelServer.StartAsync(new ModelServerOptions { ModelUri = "/nonexistent/model", Port = 0 }, Ct));
        var busy = await Assert.ThrowsAsync<ConflictException>(() => ModelServer.StartAsync(new ModelServerOptions
        {
            ModelUri = $"runs:/{fixture.IrisRunId}/model",
            Port = fixture.Iris.BaseAddress.Port,
            TrackingUri = fixture.TrackingUri,
        }, Ct));
        Assert.Contains("-p", busy.Message, StringComparison.Ordinal);
    }
}
