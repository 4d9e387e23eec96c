using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlopsKit.Models;

namespace MlopsKit.Serving;

/// <summary>
/// The tutorial's Flask-style <c>/predict</c> (serving.md §2): <c>POST</c>/<c>PUT</c> a JSON object of named features (or a list of
/// them, or <c>{"data": [[...]], "columns"?: [...]}</c>) and get <c>{"result": [...]}</c>, plus <c>"probabilities"</c> with <c>?proba=true</c>.
/// </summary>
/// <remarks>
/// The body is read as JSON whatever its Content-Type (Flask's <c>get_json(force=True)</c>). Results follow the model: the
/// predicted label for classifiers, as the label was trained (<c>"virginica"</c> for a model trained on species names, a number for
/// numeric labels), the value for regressors. A SeldonMessage body (<c>data</c> as an object, or top-level <c>jsonData</c>,
/// <c>strData</c>, <c>binData</c>, <c>customData</c> or <c>meta</c>) goes to <see cref="SeldonRoutes.RespondAsync"/>. Client mistakes
/// answer 400 <c>{"error": "..."}</c> naming the feature; <c>GET</c> answers 405 with an <c>Allow</c> header, as Flask does.
/// </remarks>
public static class FlaskRoutes
{
    private const string Allow = "OPTIONS, POST, PUT";
    private static readonly string[] s_seldonKeys = ["jsonData", "strData", "binData", "customData", "meta"];
    private static readonly string[] s_dataFormKeys = ["data", "columns", "proba"];

    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app, ServedModel model)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(model);
        var columns = TabularInput.Columns(model);
        app.MapMethods("/predict", [HttpMethods.Post, HttpMethods.Put], (HttpContext context) => PredictAsync(context, model, columns));
        app.MapGet("/predict", (HttpContext context) =>
        {
            context.Response.Headers.Allow = Allow;
            return ErrorJson.WriteAsync(context.Response, StatusCodes.Status405MethodNotAllowed,
                "405 Method Not Allowed: The method is not allowed for the requested URL. Send the features with POST (or PUT).");
        });
    }

    private static async Task PredictAsync(HttpContext context, ServedModel model, IReadOnlyList<InputColumn> columns)
    {
        var body = await RequestBody.ReadAsync(context.Request).ConfigureAwait(false);
        using var document = RequestBody.TryParse(body, out var parseError);
        if (document is null)
        {
            await ErrorJson.WriteAsync(context.Response, StatusCodes.Status400BadRequest, $"the request body is not valid JSON: {parseError}").ConfigureAwait(false);
            return;
        }
        var root = document.RootElement;
        if (IsSeldonMessage(root))
        {
            await SeldonRoutes.RespondAsync(context, model, root).ConfigureAwait(false);
            return;
        }
        List<IReadOnlyDictionary<string, object?>> rows;
        bool proba;
        IReadOnlyList<IReadOnlyDictionary<string, object?>> outputs;
        try
        {
            try
            {
                proba = ParseProbaQuery(context.Request.Query["proba"]);
                (rows, var bodyProba) = ParseBody(root, columns);
                proba |= bodyProba;
            }
            catch (InvalidOperationException e)
            {
                // JsonElement.GetString on an escaped lone surrogate ("\ud800") is the only way reading valid JSON can throw this.
                throw new MalformedRequestException($"the JSON holds text that is not valid Unicode ({e.Message}).");
            }
            CheckFeatures(rows, columns);
            TabularInput.Validate(rows, columns, "the request");
            outputs = model.Scorer.Predict(rows);
        }
        catch (Exception e) when (e is MalformedRequestException or ModelInputException)
        {
            await ErrorJson.WriteAsync(context.Response, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await ErrorJson.WriteAsync(context.Response, StatusCodes.Status400BadRequest,
                $"the model could not score this input ({e.GetType().Name}: {e.Message}); check the feature values.").ConfigureAwait(false);
            return;
        }
        if (proba && !HasProbabilities(outputs))
        {
            await ErrorJson.WriteAsync(context.Response, StatusCodes.Status400BadRequest,
                "proba=true needs a classifier; this model returns no class scores (it has no Score vector or Probability column).").ConfigureAwait(false);
            return;
        }
        await PredictionJson.SendAsync(context.Response, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("result");
            PredictionJson.WriteResults(w, outputs);
            if (proba)
            {
                w.WriteStartArray("probabilities");
                foreach (var row in outputs) PredictionJson.WriteValue(w, Probabilities(row));
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    // serving.md §2 "Clash": data as an object, or a SeldonMessage-only top-level key.
    private static bool IsSeldonMessage(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            || s_seldonKeys.Any(k => root.TryGetProperty(k, out _)));

    private static (List<IReadOnlyDictionary<string, object?>> Rows, bool Proba) ParseBody(JsonElement root, IReadOnlyList<InputColumn> columns)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                return (TabularInput.FromRows(root, columns, "the list"), false);
            case JsonValueKind.Object when root.TryGetProperty("data", out var data) && !columns.Any(c => c.Name == "data"):
                var unknown = root.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !s_dataFormKeys.Contains(n, StringComparer.Ordinal));
                if (unknown is not null)
                    throw new MalformedRequestException($"unknown key '{TabularInput.Echo(unknown)}' beside \"data\"; the rows form takes \"data\", optional \"columns\" and \"proba\".");
                if (data.ValueKind != JsonValueKind.Array)
                    throw new MalformedRequestException($"\"data\" must be a list of rows such as [[5.9, 3.0, 5.1, 1.8]], got {TabularInput.Kind(data)}.");
                return (TabularInput.FromSplit(root, columns, "the body"), ReadProba(root));
            case JsonValueKind.Object:
                var row = TabularInput.FromRow(root, columns, "the body");
                var flag = false;
                if (!columns.Any(c => c.Name == "proba") && row.Remove("proba"))
                    flag = ReadProba(root);
                return ([row], flag);
            default:
                throw new MalformedRequestException($"the body must be a JSON object of named features such as {{\"{(columns.Count > 0 ? TabularInput.Echo(columns[0].Name) : "x")}\": 1.0, ...}}, "
                    + $"a list of them, or {{\"data\": [[...]]}}; got {TabularInput.Kind(root)}.");
        }
    }

    private static bool ReadProba(JsonElement root) =>
        !root.TryGetProperty("proba", out var p) || p.ValueKind is JsonValueKind.Null ? false
        : p.ValueKind is JsonValueKind.True or JsonValueKind.False ? p.GetBoolean()
        : throw new MalformedRequestException($"\"proba\" must be true or false, got {TabularInput.Kind(p)}.");

    private static bool ParseProbaQuery(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "false" or "0" or "no" => false,
        "true" or "1" or "yes" => true,
        _ => throw new MalformedRequestException($"query parameter proba must be true or false, got '{TabularInput.Echo(value)}'."),
    };

    // The tutorial's server needs every feature and knows no others; say which one is wrong.
    private static void CheckFeatures(List<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<InputColumn> columns)
    {
        var known = columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var expected = string.Join(", ", columns.Select(c => c.Name));
        for (var i = 0; i < rows.Count; i++)
        {
            var where = rows.Count == 1 ? "" : $" in row {i}";
            var unknown = rows[i].Keys.FirstOrDefault(k => !known.Contains(k));
            if (unknown is not null)
                throw new MalformedRequestException($"unknown feature '{TabularInput.Echo(unknown)}'{where}; the model takes {expected}.");
            var missing = columns.FirstOrDefault(c => c.Required && !rows[i].ContainsKey(c.Name));
            if (missing is not null)
                throw new MalformedRequestException($"missing feature '{missing.Name}'{where}; the model takes {expected}.");
        }
    }

    private static bool HasProbabilities(IReadOnlyList<IReadOnlyDictionary<string, object?>> outputs) =>
        outputs.Count > 0 && Probabilities(outputs[0]) is not null;

    // Class probabilities: the Score vector (multiclass trainers give softmax probabilities), or [1 - p, p] for binary classifiers.
    private static float[]? Probabilities(IReadOnlyDictionary<string, object?> row) =>
        row.TryGetValue(PredictionJson.Score, out var score) && score is float[] vector ? vector
        : row.TryGetValue(PredictionJson.Probability, out var p) && p is float probability ? [1 - probability, probability]
        : null;
}
