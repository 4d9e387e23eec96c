#:sdk Microsoft.NET.Sdk.Web
#:project ../src/MlopsKit/MlopsKit.csproj
#:property PublishAot=false

// The ceiling for bench/serving.sh: a bare Kestrel endpoint (slim builder, no logging, like ModelServer) that parses the JSON
// body of any POST and answers a constant, so the serving rows can be read as a fraction of what Kestrel itself does here.
// With --model DIR it also scores the body (the tutorial's object of named features) with PooledScorer and answers
// {"result": [label]}: a minimal route around the scorer, no metrics or lineage, to show what a full route has left to spend.
// Usage: dotnet run -c Release bench/bare-kestrel.cs -- [--port 0] [--model DIR [--workers N]]   (prints "listening on http://127.0.0.1:<port>")
using System.Globalization;
using System.Net;
using System.Text.Json;
using MlopsKit.Models;
using MlopsKit.Serving;

var port = Arg("--port") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : 0;
var workers = Arg("--workers") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : Environment.ProcessorCount;
var scorer = Arg("--model") is { } dir ? new PooledScorer(await MlflowModel.LoadAsync(dir), workers) : null;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.Listen(IPAddress.Loopback, port);
});
var app = builder.Build();
var answer = """{"result":[2]}"""u8.ToArray();
app.MapGet("/ping", () => Results.Text("\n", "application/json"));
app.MapPost("/{**path}", async (HttpContext context) =>
{
    using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
    if (body.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) return Results.BadRequest();
    if (scorer is null) return Results.Bytes(answer, "application/json");
    if (body.RootElement.ValueKind is not JsonValueKind.Object) return Results.BadRequest();
    IReadOnlyDictionary<string, object?> row = body.RootElement.EnumerateObject().ToDictionary(x => x.Name, x => (object?)x.Value, StringComparer.Ordinal);
    var label = scorer.Predict([row])[0]["PredictedLabel"];
    using var buffer = new MemoryStream();
    using (var w = new Utf8JsonWriter(buffer))
    {
        w.WriteStartObject();
        w.WriteStartArray("result");
        w.WriteStringValue(label?.ToString());
        w.WriteEndArray();
        w.WriteEndObject();
    }
    return Results.Bytes(buffer.ToArray(), "application/json");
});
await app.StartAsync();
Console.WriteLine($"listening on {app.Urls.First()}");
await app.WaitForShutdownAsync();

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
