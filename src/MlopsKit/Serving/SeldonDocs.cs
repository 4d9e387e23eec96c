using System.Net;
using System.Text;
using System.Text.Json;

namespace MlopsKit.Serving;

/// <summary>
/// What the Seldon routes say about themselves: <c>/api/v1.0/metadata</c> (<c>SeldonModelMetadata</c>), an OpenAPI 3 document of this
/// server's routes with the model's feature names, and an offline HTML page (no CDN, no scripts) that lists them.
/// </summary>
internal static class SeldonDocs
{
    public static byte[] Metadata(ServedModel model, ServingLayout layout) => WireValues.ToBytes(w =>
    {
        w.WriteStartObject();
        w.WriteString("name", model.Name);
        w.WriteStartArray("versions");
        w.WriteStringValue(model.Version);
        w.WriteEndArray();
        w.WriteString("platform", "mlnet");
        w.WriteStartArray("inputs");
        w.WriteStartObject();
        w.WriteString("messagetype", "tensor");
        w.WriteStartObject("schema");
        w.WriteStartArray("names");
        foreach (var input in layout.Inputs) w.WriteStringValue(input.Name);
        w.WriteEndArray();
        w.WriteStartArray("shape");
        w.WriteNumberValue(layout.Inputs.Count);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("outputs");
        w.WriteStartObject();
        w.WriteString("messagetype", "tensor");
        w.WriteStartObject("schema");
        var names = SeldonMessageWriter.ClassNames(layout);
        w.WriteStartArray("names");
        foreach (var name in names) w.WriteStringValue(name);
        w.WriteEndArray();
        w.WriteStartArray("shape");
        w.WriteNumberValue(Math.Max(names.Count, 1));
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("custom");
        if (model.RunId is { } run) w.WriteString("run_id", run);
        if (model.DataMd5 is { } md5) w.WriteString("data_md5", md5);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>The routes the documentation lists: method, path, summary.</summary>
    public static IReadOnlyList<(string Method, string Path, string Summary)> Routes { get; } =
    [
        ("post", "/api/v1.0/predictions", "Seldon prediction: a SeldonMessage with data.ndarray, data.tensor or jsonData; answers class probabilities (t:0, t:1, ...) or scores."),
        ("post", "/api/v0.1/predictions", "The same, under the older API version."),
        ("post", "/seldon/{namespace}/{deployment}/api/v1.0/predictions", "The same, under the ingress prefix."),
        ("get", "/health/ping", "Liveness: the text pong."),
        ("get", "/health/status", "Readiness: a SeldonMessage with a prediction on the model's input example."),
        ("get", "/api/v1.0/health/status", "The same as /health/status."),
        ("get", "/api/v1.0/metadata", "Seldon model metadata: name, versions, platform, inputs, outputs, custom (run_id, data_md5)."),
        ("get", "/metadata", "The same as /api/v1.0/metadata."),
        ("get", "/v2", "Open Inference Protocol: server metadata."),
        ("get", "/v2/health/live", "Open Inference Protocol: liveness."),
        ("get", "/v2/health/ready", "Open Inference Protocol: readiness."),
        ("get", "/v2/models/{name}", "Open Inference Protocol: model metadata (also under /versions/{version})."),
        ("get", "/v2/models/{name}/ready", "Open Inference Protocol: model readiness."),
        ("post", "/v2/models/{name}/infer", "Open Inference Protocol: inference on typed tensors (also under /versions/{version})."),
    ];

    public static byte[] OpenApi(ServedModel model, ServingLayout layout) => WireValues.ToBytes(w =>
    {
        w.WriteStartObject();
        w.WriteString("openapi", "3.0.3");
        w.WriteStartObject("info");
        w.WriteString("title", $"MlopsKit model server: {model.Name}");
        w.WriteString("version", model.Version);
        w.WriteString("description", $"Seldon Core v1 and Open Inference Protocol routes serving '{model.Name}' (features: {SeldonMessageReader.Features(layout)}).");
        w.WriteEndObject();
        w.WriteStartObject("paths");
        foreach (var group in Routes.GroupBy(r => r.Path))
        {
            w.WriteStartObject(group.Key);
            foreach (var (method, path, summary) in group)
            {
                w.WriteStartObject(method);
                w.WriteString("summary", summary);
                var parameters = path.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')).ToList();
                if (parameters.Count > 0)
                {
                    w.WriteStartArray("parameters");
                    foreach (var p in parameters)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", p);
                        w.WriteString("in", "path");
                        w.WriteBoolean("required", true);
                        w.WriteStartObject("schema");
                        w.WriteString("type", "string");
                        w.WriteEndObject();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                var seldon = path.Contains("predictions", StringComparison.Ordinal);
                if (method == "post")
                {
                    w.WriteStartObject("requestBody");
                    w.WriteBoolean("required", true);
                    WriteContent(w, seldon ? "SeldonMessage" : "InferenceRequest");
                    w.WriteEndObject();
                }
                w.WriteStartObject("responses");
                w.WriteStartObject("200");
                w.WriteString("description", "OK");
                if (seldon) WriteContent(w, "SeldonMessage");
                w.WriteEndObject();
                if (method == "post")
                {
                    w.WriteStartObject("400");
                    w.WriteString("description", "Bad input");
                    WriteContent(w, seldon ? "SeldonError" : "InferenceError");
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("components");
        w.WriteStartObject("schemas");
        WriteSchemas(w, layout);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }, indented: true);

    private static void WriteContent(Utf8JsonWriter w, string schema)
    {
        w.WriteStartObject("content");
        w.WriteStartObject("application/json");
        w.WriteStartObject("schema");
        w.WriteString("$ref", "#/components/schemas/" + schema);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteSchemas(Utf8JsonWriter w, ServingLayout layout)
    {
        w.WriteStartObject("SeldonMessage");
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        w.WriteStartObject("data");
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        w.WriteStartObject("names");
        w.WriteString("type", "array");
        w.WriteStartObject("items");
        w.WriteString("type", "string");
        w.WriteStartArray("enum");
        foreach (var input in layout.Inputs) w.WriteStringValue(input.Name);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("ndarray");
        w.WriteString("type", "array");
        w.WriteString("description", $"Rows of {layout.Inputs.Count} features in this order: {SeldonMessageReader.Features(layout)}.");
        w.WriteStartObject("items");
        w.WriteString("type", "array");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("tensor");
        w.WriteString("type", "object");
        w.WriteString("description", $"shape [rows, {layout.Inputs.Count}] and the values row-major.");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("jsonData");
        w.WriteString("type", "object");
        w.WriteString("description", "One object of named features, or a list of them.");
        w.WriteStartObject("properties");
        foreach (var input in layout.Inputs)
        {
            w.WriteStartObject(input.Name);
            w.WriteString("type", input.IsNumeric ? "number" : input.Type == "boolean" ? "boolean" : "string");
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("meta");
        w.WriteString("type", "object");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("example");
        w.WriteStartObject("data");
        w.WriteStartArray("names");
        foreach (var input in layout.Inputs) w.WriteStringValue(input.Name);
        w.WriteEndArray();
        w.WriteStartArray("ndarray");
        w.WriteStartArray();
        foreach (var input in layout.Inputs) WireValues.Write(w, layout.ExampleRow.GetValueOrDefault(input.Name));
        w.WriteEndArray();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("SeldonError");
        w.WriteString("type", "object");
        w.WriteString("description", "{\"status\": {\"status\": 1, \"info\": \"...\", \"code\": -1, \"reason\": \"MICROSERVICE_BAD_DATA\"}}");
        w.WriteEndObject();
        w.WriteStartObject("InferenceRequest");
        w.WriteString("type", "object");
        w.WriteString("description", $"Open Inference Protocol request: one FP32 tensor 'input-0' of shape [rows, {layout.Inputs.Count}], or one tensor per feature named {SeldonMessageReader.Features(layout)}.");
        w.WriteStartArray("required");
        w.WriteStringValue("inputs");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("InferenceError");
        w.WriteString("type", "object");
        w.WriteString("description", "{\"error\": \"<what is wrong>\"}");
        w.WriteEndObject();
    }

    public static string Html(ServedModel model, ServingLayout layout)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var example = Encoding.UTF8.GetString(WireValues.ToBytes(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            w.WriteStartArray("ndarray");
            w.WriteStartArray();
            foreach (var input in layout.Inputs) WireValues.Write(w, layout.ExampleRow.GetValueOrDefault(input.Name));
            w.WriteEndArray();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }));
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(model.Name)).Append(" — MlopsKit model server</title>\n")
            .Append("<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}code,pre{background:#f4f4f4}td{padding:.2em .8em;vertical-align:top}</style></head><body>\n")
            .Append("<h1>").Append(E(model.Name)).Append(" (version ").Append(E(model.Version)).Append(")</h1>\n")
            .Append("<p>Features, in order: <code>").Append(E(SeldonMessageReader.Features(layout))).Append("</code>. ")
            .Append("Machine-readable: <a href=\"openapi.json\">openapi.json</a> (OpenAPI 3).</p>\n<table>\n");
        foreach (var (method, path, summary) in Routes)
            sb.Append("<tr><td>").Append(method.ToUpperInvariant()).Append("</td><td><code>").Append(E(path)).Append("</code></td><td>").Append(E(summary)).Append("</td></tr>\n");
        sb.Append("</table>\n<h2>Example</h2>\n<pre>curl -s -H 'Content-Type: application/json' \\\n  -d '")
            .Append(E(example)).Append("' \\\n  http://HOST:PORT/api/v1.0/predictions</pre>\n</body></html>\n");
        return sb.ToString();
    }
}
