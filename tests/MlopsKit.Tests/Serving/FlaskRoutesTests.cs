using System.Globalization;
using System.Net;
using System.Text.Json;

namespace MlopsKit.Tests.Serving;

/// <summary>The tutorial's Flask-style <c>/predict</c> against the fixture's real servers.</summary>
[Collection(nameof(ServedModels))]
public sealed class FlaskRoutesTests(ServingFixture fixture)
{
    private const string TutorialBody = """{"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 5.1, "petal_width": 1.8}""";

    private static async Task<JsonElement> OkAsync(HttpClient http, string body, string path = "/predict", string? contentType = "application/json", HttpMethod? method = null)
    {
        var (status, text, media) = await MlflowRoutesTests.SendAsync(http, path, body, contentType, method);
        Assert.True(status == HttpStatusCode.OK, $"{status}: {text}");
        Assert.Equal("application/json", media);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private static async Task<string> ErrorAsync(HttpClient http, string body, string messageStart, string path = "/predict", HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        var (status, text, _) = await MlflowRoutesTests.SendAsync(http, path, body, "application/json");
        Assert.True(status == expected, $"{body} → {status}: {text}");
        using var doc = JsonDocument.Parse(text);
        var message = doc.RootElement.GetProperty("error").GetString()!;
        Assert.StartsWith(messageStart, message, StringComparison.Ordinal);
        return message;
    }

    [Fact]
    public async Task The_tutorials_body_returns_the_label_the_model_was_trained_on()
    {
        var inProcess = (string)fixture.Iris.Model.Scorer.Predict([
            new Dictionary<string, object?> { ["sepal_length"] = 5.9f, ["sepal_width"] = 3.0f, ["petal_length"] = 5.1f, ["petal_width"] = 1.8f }])[0]["PredictedLabel"]!;
        Assert.Equal("virginica", inProcess);
        var (status, text, _) = await MlflowRoutesTests.SendAsync(fixture.IrisHttp, "/predict", TutorialBody, "application/json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{\"result\":[\"virginica\"]}", text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task The_body_is_read_as_json_whatever_the_content_type_says(string? contentType)
    {
        var root = await OkAsync(fixture.IrisHttp, TutorialBody, contentType: contentType);
        Assert.Equal("virginica", root.GetProperty("result")[0].GetString());
    }

    [Fact]
    public async Task Put_works_like_post_and_get_is_405_with_an_allow_header()
    {
        var root = await OkAsync(fixture.IrisHttp, TutorialBody, method: HttpMethod.Put);
        Assert.Equal("virginica", root.GetProperty("result")[0].GetString());
        using var response = await fixture.IrisHttp.GetAsync("/predict", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var allow = string.Join(",", response.Content.Headers.Allow);
        Assert.Contains("POST", allow, StringComparison.Ordinal);
        Assert.Contains("PUT", allow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_of_objects_and_the_data_form_give_one_result_per_row()
    {
        var list = await OkAsync(fixture.IrisHttp, $"[{TutorialBody}, {{\"petal_width\": 0.2, \"petal_length\": 1.4, \"sepal_width\": 3.5, \"sepal_length\": 5.1}}]");
        Assert.Equal("[\"virginica\",\"setosa\"]", list.GetProperty("result").GetRawText());
        var data = await OkAsync(fixture.IrisHttp, """{"data": [[5.9, 3.0, 5.1, 1.8], [5.1, 3.5, 1.4, 0.2]]}""");
        Assert.Equal(list.GetProperty("result").GetRawText(), data.GetProperty("result").GetRawText());
        var reordered = await OkAsync(fixture.IrisHttp, """{"columns": ["petal_width", "petal_length", "sepal_width", "sepal_length"], "data": [[1.8, 5.1, 3.0, 5.9], [0.2, 1.4, 3.5, 5.1]]}""");
        Assert.Equal(list.GetProperty("result").GetRawText(), reordered.GetProperty("result").GetRawText());
        var lists = await OkAsync(fixture.IrisHttp, "[[5.9, 3.0, 5.1, 1.8]]");
        Assert.Equal("[\"virginica\"]", lists.GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task Proba_adds_the_class_probabilities_of_a_classifier()
    {
        var query = await OkAsync(fixture.IrisHttp, TutorialBody, path: "/predict?proba=true");
        var probabilities = Assert.Single(query.GetProperty("probabilities").EnumerateArray()).EnumerateArray().Select(p => p.GetSingle()).ToArray();
        Assert.Equal(3, probabilities.Length);
        Assert.InRange(probabilities.Sum(), 0.999f, 1.001f);
        var expected = (float[])fixture.Iris.Model.Scorer.Predict([
            new Dictionary<string, object?> { ["sepal_length"] = 5.9f, ["sepal_width"] = 3.0f, ["petal_length"] = 5.1f, ["petal_width"] = 1.8f }])[0]["Score"]!;
        Assert.Equal(expected, probabilities);
        var body = await OkAsync(fixture.IrisHttp, """{"data": [[5.9, 3.0, 5.1, 1.8], [5.1, 3.5, 1.4, 0.2]], "proba": true}""");
        Assert.Equal(2, body.GetProperty("probabilities").GetArrayLength());
        var without = await OkAsync(fixture.IrisHttp, TutorialBody);
        Assert.False(without.TryGetProperty("probabilities", out _));
        await ErrorAsync(fixture.IrisHttp, TutorialBody, "query parameter proba must be true or false", path: "/predict?proba=maybe");
    }

    [Fact]
    public async Task A_regressor_returns_numbers_and_refuses_proba()
    {
        var row = new float[] { 0.0199f, 0.0507f, 0.1048f, 0.0701f, -0.0360f, -0.0267f, -0.0250f, -0.0026f, 0.0037f, 0.0403f };
        var root = await OkAsync(fixture.DiabetesHttp, "{\"data\": [[" + string.Join(",", row.Select(f => f.ToString(CultureInfo.InvariantCulture))) + "]]}");
        string[] names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];
        var expected = (float)fixture.Diabetes.Model.Scorer.Predict([names.Select((n, i) => (n, (object?)row[i])).ToDictionary(p => p.n, p => p.Item2)])[0]["Score"]!;
        Assert.Equal(expected, root.GetProperty("result")[0].GetSingle());
        await ErrorAsync(fixture.DiabetesHttp, "{\"data\": [[" + string.Join(",", row.Select(f => f.ToString(CultureInfo.InvariantCulture))) + "]], \"proba\": true}", "proba=true needs a classifier");
    }

    [Theory]
    [InlineData("{\"sepal_length\": 5.9,", "the request body is not valid JSON")]
    [InlineData("", "the request body is not valid JSON: the request body is empty")]
    [InlineData("{\"sepal_length\": 5.9, \"sepal_width\": 3.0, \"petal_length\": 5.1}", "missing feature 'petal_width'; the model takes sepal_length, sepal_width, petal_length, petal_width.")]
    [InlineData("{\"sepal_length\": 5.9, \"sepal_width\": 3.0, \"petal_length\": 5.1, \"petal_width\": 1.8, \"colour\": 1}", "unknown feature 'colour'; the model takes sepal_length")]
    [InlineData("[{\"sepal_length\": 5.9, \"sepal_width\": 3.0, \"petal_length\": 5.1, \"petal_width\": 1.8}, {\"sepal_length\": 5.9}]", "missing feature 'sepal_width' in row 1")]
    [InlineData("{\"sepal_length\": \"wide\", \"sepal_width\": 3.0, \"petal_length\": 5.1, \"petal_width\": 1.8}", "Incompatible input types for column sepal_length.")]
    [InlineData("{\"sepal_length\": 1e400, \"sepal_width\": 3.0, \"petal_length\": 5.1, \"petal_width\": 1.8}", "Incompatible input types for column sepal_length. The value 1e400 in row 0 is out of range for float32")]
    [InlineData("{\"data\": [[5.9, 3.0, 5.1, 1.8], [5.9, 3.0]]}", "the body.data row 1 has 2 values but there are 4 columns")]
    [InlineData("{\"data\": \"5.9,3.0\"}", "\"data\" must be a list of rows")]
    [InlineData("{\"data\": [[5.9, 3.0, 5.1, 1.8]], \"extra\": 1}", "unknown key 'extra' beside \"data\"")]
    [InlineData("{\"data\": [[5.9, 3.0, 5.1, 1.8]], \"proba\": \"yes\"}", "\"proba\" must be true or false")]
    [InlineData("[]", "the request has no rows to score (an empty batch)")]
    [InlineData("[[5.9, 3.0]]", "the list row 0 has 2 values but the model takes 4 inputs (sepal_length, sepal_width, petal_length, petal_width)")]
    [InlineData("7", "the body must be a JSON object of named features such as {\"sepal_length\": 1.0, ...}")]
    public async Task Client_mistakes_answer_400_with_an_error_naming_what_is_wrong(string body, string messageStart) =>
        await ErrorAsync(fixture.IrisHttp, body, messageStart);

    [Theory]
    [InlineData("{\"data\": {\"names\": [\"a\", \"b\"], \"ndarray\": [[5.9, 3.0, 5.1, 1.8]]}}")]
    [InlineData("{\"data\": {\"tensor\": {\"shape\": [1, 4], \"values\": [5.9, 3.0, 5.1, 1.8]}}}")]
    [InlineData("{\"jsonData\": {\"text\": \"hello\"}}")]
    [InlineData("{\"strData\": \"hello\"}")]
    [InlineData("{\"binData\": \"aGVsbG8=\"}")]
    [InlineData("{\"meta\": {\"tags\": {}}, \"sepal_length\": 5.9}")]
    public async Task A_seldon_message_is_handed_to_the_seldon_routes(string body)
    {
        var (status, text, _) = await MlflowRoutesTests.SendAsync(fixture.IrisHttp, "/predict", body, "application/json");
        // The stub answers 501 until the Seldon routes land; after that the answer must be a SeldonMessage, never a Flask one.
        if (status == HttpStatusCode.NotImplemented)
        {
            Assert.Equal("{\"error\":\"Seldon messages are served by SeldonRoutes\"}", text);
            return;
        }
        using var doc = JsonDocument.Parse(text);
        Assert.False(doc.RootElement.TryGetProperty("result", out _), text);
        Assert.True(new[] { "data", "status", "jsonData", "strData", "binData", "meta" }.Any(k => doc.RootElement.TryGetProperty(k, out _)), text);
    }
}
