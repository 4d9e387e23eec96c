using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MlopsKit.Serving;

namespace MlopsKit.Tests.Serving;

/// <summary>Seldon Core v1 routes on the real servers: SeldonMessage forms, answers, meta, health, metadata, docs and errors.</summary>
[Collection(nameof(ServedModels))]
public sealed class SeldonRoutesTests(ServingFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string path, string body, string? contentType = "application/json")
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await http.PostAsync(path, content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        using var doc = JsonDocument.Parse(text);
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private static float[][] Ndarray(JsonElement body) =>
        body.GetProperty("data").GetProperty("ndarray").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();

    internal static string Csv(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static string[] Names(JsonElement body) => body.GetProperty("data").GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray();

    [Fact]
    public async Task The_tutorial_request_answers_class_probabilities_named_t0_to_t2()
    {
        var (status, body) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions", """{"data": {"ndarray": [[1,2,3,4]]}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["t:0", "t:1", "t:2"], Names(body));
        var probabilities = Assert.Single(Ndarray(body));
        Assert.Equal(3, probabilities.Length);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(1.0, probabilities.Sum(p => (double)p), 4);
        var meta = body.GetProperty("meta");
        Assert.Equal("iris:1", meta.GetProperty("requestPath").GetProperty("iris").GetString());
        Assert.False(string.IsNullOrEmpty(meta.GetProperty("puid").GetString()));
    }

    [Fact]
    public async Task The_older_api_version_and_the_ingress_path_answer_like_the_main_route()
    {
        const string request = """{"data": {"ndarray": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}}""";
        var (_, main) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions", request);
        foreach (var path in new[] { "/api/v0.1/predictions", "/seldon/models/iris/api/v1.0/predictions", "/seldon/default/iris-dep/api/v0.1/predictions" })
        {
            var (status, body) = await PostAsync(fixture.IrisHttp, path, request);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(Ndarray(main), Ndarray(body));
        }
        Assert.Equal(2, Ndarray(main).Length);
        Assert.Equal("pong", await fixture.IrisHttp.GetStringAsync("/seldon/models/iris/health/ping", Ct));
        using var metadata = JsonDocument.Parse(await fixture.IrisHttp.GetStringAsync("/seldon/models/iris/api/v1.0/metadata", Ct));
        Assert.Equal("iris", metadata.RootElement.GetProperty("name").GetString());
        Assert.True(Ndarray(main)[0][0] > 0.5f, "a setosa-like row is most likely class 0");
    }

    [Fact]
    public async Task Ndarray_columns_named_in_data_names_are_mapped_by_name()
    {
        var (_, ordered) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions", """{"data": {"ndarray": [[6.2, 2.9, 4.3, 1.3]]}}""");
        var (status, named) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions",
            """{"data": {"names": ["petal_width", "petal_length", "sepal_width", "sepal_length"], "ndarray": [[1.3, 4.3, 2.9, 6.2]]}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Ndarray(ordered), Ndarray(named));
    }

    [Fact]
    public async Task A_tensor_request_is_reshaped_row_major_and_answered_as_a_tensor()
    {
        var (_, ndarray) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions", """{"data": {"ndarray": [[5.1, 3.5, 1.4, 0.2], [7.7, 3.0, 6.1, 2.3]]}}""");
        var (status, body) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions",
            """{"data": {"names": [], "tensor": {"shape": [2, 4], "values": [5.1, 3.5, 1.4, 0.2, 7.7, 3.0, 6.1, 2.3]}}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var tensor = body.GetProperty("data").GetProperty("tensor");
        Assert.Equal([2, 3], tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var values = tensor.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(Ndarray(ndarray).SelectMany(r => r), values);
        Assert.Equal(["t:0", "t:1", "t:2"], Names(body));
        Assert.False(body.GetProperty("data").TryGetProperty("ndarray", out _));
    }

    [Fact]
    public async Task JsonData_of_named_features_is_scored_by_name_and_answered_as_a_tensor()
    {
        var (_, ndarray) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions", """{"data": {"ndarray": [[5.9, 3.0, 5.1, 1.8], [5.1, 3.5, 1.4, 0.2]]}}""");
        var (one, single) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions",
            """{"jsonData": {"petal_width": 1.8, "sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 5.1}}""");
        var (many, list) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions",
            """{"jsonData": [{"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 5.1, "petal_width": 1.8}, {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]}""");

        Assert.Equal(HttpStatusCode.OK, one);
        Assert.Equal(HttpStatusCode.OK, many);
        var expected = Ndarray(ndarray).SelectMany(r => r).ToArray();
        static float[] Values(JsonElement b) => b.GetProperty("data").GetProperty("tensor").GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(expected[..3], Values(single));
        Assert.Equal(expected, Values(list));
        Assert.Equal([2, 3], list.GetProperty("data").GetProperty("tensor").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Fact]
    public async Task Meta_is_echoed_with_its_puid_kept_and_the_request_path_added()
    {
        var (status, body) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions",
            """{"meta": {"puid": "req-7", "tags": {"client": "test"}, "requestPath": {"transformer": "img:1"}}, "data": {"ndarray": [[1,2,3,4]]}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var meta = body.GetProperty("meta");
        Assert.Equal("req-7", meta.GetProperty("puid").GetString());
        Assert.Equal("test", meta.GetProperty("tags").GetProperty("client").GetString());
        Assert.Equal("img:1", meta.GetProperty("requestPath").GetProperty("transformer").GetString());
        Assert.Equal("iris:1", meta.GetProperty("requestPath").GetProperty("iris").GetString());
        var (_, other) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions", """{"data": {"ndarray": [[1,2,3,4]]}}""");
        Assert.NotEqual(meta.GetProperty("puid").GetString(), other.GetProperty("meta").GetProperty("puid").GetString());
    }

    [Fact]
    public async Task A_regressor_answers_one_score_per_row_as_a_1d_list_with_no_names()
    {
        double[][] rows = [[0.038, 0.05, 0.062, 0.022, -0.044, -0.035, -0.043, -0.003, 0.02, -0.018], [-0.002, -0.045, -0.051, -0.026, -0.008, -0.019, 0.074, -0.039, -0.068, -0.092]];
        var request = $$$"""{"data": {"ndarray": [{{{string.Join(", ", rows.Select(r => "[" + Csv(r) + "]"))}}}]}}""";
        var (status, body) = await PostAsync(fixture.DiabetesHttp, "/api/v1.0/predictions", request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Names(body));
        var scores = body.GetProperty("data").GetProperty("ndarray").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var names = fixture.Diabetes.Model.InputNames;
        var expected = fixture.Diabetes.Model.Scorer.Predict(rows.Select(r => (IReadOnlyDictionary<string, object?>)names.Select((n, i) => (n, (object?)(float)r[i])).ToDictionary(p => p.n, p => p.Item2)).ToList())
            .Select(p => (float)p["Score"]!).ToArray();
        Assert.Equal(expected, scores);
        Assert.Equal("diabetes:1", body.GetProperty("meta").GetProperty("requestPath").GetProperty("diabetes").GetString());

        var tensorRequest = $$$$"""{"data": {"tensor": {"shape": [2, 10], "values": [{{{{Csv(rows.SelectMany(r => r))}}}}]}}}""";
        var (tensorStatus, tensorBody) = await PostAsync(fixture.DiabetesHttp, "/api/v1.0/predictions", tensorRequest);
        Assert.Equal(HttpStatusCode.OK, tensorStatus);
        var tensor = tensorBody.GetProperty("data").GetProperty("tensor");
        Assert.Equal([2], tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(expected, tensor.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()));
    }

    [Fact]
    public async Task Health_ping_answers_pong_and_status_answers_a_prediction_on_the_input_example()
    {
        Assert.Equal("pong", await fixture.IrisHttp.GetStringAsync("/health/ping", Ct));
        foreach (var path in new[] { "/health/status", "/api/v1.0/health/status" })
        {
            using var response = await fixture.IrisHttp.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal(["t:0", "t:1", "t:2"], Names(doc.RootElement));
            Assert.Equal(1.0, Assert.Single(Ndarray(doc.RootElement)).Sum(p => (double)p), 4);
        }
        using var example = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(fixture.Iris.Model.Model.Directory, "input_example.json"), Ct));
        var firstRow = example.RootElement.GetProperty("data")[0].GetRawText();
        var (_, expected) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions", $"{{\"data\": {{\"ndarray\": [{firstRow}]}}}}");
        using var status = JsonDocument.Parse(await fixture.IrisHttp.GetStringAsync("/health/status", Ct));
        Assert.Equal(Ndarray(expected), Ndarray(status.RootElement));
        using var diabetes = JsonDocument.Parse(await fixture.DiabetesHttp.GetStringAsync("/health/status", Ct));
        Assert.Single(diabetes.RootElement.GetProperty("data").GetProperty("ndarray").EnumerateArray());
    }

    [Fact]
    public async Task Metadata_describes_the_signature_and_the_run_and_data_lineage()
    {
        foreach (var path in new[] { "/api/v1.0/metadata", "/metadata" })
        {
            using var doc = JsonDocument.Parse(await fixture.IrisHttp.GetStringAsync(path, Ct));
            var root = doc.RootElement;
            Assert.Equal("iris", root.GetProperty("name").GetString());
            Assert.Equal(["1"], root.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal("mlnet", root.GetProperty("platform").GetString());
            var input = Assert.Single(root.GetProperty("inputs").EnumerateArray());
            Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], input.GetProperty("schema").GetProperty("names").EnumerateArray().Select(n => n.GetString()));
            var output = Assert.Single(root.GetProperty("outputs").EnumerateArray());
            Assert.Equal(["t:0", "t:1", "t:2"], output.GetProperty("schema").GetProperty("names").EnumerateArray().Select(n => n.GetString()));
            Assert.Equal(fixture.IrisRunId, root.GetProperty("custom").GetProperty("run_id").GetString());
            Assert.Equal(fixture.IrisDataMd5, root.GetProperty("custom").GetProperty("data_md5").GetString());
        }
    }

    [Fact]
    public async Task The_doc_page_is_offline_html_and_the_openapi_document_lists_the_routes_and_features()
    {
        using var page = await fixture.IrisHttp.GetAsync("/api/v1.0/doc/", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("/api/v1.0/predictions", html, StringComparison.Ordinal);
        Assert.Contains("sepal_length", html, StringComparison.Ordinal);
        Assert.Contains("href=\"openapi.json\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://HOST:PORT", "", StringComparison.Ordinal), StringComparison.Ordinal);
        using (var noSlash = await fixture.IrisHttp.GetAsync("/seldon/ns/dep/api/v1.0/doc", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, noSlash.StatusCode);
            Assert.Equal("/seldon/ns/dep/api/v1.0/doc/", noSlash.RequestMessage!.RequestUri!.AbsolutePath);
        }

        using var openApi = JsonDocument.Parse(await fixture.IrisHttp.GetStringAsync("/api/v1.0/doc/openapi.json", Ct));
        var root = openApi.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = root.GetProperty("paths");
        foreach (var path in new[] { "/api/v1.0/predictions", "/seldon/{namespace}/{deployment}/api/v1.0/predictions", "/health/ping", "/api/v1.0/metadata", "/v2/models/{name}/infer" })
            Assert.True(paths.TryGetProperty(path, out _), path);
        var names = root.GetProperty("components").GetProperty("schemas").GetProperty("SeldonMessage").GetProperty("properties")
            .GetProperty("data").GetProperty("properties").GetProperty("names").GetProperty("items").GetProperty("enum");
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], names.EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(root.GetRawText(), JsonDocument.Parse(await fixture.IrisHttp.GetStringAsync("/seldon.json", Ct)).RootElement.GetRawText());
    }

    [Fact]
    public async Task A_message_in_the_form_field_json_is_read_like_the_seldon_wrapper()
    {
        using var form = new FormUrlEncodedContent([new("json", """{"data": {"ndarray": [[1,2,3,4]]}}""")]);
        using var response = await fixture.IrisHttp.PostAsync("/api/v1.0/predictions", form, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["t:0", "t:1", "t:2"], Names(doc.RootElement));
    }

    public static TheoryData<string, string?, string> BadRequests => new()
    {
        { """{"data": {"ndarray": [[1,2,3,4]]""", "application/json", "Invalid JSON" },
        { "", "application/json", "Invalid JSON" },
        { """[[1,2,3,4]]""", "application/json", "must be a JSON object" },
        { """{}""", "application/json", "none of data, jsonData, strData or binData" },
        { """{"meta": {"puid": "x"}}""", "application/json", "none of data" },
        { """{"strData": "hello"}""", "application/json", "strData and binData are not supported" },
        { """{"binData": "aGVsbG8="}""", "application/json", "strData and binData" },
        { """{"data": {"ndarray": [1,2,3,4]}}""", "application/json", "2-D list" },
        { """{"data": {"ndarray": [[1,2,3]]}}""", "application/json", "has 3 values but the model takes 4" },
        { """{"data": {"ndarray": [[1,2,3,4,5]]}}""", "application/json", "has 5 values" },
        { """{"data": {"ndarray": [[1,2,"three",4]]}}""", "application/json", "feature 'petal_length' must be a number" },
        { """{"data": {"ndarray": [[1,2,"NaN",4]]}}""", "application/json", "must be a number" },
        { """{"data": {"ndarray": [[1,2,null,4]]}}""", "application/json", "is null" },
        { """{"data": {"ndarray": [[1e400,2,3,4]]}}""", "application/json", "out of range" },
        { """{"data": {"ndarray": [[1e39,2,3,4]]}}""", "application/json", "out of range" },
        { """{"data": {"ndarray": [[[1],2,3,4]]}}""", "application/json", "must be a number" },
        { """{"data": {"names": ["a", "b", "c", "d"], "ndarray": [[1,2,3,4]]}}""", "application/json", "Unknown feature name 'a'" },
        { """{"data": {"names": ["sepal_length", "sepal_length", "petal_length", "petal_width"], "ndarray": [[1,2,3,4]]}}""", "application/json", "appears twice" },
        { """{"data": {"names": ["sepal_length", "petal_length"], "ndarray": [[1,3]]}}""", "application/json", "missing 'sepal_width', 'petal_width'" },
        { """{"data": {"names": "sepal_length", "ndarray": [[1,2,3,4]]}}""", "application/json", "data.names" },
        { """{"data": {"tensor": {"shape": [1, 4], "values": [1,2,3]}}}""", "application/json", "needs 4 values but 'values' has 3" },
        { """{"data": {"tensor": {"shape": [1, 3], "values": [1,2,3]}}}""", "application/json", "must be [rows, 4]" },
        { """{"data": {"tensor": {"shape": [4], "values": [1,2,3,4]}}}""", "application/json", "must be [rows, 4]" },
        { """{"data": {"tensor": {"shape": [-1, 4], "values": [1,2,3,4]}}}""", "application/json", "non-negative integers" },
        { """{"data": {"tensor": {"shape": [1e9, 4], "values": [1,2,3,4]}}}""", "application/json", "non-negative integers" },
        { """{"data": {"tensor": {"shape": [1000000000, 4], "values": [1,2,3,4]}}}""", "application/json", "needs 4000000000 values" },
        { """{"data": {"tensor": {"shape": [4611686018427387904, 4], "values": []}}}""", "application/json", "overflows" },
        { """{"data": {"tensor": {"shape": [1, 4], "values": [1,"2",3,4]}}}""", "application/json", "tensor values are finite numbers" },
        { """{"data": {"tensor": [1,2,3,4]}}""", "application/json", "data.tensor" },
        { """{"data": {"tftensor": {}}}""", "application/json", "tftensor is not supported" },
        { """{"data": {"names": []}}""", "application/json", "neither 'ndarray' nor 'tensor'" },
        { """{"data": [[1,2,3,4]]}""", "application/json", "must be an object" },
        { """{"jsonData": {"sepal_length": 1, "sepal_width": 2, "petal_length": 3, "petal_width": 4, "colour": 5}}""", "application/json", "Unknown feature name 'colour'" },
        { """{"jsonData": {"sepal_length": 1, "sepal_width": 2, "petal_length": 3}}""", "application/json", "missing 'petal_width'" },
        { """{"jsonData": [{"sepal_length": 1, "sepal_width": 2, "petal_length": 3, "petal_width": 4}, 7]}""", "application/json", "jsonData[1]" },
        { """{"jsonData": "text"}""", "application/json", "Invalid jsonData" },
        { """{"meta": [1], "data": {"ndarray": [[1,2,3,4]]}}""", "application/json", "'meta' must be an object" },
        { """{"jsonData": {"sepal_length": 1, "sepal_width": 2, "petal_length": 3, "petal_width": 4, "\ud800": 1}}""", "application/json", "Invalid text" },
        { """{"data": {"ndarray": [[1,2,3,4]]}}""", "text/plain", "Can't find JSON in data" },
        { """{"data": {"ndarray": [[1,2,3,4]]}}""", "application/x-www-form-urlencoded", "Can't find JSON in data" },
        { "json=%7B%22data%22", "application/x-www-form-urlencoded", "Invalid JSON" },
        { "--x\r\ngarbage", "multipart/form-data; boundary=x", "Can't find JSON in data" },
        { "--zz\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{\"data\"", "multipart/form-data; boundary=zz", "the form body cannot be read" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_answers_400_with_a_seldon_failure_status(string body, string? contentType, string expected)
    {
        var (status, answer) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions", body, contentType);

        Assert.True(status == HttpStatusCode.BadRequest, $"{(int)status}: {answer.GetRawText()}");
        var s = answer.GetProperty("status");
        Assert.Equal(1, s.GetProperty("status").GetInt32());
        Assert.Equal(-1, s.GetProperty("code").GetInt32());
        Assert.Equal("MICROSERVICE_BAD_DATA", s.GetProperty("reason").GetString());
        Assert.Contains(expected, s.GetProperty("info").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RespondAsync_scores_a_message_that_another_route_already_parsed()
    {
        using var message = JsonDocument.Parse("""{"data": {"ndarray": [[1,2,3,4]]}}""");
        var context = new DefaultHttpContext();
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;

        await SeldonRoutes.RespondAsync(context, fixture.Iris.Model, message.RootElement);

        Assert.Equal(200, context.Response.StatusCode);
        using var doc = JsonDocument.Parse(buffer.ToArray());
        var (_, viaHttp) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions", """{"data": {"ndarray": [[1,2,3,4]]}}""");
        Assert.Equal(Ndarray(viaHttp), Ndarray(doc.RootElement));

        using var bad = JsonDocument.Parse("""{"data": {"ndarray": [[1,2]]}}""");
        var badContext = new DefaultHttpContext();
        badContext.Response.Body = new MemoryStream();
        await SeldonRoutes.RespondAsync(badContext, fixture.Iris.Model, bad.RootElement);
        Assert.Equal(400, badContext.Response.StatusCode);
    }
}
