using System.Text.Json;
using MlopsKit.Serving;

namespace MlopsKit.Tests.Serving;

/// <summary>ModelClient against a real Kestrel app with canned protocol answers: request bodies, typed results and error mapping.</summary>
public sealed class ModelClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly IReadOnlyList<IReadOnlyDictionary<string, object?>> s_twoRows =
    [
        new Dictionary<string, object?> { ["sepal_length"] = 5.9, ["sepal_width"] = 3.0, ["petal_length"] = 5.1, ["petal_width"] = 1.8 },
        new Dictionary<string, object?> { ["sepal_length"] = 5.1, ["sepal_width"] = 3.5, ["petal_length"] = 1.4, ["petal_width"] = 0.2 },
    ];

    [Fact]
    public async Task Mlflow_requests_are_dataframe_split_and_label_predictions_come_back_as_values()
    {
        await using var server = await CannedProtocolServer.StartAsync();
        server.Respond = _ => new CannedResponse(200, """{"predictions": ["virginica", "setosa"]}""");
        using var client = new ModelClient(server.BaseAddress);

        var answer = await client.PredictAsync(s_twoRows, ServingProtocol.Mlflow, Ct);

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/invocations", "application/json"), (request.Method, request.PathAndQuery, request.ContentType));
        Assert.Equal("""{"dataframe_split":{"columns":["sepal_length","sepal_width","petal_length","petal_width"],"data":[[5.9,3,5.1,1.8],[5.1,3.5,1.4,0.2]]}}""", request.Body);
        Assert.Equal(["virginica", "setosa"], answer.Predictions);
        Assert.Null(answer.Probabilities);
        Assert.Equal(ServingProtocol.Mlflow, answer.Protocol);
        Assert.Equal("""{"predictions": ["virginica", "setosa"]}""", answer.RawJson);
    }

    [Fact]
    public async Task Mlflow_row_objects_give_labels_and_scores_and_regressions_give_numbers()
    {
        await using var server = await CannedProtocolServer.StartAsync();
        server.Respond = _ => new CannedResponse(200, """{"predictions": [{"PredictedLabel": "virginica", "Score": [0.01, 0.2, 0.79]}, {"PredictedLabel": "setosa", "Score": [0.9, 0.05, 0.05]}]}""",
            Headers: new Dictionary<string, string> { [LineageHeaders.ModelName] = "iris", [LineageHeaders.ModelVersion] = "4" });
        using var client = new ModelClient(server.BaseAddress);

        var answer = await client.PredictAsync(s_twoRows, ServingProtocol.Mlflow, Ct);
        Assert.Equal(["virginica", "setosa"], answer.Predictions);
        Assert.Equal([[0.01, 0.2, 0.79], [0.9, 0.05, 0.05]], answer.Probabilities!.Select(p => p.ToArray()));
        Assert.Equal(("iris", "4"), (answer.ModelName, answer.ModelVersion));

        server.Respond = _ => new CannedResponse(200, """{"predictions": [151.5, 75]}""");
        var regression = await client.PredictAsync(s_twoRows, ServingProtocol.Mlflow, Ct);
        Assert.Equal([151.5, 75L], regression.Predictions);
    }

    [Fact]
    public async Task Flask_sends_the_tutorials_object_for_one_row_and_a_list_for_several()
    {
        await using var server = await CannedProtocolServer.StartAsync();
        server.Respond = r => new CannedResponse(200, r.PathAndQuery.Contains("proba", StringComparison.Ordinal)
            ? """{"result": [2], "probabilities": [[0.1, 0.2, 0.7]]}"""
            : """{"result": [2, 0]}""");
        using var client = new ModelClient(server.BaseAddress);
        using var proba = new ModelClient(server.BaseAddress, new ModelClientOptions { Probabilities = true });

        var two = await client.PredictAsync(s_twoRows, ServingProtocol.Flask, Ct);
        var one = await proba.PredictAsync([s_twoRows[0]], ServingProtocol.Flask, Ct);

        var requests = server.Requests.ToArray();
        Assert.Equal("/predict", requests[0].PathAndQuery);
        Assert.Equal("""[{"sepal_length":5.9,"sepal_width":3,"petal_length":5.1,"petal_width":1.8},{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]""", requests[0].Body);
        Assert.Equal("/predict?proba=true", requests[1].PathAndQuery);
        Assert.Equal("""{"sepal_length":5.9,"sepal_width":3,"petal_length":5.1,"petal_width":1.8}""", requests[1].Body);
        Assert.Equal([2L, 0L], two.Predictions);
        Assert.Null(two.Probabilities);
        Assert.Equal([2L], one.Predictions);
        Assert.Equal([0.1, 0.2, 0.7], Assert.Single(one.Probabilities!));
    }

    [Fact]
    public async Task Seldon_sends_names_and_ndarray_and_reads_class_scores_as_the_best_class()
    {
        await using var server = await CannedProtocolServer.StartAsync();
        server.Respond = _ => new CannedResponse(200, """{"data": {"names": ["t:0", "t:1", "t:2"], "ndarray": [[0.1, 0.2, 0.7], [0.97, 0.02, 0.01]]}, "meta": {"requestPath": {"classifier": "iris:1"}}}""");
        using var client = new ModelClient(server.BaseAddress);

        var answer = await client.PredictAsync(s_twoRows, ServingProtocol.Seldon, Ct);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/v1.0/predictions", request.PathAndQuery);
        Assert.Equal("""{"data":{"names":["sepal_length","sepal_width","petal_length","petal_width"],"ndarray":[[5.9,3,5.1,1.8],[5.1,3.5,1.4,0.2]]}}""", request.Body);
        Assert.Equal([2L, 0L], answer.Predictions);
        Assert.Equal([0.97, 0.02, 0.01], answer.Probabilities![1]);

        server.Respond = _ => new CannedResponse(200, """{"data": {"names": ["setosa", "versicolor", "virginica"], "tensor": {"shape": [2, 3], "values": [0.1, 0.2, 0.7, 0.97, 0.02, 0.01]}}}""");
        Assert.Equal(["virginica", "setosa"], (await client.PredictAsync(s_twoRows, ServingProtocol.Seldon, Ct)).Predictions);
        server.Respond = _ => new CannedResponse(200, """{"data": {"names": [], "ndarray": ["virginica", "setosa"]}}""");
        Assert.Equal(["virginica", "setosa"], (await client.PredictAsync(s_twoRows, ServingProtocol.Seldon, Ct)).Predictions);
    }

    [Fact]
    public async Task Open_inference_sends_one_FP32_tensor_to_the_named_model_and_reads_label_and_score_outputs()
    {
        await using var server = await CannedProtocolServer.StartAsync();
        server.Respond = _ => new CannedResponse(200, """
            {"model_name": "iris", "model_version": "1", "outputs": [
              {"name": "PredictedLabel", "shape": [2], "datatype": "BYTES", "data": ["virginica", "setosa"]},
              {"name": "Score", "shape": [2, 3], "datatype": "FP32", "data": [[0.1, 0.2, 0.7], [0.97, 0.02, 0.01]]}]}
            """);
        using var client = new ModelClient(server.BaseAddress, new ModelClientOptions { ModelName = "iris" });

        var answer = await client.PredictAsync(s_twoRows, ServingProtocol.OpenInference, Ct);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v2/models/iris/infer", request.PathAndQuery);
        Assert.Equal("""{"inputs":[{"name":"input-0","shape":[2,4],"datatype":"FP32","data":[5.9,3,5.1,1.8,5.1,3.5,1.4,0.2]}]}""", request.Body);
        Assert.Equal(["virginica", "setosa"], answer.Predictions);
        Assert.Equal([0.1, 0.2, 0.7], answer.Probabilities![0].Select(p => Math.Round(p, 6)));
        Assert.Equal(("iris", "1"), (answer.ModelName, answer.ModelVersion));

        server.Respond = _ => new CannedResponse(200, """{"model_name": "diabetes", "outputs": [{"name": "output-0", "shape": [2, 1], "datatype": "FP32", "data": [151.5, 75.25]}]}""");
        using var versioned = new ModelClient(server.BaseAddress, new ModelClientOptions { ModelName = "diabetes", ModelVersion = "3" });
        Assert.Equal([151.5, 75.25], (await versioned.PredictAsync(s_twoRows, ServingProtocol.OpenInference, Ct)).Predictions);
        Assert.Equal("/v2/models/diabetes/versions/3/infer", server.Requests.Last().PathAndQuery);
    }

    [Fact]
    public async Task Open_inference_discovers_the_model_name_once_from_v2_models_or_the_lineage_header()
    {
        await using var server = await CannedProtocolServer.StartAsync();
        const string Infer = """{"outputs": [{"name": "output-0", "shape": [2], "datatype": "INT64", "data": [2, 0]}]}""";
        server.Respond = r => r.PathAndQuery == "/v2/models" ? new CannedResponse(200, """{"models": [{"name": "iris"}]}""") : new CannedResponse(200, Infer);
        using (var client = new ModelClient(server.BaseAddress))
        {
            Assert.Equal([2L, 0L], (await client.PredictAsync(s_twoRows, ServingProtocol.OpenInference, Ct)).Predictions);
            await client.PredictAsync(s_twoRows, ServingProtocol.OpenInference, Ct);
        }
        Assert.Equal(["/v2/models", "/v2/models/iris/infer", "/v2/models/iris/infer"], server.Requests.Select(r => r.PathAndQuery));

        server.Requests.Clear();
        server.Respond = r => r.PathAndQuery == "/v2/models"
            ? new CannedResponse(404, "", Headers: new Dictionary<string, string> { [LineageHeaders.ModelName] = "flowers" })
            : new CannedResponse(200, Infer);
        using (var client = new ModelClient(server.BaseAddress))
            await client.PredictAsync(s_twoRows, ServingProtocol.OpenInference, Ct);
        Assert.Equal("/v2/models/flowers/infer", server.Requests.Last().PathAndQuery);

        server.Respond = _ => new CannedResponse(404, "");
        using (var client = new ModelClient(server.BaseAddress))
        {
            var e = await Assert.ThrowsAsync<ModelServerException>(() => client.PredictAsync(s_twoRows, ServingProtocol.OpenInference, Ct));
            Assert.Contains("ModelClientOptions.ModelName", e.Message, StringComparison.Ordinal);
        }
    }

    public static TheoryData<ServingProtocol, int, string, string, string, string?> ErrorBodies => new()
    {
        { ServingProtocol.Mlflow, 400, "application/json",
            """{"error_code": "INVALID_PARAMETER_VALUE", "message": "Failed to enforce schema of data. Error: Model is missing inputs ['petal_width'].", "stack_trace": "Traceback"}""",
            "Failed to enforce schema of data. Error: Model is missing inputs ['petal_width'].", "INVALID_PARAMETER_VALUE" },
        { ServingProtocol.Mlflow, 415, "text/plain", "This predictor only supports the following content types: ['application/json', 'text/csv'].",
            "This predictor only supports the following content types: ['application/json', 'text/csv'].", null },
        { ServingProtocol.Flask, 400, "application/json", """{"error": "feature 'petal_width' is missing"}""", "feature 'petal_width' is missing", null },
        { ServingProtocol.Seldon, 400, "application/json", """{"status": {"status": 1, "info": "Invalid request data type: list", "code": -1, "reason": "MICROSERVICE_BAD_DATA"}}""",
            "Invalid request data type: list", "MICROSERVICE_BAD_DATA" },
        { ServingProtocol.Seldon, 500, "application/json", """{"status": {"code": 500, "info": "dial tcp: connection refused", "status": "FAILURE"}}""",
            "dial tcp: connection refused", null },
        { ServingProtocol.OpenInference, 400, "application/json", """{"error": "shape [2, 4] needs 8 values, got 7"}""", "shape [2, 4] needs 8 values, got 7", null },
    };

    [Theory]
    [MemberData(nameof(ErrorBodies))]
    public async Task Each_protocols_error_body_becomes_a_ModelServerException_with_status_message_and_code(
        ServingProtocol protocol, int status, string contentType, string body, string message, string? code)
    {
        await using var server = await CannedProtocolServer.StartAsync();
        server.Respond = _ => new CannedResponse(status, body, contentType);
        using var client = new ModelClient(server.BaseAddress, new ModelClientOptions { ModelName = "iris" });

        var e = await Assert.ThrowsAsync<ModelServerException>(() => client.PredictAsync(s_twoRows, protocol, Ct));

        Assert.IsAssignableFrom<MlopsException>(e);
        Assert.Equal((status, message, code), (e.StatusCode, e.ServerMessage, e.ErrorCode));
        Assert.Contains($"answered {status}", e.Message, StringComparison.Ordinal);
        Assert.Contains(server.Requests.Single().PathAndQuery, e.Message, StringComparison.Ordinal);
        Assert.EndsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_route_or_a_body_that_is_not_the_protocols_is_a_clear_error()
    {
        await using var server = await CannedProtocolServer.StartAsync();
        using var client = new ModelClient(server.BaseAddress);
        var missing = await Assert.ThrowsAsync<ModelServerException>(() => client.PredictAsync(s_twoRows, ServingProtocol.Flask, Ct));
        Assert.Equal(404, missing.StatusCode);
        Assert.Contains("no such route", missing.Message, StringComparison.Ordinal);

        server.Respond = _ => new CannedResponse(200, "<html>hello</html>", "text/html");
        var html = await Assert.ThrowsAsync<ModelServerException>(() => client.PredictAsync(s_twoRows, ServingProtocol.Mlflow, Ct));
        Assert.Contains("not JSON", html.Message, StringComparison.Ordinal);

        server.Respond = _ => new CannedResponse(200, """{"result": [1]}""");
        var wrong = await Assert.ThrowsAsync<ModelServerException>(() => client.PredictAsync(s_twoRows, ServingProtocol.Mlflow, Ct));
        Assert.Contains("without \"predictions\"", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_status_0_and_ping_answers_false()
    {
        Uri gone;
        await using (var server = await CannedProtocolServer.StartAsync())
            gone = server.BaseAddress;
        using var client = new ModelClient(gone);

        var e = await Assert.ThrowsAsync<ModelServerException>(() => client.PredictAsync(s_twoRows, ServingProtocol.Mlflow, Ct));
        Assert.Equal(0, e.StatusCode);
        Assert.Contains(gone.Authority, e.Message, StringComparison.Ordinal);
        Assert.False(await client.PingAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Ping_calls_each_protocols_liveness_route()
    {
        await using var server = await CannedProtocolServer.StartAsync();
        server.Respond = r => r.PathAndQuery is "/ping" or "/health/ping" or "/v2/health/ready" ? new CannedResponse(200, "\n") : new CannedResponse(503, "");
        using var client = new ModelClient(server.BaseAddress);

        foreach (var protocol in Enum.GetValues<ServingProtocol>())
            Assert.True(await client.PingAsync(protocol, Ct));
        Assert.Equal(["/ping", "/ping", "/health/ping", "/v2/health/ready"], server.Requests.Select(r => r.PathAndQuery));

        server.Respond = _ => new CannedResponse(503, "");
        Assert.False(await client.PingAsync(ServingProtocol.OpenInference, Ct));
    }

    [Fact]
    public async Task Values_of_every_supported_type_are_written_as_json_and_the_tensor_takes_numbers_only()
    {
        await using var server = await CannedProtocolServer.StartAsync();
        server.Respond = _ => new CannedResponse(200, """{"predictions": [1]}""");
        using var client = new ModelClient(server.BaseAddress, new ModelClientOptions { ModelName = "m" });
        IReadOnlyDictionary<string, object?> row = new Dictionary<string, object?>
        {
            ["i"] = 3,
            ["l"] = 9_000_000_000L,
            ["f"] = 0.1f,
            ["d"] = 0.1,
            ["nan"] = double.NaN,
            ["m"] = 1.25m,
            ["b"] = true,
            ["s"] = "a\"b",
            ["null"] = null,
            ["t"] = new DateTime(2024, 1, 31, 12, 0, 0, DateTimeKind.Utc),
            ["j"] = JsonDocument.Parse("[1, {\"x\": 2}]").RootElement.Clone(),
            ["v"] = new[] { 1f, 2.5f },
        };
        await client.PredictAsync([row], ServingProtocol.Mlflow, Ct);
        Assert.Equal("""{"dataframe_split":{"columns":["i","l","f","d","nan","m","b","s","null","t","j","v"],"data":[[3,9000000000,0.1,0.1,null,1.25,true,"a\u0022b",null,"2024-01-31T12:00:00Z",[1,{"x":2}],[1,2.5]]]}}""",
            server.Requests.Single().Body);

        IReadOnlyDictionary<string, object?> text = new Dictionary<string, object?> { ["sepal_length"] = "5.1" };
        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.PredictAsync([text], ServingProtocol.OpenInference, Ct));
        Assert.Contains("'sepal_length'", e.Message, StringComparison.Ordinal);
        IReadOnlyDictionary<string, object?> partial = new Dictionary<string, object?> { ["sepal_width"] = 3.0 };
        var missing = await Assert.ThrowsAsync<ArgumentException>(() => client.PredictAsync([s_twoRows[0], partial], ServingProtocol.OpenInference, Ct));
        Assert.Contains("'sepal_length'", missing.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task The_column_order_option_fixes_the_positional_forms()
    {
        await using var server = await CannedProtocolServer.StartAsync();
        server.Respond = _ => new CannedResponse(200, """{"data": {"names": [], "ndarray": [1]}}""");
        using var client = new ModelClient(server.BaseAddress, new ModelClientOptions { Columns = ["petal_width", "sepal_length"] });
        await client.PredictAsync([s_twoRows[0]], ServingProtocol.Seldon, Ct);
        Assert.Equal("""{"data":{"names":["petal_width","sepal_length"],"ndarray":[[1.8,5.9]]}}""", server.Requests.Single().Body);
    }
}
