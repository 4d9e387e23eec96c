using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MlopsKit.Models;
using MlopsKit.Serving;

namespace MlopsKit.Tests.Serving;

/// <summary>The model metrics on /metrics after known requests, through the real middleware, metered scorer and registry.</summary>
[Collection(nameof(ServedModels))]
public sealed class ServingMetricsTests(ServingFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, float[]> s_rows = new()
    {
        ["setosa1"] = [5.1f, 3.5f, 1.4f, 0.2f],
        ["setosa2"] = [4.9f, 3.0f, 1.4f, 0.2f],
        ["setosa3"] = [4.7f, 3.2f, 1.3f, 0.2f],
        ["versicolor1"] = [5.5f, 2.5f, 4.0f, 1.3f],
        ["virginica1"] = [6.7f, 3.1f, 5.6f, 2.4f],
        ["virginica2"] = [7.7f, 3.0f, 6.1f, 2.3f],
    };

    private static readonly string[] s_features = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    private static string Body(params string[] names) =>
        "[" + string.Join(",", names.Select(n => "{" + string.Join(",", s_features.Select((f, i) =>
            $"\"{f}\": {s_rows[n][i].ToString(CultureInfo.InvariantCulture)}")) + "}")) + "]";

    private static async Task<(HttpStatusCode Status, List<string> Labels)> PostAsync(HttpClient http, string path, string body)
    {
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (response.StatusCode != HttpStatusCode.OK) return (response.StatusCode, []);
        using var doc = JsonDocument.Parse(text);
        return (response.StatusCode, doc.RootElement.GetProperty("predictions").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    [Fact]
    public async Task Known_requests_show_up_as_exact_request_error_prediction_class_and_feature_bin_series()
    {
        await using var server = await MeteredTestServer.StartAsync($"runs:/{fixture.IrisRunId}/model", fixture.TrackingUri, Ct);
        var http = server.Http;
        var ok = new (string Path, string[] Rows)[]
        {
            ("/invocations", ["setosa1"]),
            ("/invocations", ["setosa2"]),
            ("/invocations", ["virginica1"]),
            ("/invocations", ["versicolor1", "virginica2"]),
            ("/predict", ["setosa3"]),
            ("/api/v1.0/predictions", ["versicolor1"]),
            ("/seldon/prod/iris/api/v1.0/predictions", ["virginica1"]),
            ("/v2/models/iris/infer", ["setosa1"]),
        };
        var predicted = new List<string>();
        foreach (var (path, rows) in ok)
        {
            var (status, labels) = await PostAsync(http, path, Body(rows));
            Assert.Equal(HttpStatusCode.OK, status);
            predicted.AddRange(labels);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(http, "/invocations", "not json")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(http, "/invocations",
            "[{\"sepal_length\": \"abc\", \"sepal_width\": 3.0, \"petal_length\": 1.4, \"petal_width\": 0.2}]")).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await PostAsync(http, "/invocations?boom", Body("setosa1"))).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync(http, "/predict?reason=schema", Body("setosa1"))).Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge,
            (await PostAsync(http, "/v2/models/iris/infer", Body("setosa1") + new string(' ', (int)MeteredTestServer.MaxBodyBytes))).Status);

        var m = await MetricsText.ScrapeAsync(http, Ct);
        const string Iris = "model=\"iris\",version=\"1\"";
        // Traffic by protocol and code; the 500 series exist for every protocol.
        Assert.Equal(4, m[$"model_requests_total{{{Iris},protocol=\"mlflow\",code=\"200\"}}"]);
        Assert.Equal(2, m[$"model_requests_total{{{Iris},protocol=\"mlflow\",code=\"400\"}}"]);
        Assert.Equal(1, m[$"model_requests_total{{{Iris},protocol=\"mlflow\",code=\"500\"}}"]);
        Assert.Equal(1, m[$"model_requests_total{{{Iris},protocol=\"flask\",code=\"200\"}}"]);
        Assert.Equal(1, m[$"model_requests_total{{{Iris},protocol=\"flask\",code=\"422\"}}"]);
        Assert.Equal(2, m[$"model_requests_total{{{Iris},protocol=\"seldon\",code=\"200\"}}"]);
        Assert.Equal(0, m[$"model_requests_total{{{Iris},protocol=\"seldon\",code=\"500\"}}"]);
        Assert.Equal(1, m[$"model_requests_total{{{Iris},protocol=\"v2\",code=\"200\"}}"]);
        Assert.Equal(1, m[$"model_requests_total{{{Iris},protocol=\"v2\",code=\"413\"}}"]);
        Assert.Equal(13, m.Samples.Where(s => s.Key.StartsWith("model_requests_total{", StringComparison.Ordinal)).Sum(s => s.Value));
        // Errors by reason: derived from the code, from the scorer's schema check, or set by the route.
        Assert.Equal(1, m[$"model_request_errors_total{{{Iris},protocol=\"mlflow\",code=\"400\",reason=\"bad_request\"}}"]);
        Assert.Equal(1, m[$"model_request_errors_total{{{Iris},protocol=\"mlflow\",code=\"400\",reason=\"schema\"}}"]);
        Assert.Equal(1, m[$"model_request_errors_total{{{Iris},protocol=\"mlflow\",code=\"500\",reason=\"internal\"}}"]);
        Assert.Equal(1, m[$"model_request_errors_total{{{Iris},protocol=\"flask\",code=\"422\",reason=\"schema\"}}"]);
        Assert.Equal(1, m[$"model_request_errors_total{{{Iris},protocol=\"v2\",code=\"413\",reason=\"too_large\"}}"]);
        Assert.Equal(0, m[$"model_request_errors_total{{{Iris},protocol=\"seldon\",code=\"500\",reason=\"internal\"}}"]);
        Assert.Equal(5, m.Samples.Where(s => s.Key.StartsWith("model_request_errors_total{", StringComparison.Ordinal)).Sum(s => s.Value));
        // Latency by status class, in-flight back to zero.
        Assert.Equal(4, m[$"model_request_duration_seconds_count{{{Iris},protocol=\"mlflow\",status_class=\"2xx\"}}"]);
        Assert.Equal(2, m[$"model_request_duration_seconds_count{{{Iris},protocol=\"mlflow\",status_class=\"4xx\"}}"]);
        Assert.Equal(1, m[$"model_request_duration_seconds_count{{{Iris},protocol=\"mlflow\",status_class=\"5xx\"}}"]);
        Assert.Equal(4, m[$"model_request_duration_seconds_bucket{{{Iris},protocol=\"mlflow\",status_class=\"2xx\",le=\"+Inf\"}}"]);
        Assert.True(m.Has($"model_request_duration_seconds_bucket{{{Iris},protocol=\"mlflow\",status_class=\"2xx\",le=\"0.0001\"}}"));
        Assert.Equal(0, m["model_requests_in_flight{model=\"iris\"}"]);
        // Rows scored (rejected input is not a prediction), batch sizes, inference time per protocol.
        Assert.Equal(9, m[$"model_predictions_total{{{Iris}}}"]);
        Assert.Equal(8, m["model_batch_size_count{model=\"iris\"}"]);
        Assert.Equal(9, m["model_batch_size_sum{model=\"iris\"}"]);
        Assert.Equal(7, m["model_batch_size_bucket{model=\"iris\",le=\"1\"}"]);
        Assert.Equal(8, m["model_batch_size_bucket{model=\"iris\",le=\"2\"}"]);
        Assert.Equal(4, m[$"model_inference_duration_seconds_count{{{Iris},protocol=\"mlflow\"}}"]);
        Assert.Equal(2, m[$"model_inference_duration_seconds_count{{{Iris},protocol=\"seldon\"}}"]);
        // Classes: the model's three labels, counted as answered; the clear setosa rows are setosa.
        Assert.Equal(9, predicted.Count);
        Assert.Equal(4, predicted.Count(p => p == "setosa"));
        foreach (var species in new[] { "setosa", "versicolor", "virginica" })
            Assert.Equal(predicted.Count(p => p == species), m[$"model_predicted_class_total{{model=\"iris\",class=\"{species}\"}}"]);
        Assert.Equal(0, m["model_predicted_class_total{model=\"iris\",class=\"other\"}"]);
        // Features: counts, sum/min/max and the training bins of petal_length (bin = number of training deciles below the value).
        var sent = ok.SelectMany(r => r.Rows).Select(n => (double)decimal.Parse(s_rows[n][2].ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)).ToList();
        const string Petal = "model=\"iris\",feature=\"petal_length\"";
        Assert.Equal(9, m[$"model_feature_observations_total{{{Petal}}}"]);
        Assert.Equal(0, m[$"model_feature_missing_total{{{Petal}}}"]);
        Assert.Equal(sent.Sum(), m[$"model_feature_sum{{{Petal}}}"], 9);
        Assert.Equal(1.3, m[$"model_feature_min{{{Petal}}}"]);
        Assert.Equal(6.1, m[$"model_feature_max{{{Petal}}}"]);
        var profile = server.Model.TrainingProfile!.Find("petal_length")!;
        Assert.Equal(9, profile.BinEdges.Count);
        for (var bin = 0; bin < 10; bin++)
        {
            var expected = sent.Count(x => profile.BinEdges.Count(e => e < x) == bin);
            Assert.Equal(expected, m[$"model_feature_bin_total{{{Petal},bin=\"{bin}\"}}"]);
            Assert.Equal((double)profile.BinCounts[bin] / profile.Count, m[$"model_feature_training_bin_ratio{{{Petal},bin=\"{bin}\"}}"], 12);
        }
        Assert.Equal(9, m.Samples.Where(s => s.Key.StartsWith($"model_feature_bin_total{{{Petal}", StringComparison.Ordinal)).Sum(s => s.Value));
        // prometheus-net's HTTP metrics and process metrics share the server's registry.
        Assert.Equal(4, m["http_requests_received_total{code=\"200\",method=\"POST\",controller=\"\",action=\"\",endpoint=\"/invocations\"}"]);
        Assert.Equal(1, m["http_requests_received_total{code=\"500\",method=\"POST\",controller=\"\",action=\"\",endpoint=\"/invocations\"}"]);
        Assert.True(m.Has("process_cpu_seconds_total"), "the .NET process collectors are registered in the server's registry");
    }

    [Fact]
    public async Task Model_info_names_the_model_run_and_training_data_and_is_always_one()
    {
        var m = await MetricsText.ScrapeAsync(fixture.IrisHttp, Ct);
        Assert.Equal(1, m[$"model_info{{model_name=\"iris\",model_version=\"1\",run_id=\"{fixture.IrisRunId}\",data_md5=\"{fixture.IrisDataMd5}\"}}"]);
    }

    [Fact]
    public async Task Each_server_has_its_own_registry_so_two_models_in_one_process_do_not_mix()
    {
        var iris = await MetricsText.ScrapeAsync(fixture.IrisHttp, Ct);
        var diabetes = await MetricsText.ScrapeAsync(fixture.DiabetesHttp, Ct);
        Assert.DoesNotContain("model=\"diabetes\"", iris.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("model=\"iris\"", diabetes.Text, StringComparison.Ordinal);
        Assert.Equal(1, diabetes[$"model_info{{model_name=\"diabetes\",model_version=\"1\",run_id=\"{fixture.DiabetesRunId}\",data_md5=\"\"}}"]);
        // A regressor has no class series; its ten inputs each have ten training bins.
        Assert.DoesNotContain("model_predicted_class_total{", diabetes.Text, StringComparison.Ordinal);
        Assert.Equal(100, diabetes.Samples.Keys.Count(k => k.StartsWith("model_feature_bin_total{model=\"diabetes\"", StringComparison.Ordinal)));
        foreach (var protocol in ServingMetrics.Protocols)
        {
            Assert.True(iris.Has($"model_requests_total{{model=\"iris\",version=\"1\",protocol=\"{protocol}\",code=\"500\"}}"), protocol);
            Assert.True(iris.Has($"model_requests_total{{model=\"iris\",version=\"1\",protocol=\"{protocol}\",code=\"200\"}}"), protocol);
        }
    }

    [Fact]
    public async Task The_served_model_scores_through_the_metered_scorer_so_every_route_is_counted()
    {
        var model = fixture.Iris.Model;
        Assert.IsType<MeteredScorer>(model.Scorer);
        Assert.Equal(["setosa", "versicolor", "virginica"], model.Metrics.Classes.Order());
        Assert.Equal(s_features, model.Metrics.Features);
        var before = (await MetricsText.ScrapeAsync(fixture.IrisHttp, Ct))["model_predictions_total{model=\"iris\",version=\"1\"}"];
        var rows = new[] { "setosa1", "virginica2" }.Select(n => (IReadOnlyDictionary<string, object?>)s_features
            .Select((f, i) => (f, (object?)s_rows[n][i])).ToDictionary(p => p.f, p => p.Item2)).ToList();
        Assert.Equal(2, model.Scorer.Predict(rows).Count);
        var after = await MetricsText.ScrapeAsync(fixture.IrisHttp, Ct);
        Assert.Equal(before + 2, after["model_predictions_total{model=\"iris\",version=\"1\"}"]);
        Assert.True(after["model_inference_duration_seconds_count{model=\"iris\",version=\"1\",protocol=\"none\"}"] >= 1);
        Assert.Throws<ModelInputException>(() => model.Scorer.Predict([new Dictionary<string, object?> { ["sepal_length"] = "abc" }]));
        Assert.Equal(before + 2, (await MetricsText.ScrapeAsync(fixture.IrisHttp, Ct))["model_predictions_total{model=\"iris\",version=\"1\"}"]);
    }

    [Theory]
    [InlineData("/invocations", "mlflow")]
    [InlineData("/predict", "flask")]
    [InlineData("/api/v1.0/predictions", "seldon")]
    [InlineData("/api/v0.1/predictions", "seldon")]
    [InlineData("/seldon/ns/iris/api/v1.0/predictions", "seldon")]
    [InlineData("/v2/models/iris/infer", "v2")]
    [InlineData("/v2/models/iris/versions/1/infer", "v2")]
    [InlineData("/ping", null)]
    [InlineData("/metrics", null)]
    [InlineData("/v2/models/iris", null)]
    [InlineData("/api/v1.0/feedback", null)]
    public void The_protocol_label_comes_from_the_path(string path, string? protocol) =>
        Assert.Equal(protocol, ServingMetrics.ProtocolOf(new Microsoft.AspNetCore.Http.PathString(path)));
}
