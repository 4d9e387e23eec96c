using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace MlopsKit.Tests.Serving;

/// <summary>Hostile and malformed bodies on <c>/invocations</c> and <c>/predict</c>: never a 5xx, and the server keeps answering.</summary>
[Collection(nameof(ServedModels))]
public sealed class ScoringFuzzTests(ServingFixture fixture)
{
    private const int Count = 660;
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(150);
    private const string SeldonStub = "{\"error\":\"Seldon messages are served by SeldonRoutes\"}";

    private static readonly string[] s_contentTypes =
    [
        "application/json", "application/json", "text/csv", "application/json; charset=utf-8", "text/csv; charset=UTF-8", "text/plain",
        "application/json; format=pandas-split", "application/json; charset=latin-1", "application/xml", "multipart/form-data; boundary=x",
        ";;;==", "application/json;;charset", "", "application/json; charset=\"UTF-8\"",
    ];

    private static readonly string[] s_iris = ["sepal_length", "sepal_width", "petal_length", "petal_width"];
    private static readonly string[] s_keys = ["dataframe_split", "dataframe_records", "instances", "inputs", "columns", "data", "params", "index", "proba", "sepal_length", "x", ""];
    private static readonly string[] s_hostileNumbers = ["NaN", "\"NaN\"", "1e400", "-1e400", "1e39", "-0", "0.0000000000000000000000000000000000000000000001", "123456789012345678901234567890", "Infinity", "\"1e400\"", "1E+2", "true", "null", "\"\"", "{}", "[]", "[[]]"];
    private static readonly string[] s_unicode = ["\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\u202e\u0000\"", "\"é🙂\"", "\"\\u0000\"", "\"\ufeff\"", "\"\\\\\""];

