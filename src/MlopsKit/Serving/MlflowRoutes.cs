using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlopsKit.Models;

namespace MlopsKit.Serving;

/// <summary>
/// MLflow's scoring route, <c>POST /invocations</c> (serving.md §1): JSON (<c>dataframe_split</c>, <c>dataframe_records</c>,
/// <c>instances</c>, <c>inputs</c>, plus the 1.x <c>{"columns", "data"}</c> body as an extension) or CSV in, <c>{"predictions": [...]}</c> out.
/// </summary>
/// <remarks>
/// Predictions: a classifier returns its predicted labels (<c>PredictedLabel</c>, as sklearn's pyfunc does), a single-output
/// model (a regressor) that output's values, anything else one object per row. Errors are MLflow's
/// <c>{"error_code", "message"}</c> with 400 (415 text/plain for content types); client input never causes a 5xx.
/// </remarks>
public static class MlflowRoutes
{
    /// <summary>The JSON format keys, in the order messages list them.</summary>
    private static readonly string[] s_formats = ["dataframe_split", "dataframe_records", "instances", "inputs"];

    private const string BadRequest = "BAD_REQUEST";
    private const string InvalidParameterValue = ModelInputException.ErrorCode;

    private const string RequiredFormat = "The input must be a JSON dictionary with exactly one of the input fields "
        + "{'dataframe_split', 'dataframe_records', 'instances', 'inputs'}";

