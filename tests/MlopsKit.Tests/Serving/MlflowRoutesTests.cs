using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace MlopsKit.Tests.Serving;

/// <summary>MLflow's <c>POST /invocations</c> against the fixture's real servers: every body form, content types, errors.</summary>
[Collection(nameof(ServedModels))]
public sealed class MlflowRoutesTests(ServingFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] s_diabetesColumns = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];
    private static readonly float[] s_tutorialRow = [0.0199f, 0.0507f, 0.1048f, 0.0701f, -0.0360f, -0.0267f, -0.0250f, -0.0026f, 0.0037f, 0.0403f];
    private const string TutorialCurlBody =
        """{"columns":["age","sex","bmi","bp","s1","s2","s3","s4","s5","s6"],"data":[[0.0199,0.0507,0.1048,0.0701,-0.0360,-0.0267,-0.0250,-0.0026,0.0037,0.0403]]}""";

    internal static async Task<(HttpStatusCode Status, string Body, string? MediaType)> SendAsync(
        HttpClient http, string path, string? body, string? contentType, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        using var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonElement> PredictionsAsync(HttpClient http, string body, string contentType = "application/json")
    {
        var (status, text, media) = await SendAsync(http, "/invocations", body, contentType);
        Assert.True(status == HttpStatusCode.OK, $"{status}: {text}");
        Assert.Equal("application/json", media);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("predictions").Clone();
    }

    private static async Task<JsonElement> ErrorAsync(HttpClient http, string body, string errorCode, string messageStart, string contentType = "application/json")
    {
        var (status, text, media) = await SendAsync(http, "/invocations", body, contentType);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/json", media);
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement.Clone();
        Assert.Equal(errorCode, root.GetProperty("error_code").GetString());
        Assert.StartsWith(messageStart, root.GetProperty("message").GetString(), StringComparison.Ordinal);
        return root;
    }

    private float InProcessDiabetes(float[] row)
    {
        var input = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < s_diabetesColumns.Length; i++) input[s_diabetesColumns[i]] = row[i];
        return (float)fixture.Diabetes.Model.Scorer.Predict([input])[0]["Score"]!;
    }

    [Fact]
    public async Task The_tutorials_curl_body_scores_the_diabetes_row_like_an_in_process_prediction_written_as_a_short_float()
    {
        var (status, text, _) = await SendAsync(fixture.DiabetesHttp, "/invocations", TutorialCurlBody, "application/json");
        Assert.True(status == HttpStatusCode.OK, text);
        var expected = InProcessDiabetes(s_tutorialRow);
        using var doc = JsonDocument.Parse(text);
        var prediction = Assert.Single(doc.RootElement.GetProperty("predictions").EnumerateArray());
        Assert.Equal(expected, prediction.GetSingle());
        // float32 shortest round-trip text (e.g. 152.13), never the widened double (152.1300048828125).
        Assert.Equal($"{{\"predictions\":[{expected.ToString(CultureInfo.InvariantCulture)}]}}", text);
        Assert.True(expected.ToString(CultureInfo.InvariantCulture).Length <= 10, text);
    }

    [Fact]
    public async Task Every_body_form_and_csv_give_identical_predictions_for_the_same_rows()
    {
        float[][] rows = [s_tutorialRow, [-0.0018f, -0.0446f, -0.0515f, -0.0263f, -0.0084f, -0.0192f, 0.0744f, -0.0395f, -0.0683f, -0.0922f]];
        string Num(float f) => f.ToString(CultureInfo.InvariantCulture);
        string Row(float[] r) => "[" + string.Join(",", r.Select(Num)) + "]";
        string Rec(float[] r) => "{" + string.Join(",", s_diabetesColumns.Select((c, i) => $"\"{c}\":{Num(r[i])}")) + "}";
        var cols = "[" + string.Join(",", s_diabetesColumns.Select(c => $"\"{c}\"")) + "]";
        var data = "[" + string.Join(",", rows.Select(Row)) + "]";
        var records = "[" + string.Join(",", rows.Select(Rec)) + "]";
        var named = "{" + string.Join(",", s_diabetesColumns.Select((c, i) => $"\"{c}\":[{Num(rows[0][i])},{Num(rows[1][i])}]")) + "}";
        // Columns in another order than the signature: dataframe_split reorders by name.
        var reversed = s_diabetesColumns.Reverse().ToArray();
        var reversedData = "[" + string.Join(",", rows.Select(r => "[" + string.Join(",", reversed.Select(c => Num(r[Array.IndexOf(s_diabetesColumns, c)]))) + "]")) + "]";
        var bodies = new (string Body, string ContentType)[]
        {
            ($"{{\"dataframe_split\": {{\"columns\": {cols}, \"data\": {data}}}}}", "application/json"),
            ($"{{\"dataframe_split\": {{\"columns\": [{string.Join(",", reversed.Select(c => $"\"{c}\""))}], \"data\": {reversedData}, \"index\": [7, 8]}}}}", "application/json"),
            ($"{{\"dataframe_records\": {records}}}", "application/json; charset=utf-8"),
            ($"{{\"instances\": {data}}}", "application/json"),
            ($"{{\"instances\": {records}}}", "application/json"),
            ($"{{\"inputs\": {data}}}", "application/json"),
            ($"{{\"inputs\": {named}}}", "application/json"),
            ($"{{\"inputs\": {data}, \"params\": {{\"threshold\": 0.7}}}}", "application/json"),
            ($"{{\"columns\": {cols}, \"data\": {data}}}", "application/json"),
            (string.Join(",", s_diabetesColumns) + "\n" + string.Join("\n", rows.Select(r => string.Join(",", r.Select(Num)))) + "\n", "text/csv"),
            (",\"age\",sex,bmi,bp,s1,s2,s3,s4,s5,s6\r\n" + string.Join("\r\n", rows.Select((r, i) => i + "," + string.Join(",", r.Select(Num)))), "text/csv; charset=UTF-8"),
        };
        var expected = $"[{Num(InProcessDiabetes(rows[0]))},{Num(InProcessDiabetes(rows[1]))}]";
        foreach (var (body, contentType) in bodies)
        {
            var predictions = await PredictionsAsync(fixture.DiabetesHttp, body, contentType);
            Assert.True(expected == predictions.GetRawText(), $"{body} ({contentType}) → {predictions.GetRawText()}, expected {expected}");
        }
    }

    [Fact]
    public async Task A_classifier_returns_its_predicted_labels_as_trained()
    {
        var body = """{"dataframe_split": {"columns": ["sepal_length","sepal_width","petal_length","petal_width"], "data": [[5.1,3.5,1.4,0.2],[5.9,3.0,5.1,1.8]]}}""";
        var predictions = await PredictionsAsync(fixture.IrisHttp, body);
        var inProcess = fixture.Iris.Model.Scorer.Predict([
            new Dictionary<string, object?> { ["sepal_length"] = 5.1f, ["sepal_width"] = 3.5f, ["petal_length"] = 1.4f, ["petal_width"] = 0.2f },
            new Dictionary<string, object?> { ["sepal_length"] = 5.9f, ["sepal_width"] = 3.0f, ["petal_length"] = 5.1f, ["petal_width"] = 1.8f }]);
        Assert.Equal(inProcess.Select(r => (string?)r["PredictedLabel"]), predictions.EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["setosa", "virginica"], predictions.EnumerateArray().Select(p => p.GetString()));
        var csv = await PredictionsAsync(fixture.IrisHttp, "petal_width,petal_length,sepal_width,sepal_length,extra\n0.2,1.4,3.5,5.1,x\n1.8,5.1,3.0,5.9,\"a, \"\"quoted\"\" value\"\n", "text/csv");
        Assert.Equal(predictions.GetRawText(), csv.GetRawText());
    }

    [Fact]
    public async Task Missing_values_score_as_nan_and_a_nan_prediction_is_written_as_null()
    {
        var predictions = await PredictionsAsync(fixture.DiabetesHttp,
            """{"dataframe_records": [{"age": null, "sex": null, "bmi": null, "bp": null, "s1": null, "s2": null, "s3": null, "s4": null, "s5": null, "s6": null}]}""");
        Assert.Equal("[null]", predictions.GetRawText());
    }

    [Theory]
    [InlineData("application/json; charset=latin-1", "The scoring server only supports UTF-8")]
    [InlineData("application/json; format=pandas-split", "Unrecognized content type parameters: format.")]
    [InlineData("text/csv; format=pandas-records", "Unrecognized content type parameters: format.")]
    [InlineData("text/plain", "This predictor only supports the following content types: Types: ['text/csv', 'application/json']. Got 'text/plain'.")]
    [InlineData("application/xml; charset=utf-8", "This predictor only supports the following content types")]
    [InlineData(null, "This predictor only supports the following content types")]
    public async Task Unsupported_content_types_answer_415_in_plain_text(string? contentType, string messageStart)
    {
        var (status, text, media) = await SendAsync(fixture.DiabetesHttp, "/invocations", TutorialCurlBody, contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("text/plain", media);
        Assert.StartsWith(messageStart, text, StringComparison.Ordinal);
        if (contentType?.Contains("format", StringComparison.Ordinal) == true)
            Assert.Contains("scoring protocol has changed in MLflow version 2.0", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"dataframe_split\": ", "BAD_REQUEST", "Invalid input. Ensure that input is a valid JSON formatted string.")]
    [InlineData("", "BAD_REQUEST", "Invalid input. Ensure that input is a valid JSON formatted string.")]
    [InlineData("{\"inputs\": [[NaN, 1]]}", "BAD_REQUEST", "Invalid input. Ensure that input is a valid JSON formatted string.")]
    [InlineData("[[1, 2]]", "BAD_REQUEST", "Invalid input. The input must be a JSON dictionary with exactly one of the input fields {'dataframe_split', 'dataframe_records', 'instances', 'inputs'}. Received a list.")]
    [InlineData("42", "BAD_REQUEST", "Invalid input. The input must be a JSON dictionary with exactly one of the input fields")]
    [InlineData("\"text\"", "BAD_REQUEST", "Invalid input. The input must be a JSON dictionary with exactly one of the input fields")]
    [InlineData("{}", "BAD_REQUEST", "The input must be a JSON dictionary with exactly one of the input fields {'dataframe_split', 'dataframe_records', 'instances', 'inputs'}. Received dictionary with input fields: []")]
    [InlineData("{\"data\": [[1, 2]]}", "BAD_REQUEST", "The input must be a JSON dictionary with exactly one of the input fields {'dataframe_split', 'dataframe_records', 'instances', 'inputs'}. Received dictionary with input fields: ['data']")]
    [InlineData("{\"instances\": [[1]], \"inputs\": [[1]]}", "BAD_REQUEST", "The input must be a JSON dictionary with exactly one of the input fields")]
    [InlineData("{\"params\": {}}", "BAD_REQUEST", "The input must be a JSON dictionary with exactly one of the input fields")]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"age\"], \"data\": []}}", "BAD_REQUEST", "dataframe_split has no rows to score (an empty batch)")]
    [InlineData("{\"dataframe_records\": []}", "BAD_REQUEST", "dataframe_records has no rows to score (an empty batch)")]
    [InlineData("{\"columns\": [\"age\", \"sex\"], \"data\": [[1, 2], [3]]}", "BAD_REQUEST", "the MLflow 1.x body.data row 1 has 1 values but there are 2 columns (age, sex)")]
    [InlineData("{\"instances\": [[0.1, 0.2, 0.3]]}", "BAD_REQUEST", "instances row 0 has 3 values but the model takes 10 inputs (age, sex, bmi, bp, s1, s2, s3, s4, s5, s6)")]
    [InlineData("{\"inputs\": {\"age\": [1, 2], \"sex\": [1]}}", "BAD_REQUEST", "inputs has columns of different lengths")]
    [InlineData("{\"dataframe_split\": [[1, 2]]}", "BAD_REQUEST", "dataframe_split must be a JSON object with \"columns\" and \"data\"")]
    [InlineData("{\"dataframe_records\": [[1, 2]]}", "BAD_REQUEST", "dataframe_records item 0 must be an object")]
    [InlineData("{\"instances\": [[1]], \"params\": [1]}", "BAD_REQUEST", "Invalid input. \"params\" must be a JSON object")]
    public async Task Malformed_bodies_answer_400_bad_request_with_mlflows_message(string body, string errorCode, string messageStart) =>
        await ErrorAsync(fixture.DiabetesHttp, body, errorCode, messageStart);

    [Fact]
    public async Task Schema_failures_answer_400_invalid_parameter_value_naming_the_column()
    {
        var row = """{"age": 0.01, "sex": 0.05, "bp": 0.07, "s1": 0, "s2": 0, "s3": 0, "s4": 0, "s5": 0, "s6": 0, "colour": "red"}""";
        var missing = await ErrorAsync(fixture.DiabetesHttp, $"{{\"dataframe_records\": [{row}]}}", "INVALID_PARAMETER_VALUE", "Failed to predict data '");
        var message = missing.GetProperty("message").GetString()!;
        Assert.Contains("Error: Failed to enforce schema of data '", message, StringComparison.Ordinal);
        Assert.EndsWith("Error: Model is missing inputs ['bmi']. Note that there were extra inputs: ['colour'].", message, StringComparison.Ordinal);

        var nanText = await ErrorAsync(fixture.DiabetesHttp, $"{{\"dataframe_records\": [{row.Replace("\"colour\": \"red\"", "\"bmi\": \"NaN\"", StringComparison.Ordinal)}]}}",
            "INVALID_PARAMETER_VALUE", "Failed to predict data '");
        Assert.Contains("Incompatible input types for column bmi", nanText.GetProperty("message").GetString(), StringComparison.Ordinal);

        foreach (var huge in new[] { "1e400", "-1e400", "1e39" })
        {
            var tooBig = await ErrorAsync(fixture.DiabetesHttp, $"{{\"instances\": [[0, 0, {huge}, 0, 0, 0, 0, 0, 0, 0]]}}", "INVALID_PARAMETER_VALUE", "Failed to predict data '");
            Assert.Contains($"Incompatible input types for column bmi. The value {huge} in row 0 is out of range for float32", tooBig.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        var wrongType = await ErrorAsync(fixture.IrisHttp, """{"inputs": {"sepal_length": [true], "sepal_width": [1], "petal_length": [1], "petal_width": [1]}}""", "INVALID_PARAMETER_VALUE", "Failed to predict data '");
        Assert.Contains("column sepal_length", wrongType.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("age,sex\n0.1\n", "Failed to parse input as a Pandas DataFrame. Ensure that the input is a valid CSV-formatted Pandas DataFrame produced using the `pandas.DataFrame.to_csv()` method. Error: 'Expected 2 fields in line 2, saw 1'")]
    [InlineData("age,bmi\nabc,0.1\n", "Failed to parse input as a Pandas DataFrame. Ensure that the input is a valid CSV-formatted Pandas DataFrame produced using the `pandas.DataFrame.to_csv()` method. Error: 'could not convert \"abc\" to float32 (column age, line 2)'")]
    [InlineData("age,bmi\n1e400,0.1\n", "Failed to parse input as a Pandas DataFrame. Ensure that the input is a valid CSV-formatted Pandas DataFrame produced using the `pandas.DataFrame.to_csv()` method. Error: 'could not convert \"1e400\" to float32")]
    [InlineData("age,\"bmi\n1,2\n", "Failed to parse input as a Pandas DataFrame. Ensure that the input is a valid CSV-formatted Pandas DataFrame produced using the `pandas.DataFrame.to_csv()` method. Error: 'EOF inside string starting at line 1'")]
    [InlineData("", "Failed to parse input as a Pandas DataFrame. Ensure that the input is a valid CSV-formatted Pandas DataFrame produced using the `pandas.DataFrame.to_csv()` method. Error: 'No columns to parse from file'")]
    [InlineData("age,sex,bmi,bp,s1,s2,s3,s4,s5,s6\n", "the CSV body has no rows to score (an empty batch)")]
    public async Task Bad_csv_answers_400_bad_request(string csv, string messageStart) =>
        await ErrorAsync(fixture.DiabetesHttp, csv, "BAD_REQUEST", messageStart, "text/csv");
}