    [Fact]
    public async Task Six_hundred_hostile_bodies_never_get_a_5xx_and_ping_still_answers()
    {
        var random = new Random(20240611);
        var cases = Enumerable.Range(0, Count).Select(i => Generate(random, i)).ToList();
        var failures = new List<string>();
        var sent = 0;
        var statuses = new Dictionary<int, int>();
        var clock = Stopwatch.StartNew();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(s_budget);
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cts.Token }, async (c, ct) =>
        {
            var http = c.Iris ? fixture.IrisHttp : fixture.DiabetesHttp;
            using var request = new HttpRequestMessage(c.Method, c.Path) { Content = new ByteArrayContent(c.Body) };
            request.Content.Headers.Remove("Content-Type");
            if (c.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Interlocked.Increment(ref sent);
            lock (statuses) statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            var seldonStub = response.StatusCode == HttpStatusCode.NotImplemented && c.Path.StartsWith("/predict", StringComparison.Ordinal) && text == SeldonStub;
            if ((int)response.StatusCode >= 500 && !seldonStub)
                lock (failures) failures.Add($"#{c.Index} {c.Method} {c.Path} [{c.ContentType}] {Snippet(c.Body)} → {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        });
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} got a 5xx:\n" + string.Join("\n", failures.Take(20)));
        Assert.Equal(Count, sent);
        // The bodies reach every stage: scored, refused by content type, refused as input.
        var seen = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        Assert.True(statuses.GetValueOrDefault(200) > 10 && statuses.GetValueOrDefault(400) > 200 && statuses.GetValueOrDefault(415) > 20, seen);
        Assert.True(clock.Elapsed < s_budget);
        using var ping = await fixture.IrisHttp.GetAsync("/ping", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        using var ping2 = await fixture.DiabetesHttp.GetAsync("/ping", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ping2.StatusCode);
        // And a good request still scores.
        var (status, body, _) = await MlflowRoutesTests.SendAsync(fixture.IrisHttp, "/predict",
            """{"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 5.1, "petal_width": 1.8}""", null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{\"result\":[\"virginica\"]}", body);
    }

    private sealed record Case(int Index, bool Iris, HttpMethod Method, string Path, string? ContentType, byte[] Body);

    private static Case Generate(Random r, int index)
    {
        var iris = r.Next(2) == 0;
        var (method, path) = r.Next(5) switch
        {
            0 or 1 => (HttpMethod.Post, "/invocations"),
            2 => (HttpMethod.Post, "/predict"),
            3 => (HttpMethod.Put, "/predict"),
            _ => (HttpMethod.Post, r.Next(2) == 0 ? "/predict?proba=true" : "/predict?proba=%00%ff"),
        };
        var contentType = r.Next(8) == 0 ? null : s_contentTypes[r.Next(s_contentTypes.Length)];
        var kind = index % 12;
        byte[] body = kind switch
        {
            0 => RandomBytes(r),
            1 => Truncate(r, Valid(r, iris)),
            2 => Utf8(DeepNesting(r)),
            3 => Utf8(Valid(r, iris, () => s_hostileNumbers[r.Next(s_hostileNumbers.Length)])),
            4 => Utf8(Valid(r, iris, () => RandomJson(r, 3))),
            5 => Unicode(r, iris),
            6 => index % 48 == 6 ? Utf8(HugeArray(r, iris)) : Utf8(Valid(r, iris)),
            7 => [],
            8 => Utf8(Mutate(r, iris)),
            9 => Utf8(Csv(r, iris)),
            10 => Utf8(RandomJson(r, 6)),
            _ => Utf8(Valid(r, iris, () => r.Next(3) == 0 ? RandomJson(r, 2) : Number(r))),
        };
        if (kind == 9 && r.Next(2) == 0) contentType = "text/csv";
        return new Case(index, iris, method, path, contentType, body);
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string Number(Random r) => (r.NextDouble() * 20 - 5).ToString("R", CultureInfo.InvariantCulture);

    private static string[] Names(bool iris) => iris ? s_iris : ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];

    // A well-formed body in one of the route forms, with values from the given generator.
    private static string Valid(Random r, bool iris, Func<string>? value = null)
    {
        value ??= () => Number(r);
        var names = Names(iris);
        var rows = r.Next(1, 4);
        string Row() => "[" + string.Join(", ", names.Select(_ => value())) + "]";
        string Rec() => "{" + string.Join(", ", names.Select(n => $"\"{n}\": {value()}")) + "}";
        var data = "[" + string.Join(", ", Enumerable.Range(0, rows).Select(_ => Row())) + "]";
        var cols = "[" + string.Join(", ", names.Select(n => $"\"{n}\"")) + "]";
        return r.Next(8) switch
        {
            0 => $"{{\"dataframe_split\": {{\"columns\": {cols}, \"data\": {data}}}}}",
            1 => $"{{\"dataframe_records\": [{Rec()}]}}",
            2 => $"{{\"instances\": {data}}}",
            3 => $"{{\"inputs\": {{{string.Join(", ", names.Select(n => $"\"{n}\": [{value()}]"))}}}}}",
            4 => $"{{\"columns\": {cols}, \"data\": {data}}}",
            5 => Rec(),
            6 => $"[{Rec()}, {Rec()}]",
            _ => $"{{\"data\": {data}, \"proba\": {(r.Next(2) == 0 ? "true" : value())}}}",
        };
    }

    private static byte[] Truncate(Random r, string valid)
    {
        var bytes = Utf8(valid);
        return bytes[..r.Next(bytes.Length)];
    }

    private static byte[] RandomBytes(Random r)
    {
        var bytes = new byte[r.Next(0, 300)];
        r.NextBytes(bytes);
        return bytes;
    }

    private static string DeepNesting(Random r)
    {
        var depth = r.Next(2) == 0 ? 10_000 : r.Next(60, 200);
        return r.Next(4) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth),
            2 => "{\"dataframe_split\": {\"columns\": [\"age\"], \"data\": " + new string('[', depth) + "1" + new string(']', depth) + "}}",
            _ => "{\"sepal_length\": " + new string('[', depth) + new string(']', depth) + ", \"sepal_width\": 1, \"petal_length\": 1, \"petal_width\": 1}",
        };
    }

    private static string RandomJson(Random r, int depth) => (depth <= 0 ? r.Next(5) : r.Next(8)) switch
    {
        0 => Number(r),
        1 => "\"" + new string((char)r.Next(32, 127), r.Next(0, 5)).Replace("\\", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal) + "\"",
        2 => r.Next(2) == 0 ? "true" : "false",
        3 => "null",
        4 => s_hostileNumbers[r.Next(s_hostileNumbers.Length)] is var h && h is not ("NaN" or "Infinity") ? h : "1e400",
        5 or 6 => "[" + string.Join(", ", Enumerable.Range(0, r.Next(0, 5)).Select(_ => RandomJson(r, depth - 1))) + "]",
        _ => "{" + string.Join(", ", Enumerable.Range(0, r.Next(0, 4)).Select(_ => $"\"{s_keys[r.Next(s_keys.Length)]}\": {RandomJson(r, depth - 1)}")) + "}",
    };

    private static byte[] Unicode(Random r, bool iris)
    {
        var text = Valid(r, iris, () => s_unicode[r.Next(s_unicode.Length)]);
        if (r.Next(3) == 0) text = text.Replace("\"" + Names(iris)[0] + "\"", "\"\\ud800" + Names(iris)[0] + "\"", StringComparison.Ordinal);
        var bytes = Utf8(text).ToList();
        if (r.Next(2) == 0) bytes.InsertRange(r.Next(bytes.Count), new byte[] { 0xC3, 0x28, 0xFF, 0xFE });
        return [.. bytes];
    }

    // Big but within the 16 MiB limit: many rows, or one very wide row.
    private static string HugeArray(Random r, bool iris)
    {
        var names = Names(iris);
        var row = "[" + string.Join(",", names.Select(_ => "0.5")) + "]";
        return r.Next(3) switch
        {
            0 => "{\"instances\": [" + string.Join(",", Enumerable.Repeat(row, 20_000)) + "]}",
            1 => "{\"inputs\": [[" + string.Join(",", Enumerable.Repeat("1", 200_000)) + "]]}",
            _ => "{\"data\": [" + string.Join(",", Enumerable.Repeat("[]", 100_000)) + "]}",
        };
    }

    private static string Mutate(Random r, bool iris)
    {
        var text = Valid(r, iris);
        for (var i = r.Next(1, 4); i > 0; i--)
        {
            var at = r.Next(text.Length);
            text = r.Next(4) switch
            {
                0 => text.Remove(at, Math.Min(r.Next(1, 6), text.Length - at)),
                1 => text.Insert(at, "\"" + s_keys[r.Next(s_keys.Length)] + "\""),
                2 => text.Insert(at, new[] { "[", "]", "{", "}", ",", ":", "\"", "\\" }[r.Next(8)]),
                _ => text.Replace("\"" + Names(iris)[r.Next(Names(iris).Length)] + "\"", "\"" + s_keys[r.Next(s_keys.Length)] + "\"", StringComparison.Ordinal),
            };
        }
        return text;
    }

    private static string Csv(Random r, bool iris)
    {
        var names = Names(iris).OrderBy(_ => r.Next()).Take(r.Next(1, Names(iris).Length + 1)).ToList();
        var sb = new StringBuilder(string.Join(r.Next(5) == 0 ? ";" : ",", names)).Append(r.Next(2) == 0 ? "\n" : "\r\n");
        for (var i = r.Next(0, 5); i > 0; i--)
            sb.Append(string.Join(",", names.Select(_ => r.Next(6) switch { 0 => "\"x,\"\"y\"", 1 => "", 2 => "1e400", 3 => "\"", 4 => "NaN", _ => Number(r) })))
              .Append(r.Next(4) == 0 ? "" : "\n");
        return sb.ToString();
    }

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 120 ? text : text[..120] + $"... ({body.Length} bytes)";
    }
}