    private const string ProtocolChange = "IMPORTANT: The MLflow Model scoring protocol has changed in MLflow version 2.0. If you are seeing this"
        + " error, you are likely using an outdated scoring request format. To resolve the error, update your request format: wrap the data in"
        + " one of the input fields above, e.g. {\"dataframe_split\": {\"columns\": [...], \"data\": [[...]]}} with Content-Type application/json."
        + " See https://mlflow.org/docs/latest/models.html#deploy-mlflow-models.";

    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app, ServedModel model)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(model);
        var columns = TabularInput.Columns(model);
        app.MapPost("/invocations", (HttpContext context) => InvokeAsync(context, model, columns));
    }

    private static async Task InvokeAsync(HttpContext context, ServedModel model, IReadOnlyList<InputColumn> columns)
    {
        var contentType = context.Request.ContentType;
        var (mime, unsupported) = CheckContentType(contentType);
        if (unsupported is not null)
        {
            await Results.Text(unsupported, "text/plain", statusCode: StatusCodes.Status415UnsupportedMediaType).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        var body = await RequestBody.ReadAsync(context.Request).ConfigureAwait(false);
        JsonDocument? document = null;
        try
        {
            List<IReadOnlyDictionary<string, object?>> rows;
            string what;
            try
            {
                if (mime == "text/csv")
                {
                    rows = TabularInput.FromCsv(body, columns);
                    what = "the CSV body";
                }
                else
                {
                    document = RequestBody.TryParse(body, out var error);
                    if (document is null)
                        throw new MalformedRequestException($"Invalid input. Ensure that input is a valid JSON formatted string. Error: '{error}'");
                    (rows, what) = ParseJson(document.RootElement, columns);
                }
            }
            catch (InvalidOperationException e)
            {
                // JsonElement.GetString on an escaped lone surrogate ("\ud800") is the only way parsing valid JSON can throw this.
                throw new MalformedRequestException($"Invalid input. The JSON holds text that is not valid Unicode ({e.Message}).");
            }
            IReadOnlyList<IReadOnlyDictionary<string, object?>> outputs;
            try
            {
                TabularInput.Validate(rows, columns, what);
                outputs = model.Scorer.Predict(rows);
            }
            catch (ModelInputException e)
            {
                var data = Describe(rows);
                await SendErrorAsync(context, InvalidParameterValue,
                    $"Failed to predict data '{data}'. Error: Failed to enforce schema of data '{data}' with schema '{SchemaText(model)}'. Error: {e.Message}").ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not (OperationCanceledException or MalformedRequestException))
            {
                await SendErrorAsync(context, BadRequest, "Encountered an unexpected error while evaluating the model. Verify that the serialized input"
                    + $" Dataframe is compatible with the model for inference. Error: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
                return;
            }
            await PredictionJson.SendAsync(context.Response, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("predictions");
                PredictionJson.WriteResults(w, outputs);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        catch (MalformedRequestException e)
        {
            await SendErrorAsync(context, BadRequest, e.Message).ConfigureAwait(false);
        }
        finally
        {
            document?.Dispose();
        }
    }

    // MLflow's rules: the MIME type is the part before ';'; only a utf-8 charset may follow.
    private static (string Mime, string? Unsupported) CheckContentType(string? contentType)
    {
        var parts = (contentType ?? "").Split(';').Select(p => p.Trim()).ToArray();
        var mime = parts[0].ToLowerInvariant();
        var parameters = parts.Skip(1).Where(p => p.Length > 0).Select(p =>
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            return eq < 0 ? (Key: p, Value: "") : (Key: p[..eq].Trim(), Value: p[(eq + 1)..].Trim().Trim('"'));
        }).ToList();
        var charset = parameters.LastOrDefault(p => p.Key.Equals("charset", StringComparison.OrdinalIgnoreCase));
        if (charset.Key is not null && !charset.Value.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return (mime, "The scoring server only supports UTF-8");
        var unknown = parameters.Where(p => !p.Key.Equals("charset", StringComparison.OrdinalIgnoreCase)).Select(p => p.Key).Distinct().ToList();
        if (unknown.Count > 0)
            return (mime, $"Unrecognized content type parameters: {string.Join(", ", unknown)}. {ProtocolChange}");
        if (mime is not ("application/json" or "text/csv"))
            return (mime, $"This predictor only supports the following content types: Types: ['text/csv', 'application/json']. Got '{contentType ?? ""}'.");
        return (mime, null);
    }

    private static (List<IReadOnlyDictionary<string, object?>> Rows, string What) ParseJson(JsonElement root, IReadOnlyList<InputColumn> columns)
    {
        if (root.ValueKind == JsonValueKind.Array)
            throw new MalformedRequestException($"Invalid input. {RequiredFormat}. Received a list. {ProtocolChange}");
        if (root.ValueKind != JsonValueKind.Object)
            throw new MalformedRequestException($"Invalid input. {RequiredFormat}. Received unexpected input type '{TabularInput.Kind(root)}'.");
        var keys = root.EnumerateObject().Select(p => p.Name).ToList();
        var formats = s_formats.Where(f => root.TryGetProperty(f, out _)).ToList();
        if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            throw new MalformedRequestException($"Invalid input. \"params\" must be a JSON object of inference parameters, got {TabularInput.Kind(parameters)}.");
        // MLflow 1.x's split body ({"columns": [...], "data": [[...]]}), as the tutorial's curl sends it: our documented extension.
        if (formats.Count == 0 && root.TryGetProperty("columns", out _) && root.TryGetProperty("data", out _))
            return (TabularInput.FromSplit(root, columns, "the MLflow 1.x body"), "the MLflow 1.x body");
        if (formats.Count != 1)
            throw new MalformedRequestException($"{RequiredFormat}. Received dictionary with input fields: {TabularInput.PyList(keys.Take(20))}. {ProtocolChange}");
        var format = formats[0];
        var value = root.GetProperty(format);
        var rows = format switch
        {
            "dataframe_split" => TabularInput.FromSplit(value, columns, format),
            "dataframe_records" => TabularInput.FromRecords(value, format),
            _ when value.ValueKind == JsonValueKind.Object => TabularInput.FromColumns(value, columns, format),
            _ => TabularInput.FromRows(value, columns, format),
        };
        return (rows, format);
    }

    private static Task SendErrorAsync(HttpContext context, string errorCode, string message) =>
        PredictionJson.SendAsync(context.Response, StatusCodes.Status400BadRequest, w =>
        {
            w.WriteStartObject();
            w.WriteString("error_code", errorCode);
            w.WriteString("message", message);
            w.WriteEndObject();
        });

    private static string SchemaText(ServedModel model) =>
        model.Signature is { } s ? string.Join(", ", s.Inputs.Select(i => i.Name is null ? $"Tensor({i})" : $"'{i.Name}': {(i as ColumnSpec)?.Type ?? "tensor"} ({(i.Required ? "required" : "optional")})"))
            : "(no signature)";

    // A short, pandas-like view of the first rows for messages.
    private static string Describe(List<IReadOnlyDictionary<string, object?>> rows)
    {
        try
        {
            return DescribeRows(rows);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return $"({rows.Count} rows)"; // text the writer refuses (a lone surrogate) is not worth failing the error message for
        }
    }

    private static string DescribeRows(List<IReadOnlyDictionary<string, object?>> rows)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var row in rows.Take(3))
            {
                w.WriteStartObject();
                foreach (var (name, value) in row.Take(12))
                {
                    w.WritePropertyName(TabularInput.Echo(name));
                    PredictionJson.WriteValue(w, value is JsonElement { ValueKind: JsonValueKind.Array or JsonValueKind.Object } e ? TabularInput.Echo(e.GetRawText()) : value);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        var text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (text.Length > 300) text = string.Concat(text.AsSpan(0, 300), "...");
        return rows.Count > 3 ? $"{text} ({rows.Count} rows)" : text;
    }
}
