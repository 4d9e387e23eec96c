using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace MlopsKit.Tests.Serving;

/// <summary>Open Inference Protocol v2 routes on the real servers, cross-protocol consistency, errors, and a fuzz run over every scoring route.</summary>
[Collection(nameof(ServedModels))]
public sealed class OpenInferenceRoutesTests(ServingFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly float[][] s_irisRows = [[5.1f, 3.5f, 1.4f, 0.2f], [6.2f, 2.9f, 4.3f, 1.3f], [7.7f, 3.0f, 6.1f, 2.3f], [1f, 2f, 3f, 4f], [5.9f, 3.0f, 5.1f, 1.8f]];
    private static readonly string[] s_irisFeatures = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    private static Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string path, string body) =>
        SeldonRoutesTests.PostAsync(http, path, body);

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.Clone();
    }

    private static string Csv(IEnumerable<float> values) => SeldonRoutesTests.Csv(values.Select(v => (double)(decimal)v));

    private static JsonElement Output(JsonElement body, string name) => body.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);

    private static long[] Shape(JsonElement tensor) => tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();

    private static string MatrixRequest(float[][] rows, bool nested = false) =>
        $$$"""{"id": "req-42", "parameters": {"content_type": "np"}, "inputs": [{"name": "input-0", "shape": [{{{rows.Length}}}, 4], "datatype": "FP32", "data": [{{{(nested ? string.Join(", ", rows.Select(r => "[" + Csv(r) + "]")) : Csv(rows.SelectMany(r => r)))}}}]}]}""";

    [Fact]
    public async Task Server_metadata_liveness_and_readiness_answer_like_the_protocol()
    {
        var server = await GetJsonAsync(fixture.IrisHttp, "/v2");
        Assert.Equal("mlopskit", server.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(server.GetProperty("version").GetString()));
        Assert.Empty(server.GetProperty("extensions").EnumerateArray());
        Assert.True((await GetJsonAsync(fixture.IrisHttp, "/v2/health/live")).GetProperty("live").GetBoolean());
        Assert.True((await GetJsonAsync(fixture.IrisHttp, "/v2/health/ready")).GetProperty("ready").GetBoolean());
        foreach (var path in new[] { "/v2/models/iris/ready", "/v2/models/iris/versions/1/ready" })
        {
            var ready = await GetJsonAsync(fixture.IrisHttp, path);
            Assert.Equal("iris", ready.GetProperty("name").GetString());
            Assert.True(ready.GetProperty("ready").GetBoolean());
        }
    }

    [Fact]
    public async Task Model_metadata_lists_the_matrix_input_each_feature_and_the_outputs()
    {
        foreach (var path in new[] { "/v2/models/iris", "/v2/models/iris/versions/1" })
        {
            var meta = await GetJsonAsync(fixture.IrisHttp, path);
            Assert.Equal("iris", meta.GetProperty("name").GetString());
            Assert.Equal(["1"], meta.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal("mlnet", meta.GetProperty("platform").GetString());
            var inputs = meta.GetProperty("inputs").EnumerateArray().Select(i => (i.GetProperty("name").GetString(), i.GetProperty("datatype").GetString(), string.Join(",", Shape(i)))).ToList();
            Assert.Equal([("input-0", "FP32", "-1,4"), ("sepal_length", "FP32", "-1"), ("sepal_width", "FP32", "-1"), ("petal_length", "FP32", "-1"), ("petal_width", "FP32", "-1")], inputs);
            var outputs = meta.GetProperty("outputs").EnumerateArray().Select(i => (i.GetProperty("name").GetString(), i.GetProperty("datatype").GetString(), string.Join(",", Shape(i)))).ToList();
            Assert.Equal([("PredictedLabel", "BYTES", "-1"), ("Score", "FP32", "-1,3")], outputs);
        }
        var diabetes = await GetJsonAsync(fixture.DiabetesHttp, "/v2/models/diabetes");
        var output = Assert.Single(diabetes.GetProperty("outputs").EnumerateArray());
        Assert.Equal("Score", output.GetProperty("name").GetString());
        Assert.Equal("FP32", output.GetProperty("datatype").GetString());
        Assert.Equal([-1L], Shape(output));
        Assert.Equal(11, diabetes.GetProperty("inputs").GetArrayLength());
    }

    [Fact]
    public async Task A_single_fp32_matrix_flat_or_nested_is_scored_row_by_row_and_the_id_is_echoed()
    {
        var (status, flat) = await PostAsync(fixture.IrisHttp, "/v2/models/iris/infer", MatrixRequest(s_irisRows));
        var (nestedStatus, nested) = await PostAsync(fixture.IrisHttp, "/v2/models/iris/versions/1/infer", MatrixRequest(s_irisRows, nested: true));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, nestedStatus);
        Assert.Equal("iris", flat.GetProperty("model_name").GetString());
        Assert.Equal("1", flat.GetProperty("model_version").GetString());
        Assert.Equal("req-42", flat.GetProperty("id").GetString());
        var label = Output(flat, "PredictedLabel");
        Assert.Equal("BYTES", label.GetProperty("datatype").GetString());
        Assert.Equal([5L], Shape(label));
        Assert.Equal("setosa", label.GetProperty("data")[0].GetString());
        var score = Output(flat, "Score");
        Assert.Equal("FP32", score.GetProperty("datatype").GetString());
        Assert.Equal([5L, 3L], Shape(score));
        Assert.Equal(15, score.GetProperty("data").GetArrayLength());
        Assert.Equal(flat.GetProperty("outputs").GetRawText(), nested.GetProperty("outputs").GetRawText());
    }

    [Fact]
    public async Task One_tensor_per_feature_answers_like_the_matrix_whatever_the_numeric_datatype()
    {
        var (_, matrix) = await PostAsync(fixture.IrisHttp, "/v2/models/iris/infer", MatrixRequest(s_irisRows));
        var columns = s_irisFeatures.Select((name, c) => $$"""{"name": "{{name}}", "shape": [{{s_irisRows.Length}}], "datatype": "FP64", "data": [{{Csv(s_irisRows.Select(r => r[c]))}}]}""");
        var (status, perColumn) = await PostAsync(fixture.IrisHttp, "/v2/models/iris/infer", $$"""{"inputs": [{{string.Join(", ", columns.Reverse())}}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(matrix.GetProperty("outputs").GetRawText(), perColumn.GetProperty("outputs").GetRawText());
        Assert.False(perColumn.TryGetProperty("id", out _));

        var ints = s_irisFeatures.Select(name => $$"""{"name": "{{name}}", "shape": [1, 1], "datatype": "INT64", "data": [[{{Array.IndexOf(s_irisFeatures, name) + 1}}]]}""");
        var (intStatus, intBody) = await PostAsync(fixture.IrisHttp, "/v2/models/iris/infer", $$"""{"inputs": [{{string.Join(", ", ints)}}]}""");
        Assert.Equal(HttpStatusCode.OK, intStatus);
        Assert.Equal(Output(matrix, "Score").GetProperty("data").EnumerateArray().Skip(9).Take(3).Select(v => v.GetSingle()),
            Output(intBody, "Score").GetProperty("data").EnumerateArray().Select(v => v.GetSingle()));
    }

    [Fact]
    public async Task Outputs_selection_returns_only_the_named_outputs()
    {
        var request = MatrixRequest(s_irisRows).Replace("\"inputs\":", "\"outputs\": [{\"name\": \"Score\"}], \"inputs\":", StringComparison.Ordinal);
        var (status, body) = await PostAsync(fixture.IrisHttp, "/v2/models/iris/infer", request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Score", Assert.Single(body.GetProperty("outputs").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_same_rows_get_the_same_probabilities_on_seldon_v2_and_in_process()
    {
        var inProcess = fixture.Iris.Model.Scorer.Predict(s_irisRows
            .Select(r => (IReadOnlyDictionary<string, object?>)s_irisFeatures.Select((n, i) => (n, (object?)r[i])).ToDictionary(p => p.n, p => p.Item2)).ToList());
        var expected = inProcess.SelectMany(p => (float[])p["Score"]!).ToArray();
        var expectedLabels = inProcess.Select(p => (string)p["PredictedLabel"]!).ToArray();

        var (_, seldon) = await PostAsync(fixture.IrisHttp, "/api/v1.0/predictions", "{\"data\": {\"ndarray\": [" + string.Join(", ", s_irisRows.Select(r => "[" + Csv(r) + "]")) + "]}}");
        var (_, tensor) = await PostAsync(fixture.IrisHttp, "/seldon/ns/dep/api/v1.0/predictions",
            "{\"data\": {\"tensor\": {\"shape\": [" + s_irisRows.Length + ", 4], \"values\": [" + Csv(s_irisRows.SelectMany(r => r)) + "]}}}");
        var (_, v2) = await PostAsync(fixture.IrisHttp, "/v2/models/iris/infer", MatrixRequest(s_irisRows));

        Assert.Equal(expected, seldon.GetProperty("data").GetProperty("ndarray").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => v.GetSingle()));
        Assert.Equal(expected, tensor.GetProperty("data").GetProperty("tensor").GetProperty("values").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Equal(expected, Output(v2, "Score").GetProperty("data").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Equal(expectedLabels, Output(v2, "PredictedLabel").GetProperty("data").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(3, expectedLabels.Distinct().Count());
    }

    [Fact]
    public async Task A_regressor_answers_one_fp32_score_per_row()
    {
        var features = fixture.Diabetes.Model.InputNames;
        float[][] rows = [[0.038f, 0.05f, 0.062f, 0.022f, -0.044f, -0.035f, -0.043f, -0.003f, 0.02f, -0.018f], [0.01f, -0.04f, 0.03f, 0.02f, 0.01f, 0.0f, -0.01f, 0.02f, 0.03f, 0.01f]];
        var expected = fixture.Diabetes.Model.Scorer.Predict(rows
            .Select(r => (IReadOnlyDictionary<string, object?>)features.Select((n, i) => (n, (object?)r[i])).ToDictionary(p => p.n, p => p.Item2)).ToList())
            .Select(p => (float)p["Score"]!).ToArray();

        var (status, body) = await PostAsync(fixture.DiabetesHttp, "/v2/models/diabetes/infer",
            $$"""{"inputs": [{"name": "input-0", "shape": [2, 10], "datatype": "FP32", "data": [{{Csv(rows.SelectMany(r => r))}}]}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var score = Assert.Single(body.GetProperty("outputs").EnumerateArray());
        Assert.Equal([2L], Shape(score));
        Assert.Equal(expected, score.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()));
    }

    [Theory]
    [InlineData("GET", "/v2/models/nope")]
    [InlineData("GET", "/v2/models/nope/ready")]
    [InlineData("GET", "/v2/models/iris/versions/9")]
    [InlineData("GET", "/v2/models/iris/versions/9/ready")]
    [InlineData("POST", "/v2/models/nope/infer")]
    [InlineData("POST", "/v2/models/iris/versions/2/infer")]
    public async Task An_unknown_model_or_version_answers_404_with_an_error(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new StringContent(MatrixRequest(s_irisRows), Encoding.UTF8, "application/json");
        using var response = await fixture.IrisHttp.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("iris", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"inputs": [""", "not valid JSON" },
        { "", "not valid JSON" },
        { """[1, 2]""", "must be a JSON object" },
        { """{}""", "'inputs' must be a non-empty list" },
        { """{"inputs": []}""", "'inputs' must be a non-empty list" },
        { """{"inputs": {"name": "input-0"}}""", "'inputs' must be a non-empty list" },
        { """{"id": 5, "inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "'id' must be a string" },
        { """{"parameters": [1], "inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "'parameters' must be an object" },
        { """{"inputs": [7]}""", "inputs[0] must be an object" },
        { """{"inputs": [{"shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "'name' must be a non-empty string" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "data": [1,2,3,4]}]}""", "'datatype' must be a non-empty string" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP8", "data": [1,2,3,4]}]}""", "unknown datatype 'FP8'" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP16", "data": [1,2,3,4]}]}""", "no JSON form" },
        { """{"inputs": [{"name": "input-0", "shape": "1,4", "datatype": "FP32", "data": [1,2,3,4]}]}""", "'shape' must be a list" },
        { """{"inputs": [{"name": "input-0", "shape": [-1, 4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "non-negative integers" },
        { """{"inputs": [{"name": "input-0", "shape": [1.5, 4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "non-negative integers" },
        { """{"inputs": [{"name": "input-0", "shape": [1e9, 4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "non-negative integers" },
        { """{"inputs": [{"name": "input-0", "shape": [1000000000, 4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "needs 4000000000 elements but 'data' has 4" },
        { """{"inputs": [{"name": "input-0", "shape": [4611686018427387904, 4, 4], "datatype": "FP32", "data": []}]}""", "too many elements" },
        { """{"inputs": [{"name": "input-0", "shape": [2, 4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "needs 8 elements but 'data' has 4" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 3], "datatype": "FP32", "data": [1,2,3]}]}""", "must be [rows, 4]" },
        { """{"inputs": [{"name": "input-0", "shape": [4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "must be [rows, 4]" },
        { """{"inputs": [{"name": "input-0", "shape": [2, 2], "datatype": "FP32", "data": [[1,2],[3]]}]}""", "does not match shape" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [1,[2],3,4]}]}""", "mixes numbers and lists" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": "1,2,3,4"}]}""", "'data' must be a list" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [1,2,"NaN",4]}]}""", "element 2 (\"NaN\") is not a valid FP32" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [1,2,1e400,4]}]}""", "not a valid FP32" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [1,2,1e39,4]}]}""", "not a valid FP32" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP64", "data": [1,2,1e300,4]}]}""", "out of range" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "INT8", "data": [1,2,300,4]}]}""", "not a valid INT8" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "UINT8", "data": [1,2,-3,4]}]}""", "not a valid UINT8" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "INT32", "data": [1,2,3.5,4]}]}""", "not a valid INT32" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "BOOL", "data": [true,false,true,1]}]}""", "not a valid BOOL" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "BOOL", "data": [true,false,true,false]}]}""", "must be a number" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "BYTES", "data": ["a","b","c","d"]}]}""", "must be a number" },
        { """{"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4], "parameters": 3}]}""", "'parameters' must be an object" },
        { """{"inputs": [{"name": "sepal_length", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "missing input 'sepal_width', 'petal_length', 'petal_width'" },
        { """{"inputs": [{"name": "sepal_length", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "colour", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "unknown input 'colour'" },
        { """{"inputs": [{"name": "sepal_length", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "sepal_length", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "appears twice" },
        { """{"inputs": [{"name": "sepal_length", "shape": [1, 2], "datatype": "FP32", "data": [1, 2]}, {"name": "sepal_width", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "must be [rows] or [rows, 1]" },
        { """{"inputs": [{"name": "sepal_length", "shape": [2], "datatype": "FP32", "data": [1, 2]}, {"name": "sepal_width", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "has 1 rows but the other inputs have 2" },
        { """{"outputs": [{"name": "Probability"}], "inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "unknown output 'Probability'" },
        { """{"outputs": ["Score"], "inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "string 'name'" },
        { """{"outputs": {"name": "Score"}, "inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "'outputs' must be a list" },
        { """{"id": "\ud800", "inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4]}]}""", "Invalid text" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_answers_400_with_an_error_saying_what_is_wrong(string body, string expected)
    {
        var (status, answer) = await PostAsync(fixture.IrisHttp, "/v2/models/iris/infer", body);

        Assert.True(status == HttpStatusCode.BadRequest, $"{(int)status}: {answer.GetRawText()}");
        Assert.Contains(expected, answer.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(answer.EnumerateObject());
    }

    [Fact]
    public async Task Hostile_bodies_on_the_seldon_and_v2_routes_never_get_a_server_error()
    {
        var bodies = HostileBodies.Generate(seed: 20261125, count: 720);
        string[] routes = ["/api/v1.0/predictions", "/api/v0.1/predictions", "/seldon/ns/dep/api/v1.0/predictions", "/v2/models/iris/infer", "/v2/models/iris/versions/1/infer"];
        string?[] contentTypes = ["application/json", "application/json", "application/json", null, "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=zz", "application/json; charset=utf-16", "application/vnd.seldon+json", "image/png", "multipart/form-data"];
        var random = new Random(7);
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        foreach (var body in bodies)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(120)) break;
            var route = routes[random.Next(routes.Length)];
            var contentType = contentTypes[random.Next(contentTypes.Length)];
            using var content = new ByteArrayContent(body);
            if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var response = await fixture.IrisHttp.PostAsync(route, content, Ct);
            var code = (int)response.StatusCode;
            statuses[code] = statuses.GetValueOrDefault(code) + 1;
            if (code >= 500)
                failures.Add($"{code} {route} [{contentType}] {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200)))} -> {await response.Content.ReadAsStringAsync(Ct)}");
            sent++;
        }

        Assert.True(sent >= 600, $"only {sent} bodies were sent in the time budget");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.True(statuses.GetValueOrDefault(400) > sent / 2, string.Join(", ", statuses.Select(kv => $"{kv.Key}: {kv.Value}")));
        using var ready = await fixture.IrisHttp.GetAsync("/v2/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var (status, _) = await PostAsync(fixture.IrisHttp, "/v2/models/iris/infer", MatrixRequest(s_irisRows));
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
