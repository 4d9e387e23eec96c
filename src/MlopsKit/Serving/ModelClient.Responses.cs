using System.Globalization;
using System.Text.Json;

namespace MlopsKit.Serving;

/// <summary>Reading each protocol's answer and error bodies.</summary>
public sealed partial class ModelClient
{
    // Preferred output names when a row is an object (MLflow DataFrame output) or a V2 response has several outputs.
    private static readonly string[] s_labelNames = ["PredictedLabel", "predicted_label", "label", "prediction", "predictions", "result", "class", "output-0", "Score"];
    private static readonly string[] s_probabilityNames = ["probabilities", "probability", "proba", "Probability", "Score", "scores"];

    private ModelPrediction Read(ServingProtocol protocol, HttpResponseMessage response, string text, int rowCount, HttpRequestMessage request)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ModelServerException($"{request.Method} {Url(request)} answered {Status(response)} with a body that is not JSON: {Excerpt(text)}",
                (int)response.StatusCode, Excerpt(text), inner: e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            (List<object?> Predictions, List<IReadOnlyList<double>>? Probabilities)? read = protocol switch
            {
                ServingProtocol.Mlflow when Property(root, "predictions") is { } p => Outputs(p),
                ServingProtocol.Flask when Property(root, "result") is { ValueKind: JsonValueKind.Array } r =>
                    (r.EnumerateArray().Select(Plain).ToList(), Property(root, "probabilities") is { ValueKind: JsonValueKind.Array } pr ? ProbabilityRows(pr) : null),
                ServingProtocol.Seldon when Property(root, "data") is { ValueKind: JsonValueKind.Object } d => SeldonOutputs(d),
                ServingProtocol.OpenInference when Property(root, "outputs") is { ValueKind: JsonValueKind.Array } o => OpenInferenceOutputs(o, rowCount),
                _ => null,
            };
            if (read is not { } r2)
            {
                var expected = protocol switch
                {
                    ServingProtocol.Mlflow => "\"predictions\"",
                    ServingProtocol.Flask => "\"result\"",
                    ServingProtocol.Seldon => "\"data\"",
                    _ => "\"outputs\"",
                };
                throw new ModelServerException($"{request.Method} {Url(request)} answered {Status(response)} without {expected}: {Excerpt(text)}",
                    (int)response.StatusCode, Excerpt(text));
            }
            return new ModelPrediction
            {
                Protocol = protocol,
                Predictions = r2.Predictions,
                Probabilities = r2.Probabilities,
                ModelName = Property(root, "model_name")?.GetString() ?? Header(response, LineageHeaders.ModelName),
                ModelVersion = Property(root, "model_version")?.GetString() ?? Header(response, LineageHeaders.ModelVersion),
                RawJson = text,
            };
        }
    }

    // MLflow: a list of scalars, of probability rows, or of row objects; or an object of columns ({"label": [...], "proba": [[...]]}).
    private static (List<object?>, List<IReadOnlyList<double>>?) Outputs(JsonElement predictions)
    {
        if (predictions.ValueKind == JsonValueKind.Object)
        {
            var columns = predictions.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            var label = Pick(columns, s_labelNames, c => c.EnumerateArray().All(IsScalar));
            var proba = Pick(columns, s_probabilityNames, IsMatrix);
            return (label is { } l ? l.EnumerateArray().Select(Plain).ToList() : proba is { } p0 ? ProbabilityRows(p0).Select(r => (object?)Argmax(r)).ToList() : [],
                proba is { } p ? ProbabilityRows(p) : null);
        }
        if (predictions.ValueKind != JsonValueKind.Array) return ([Plain(predictions)], null);
        var rows = predictions.EnumerateArray().ToList();
        if (rows.All(IsScalar)) return (rows.Select(Plain).ToList(), null);
        if (rows.All(IsNumberList)) return Matrix(predictions, null);
        var predicted = new List<object?>(rows.Count);
        var probabilities = new List<IReadOnlyList<double>>(rows.Count);
        foreach (var row in rows)
        {
            if (row.ValueKind != JsonValueKind.Object)
            {
                predicted.Add(Plain(row));
                continue;
            }
            var fields = row.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            var proba = Pick(fields, s_probabilityNames, IsNumberList);
            var label = Pick(fields, s_labelNames, IsScalar) ?? fields.Values.Cast<JsonElement?>().FirstOrDefault(v => IsScalar(v!.Value));
            if (proba is { } p) probabilities.Add(Numbers(p));
            predicted.Add(label is { } l ? Plain(l) : proba is { } p2 ? Argmax(Numbers(p2)) : null);
        }
        return (predicted, probabilities.Count == rows.Count ? probabilities : null);
    }

    // Seldon: data.ndarray (rows) or data.tensor {shape, values}; 2-D numbers are per-class scores, named by data.names.
    private static (List<object?>, List<IReadOnlyList<double>>?)? SeldonOutputs(JsonElement data)
    {
        var names = Property(data, "names") is { ValueKind: JsonValueKind.Array } n ? n.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [];
        if (Property(data, "ndarray") is { ValueKind: JsonValueKind.Array } ndarray)
        {
            var rows = ndarray.EnumerateArray().ToList();
            if (rows.All(IsScalar)) return (rows.Select(Plain).ToList(), null);
            if (rows.All(r => r.ValueKind == JsonValueKind.Array && r.GetArrayLength() == 1)) return (rows.Select(r => Plain(r[0])).ToList(), null);
            if (rows.All(IsNumberList)) return Matrix(ndarray, names);
            return (rows.Select(Plain).ToList(), null);
        }
        if (Property(data, "tensor") is { ValueKind: JsonValueKind.Object } tensor && Property(tensor, "values") is { ValueKind: JsonValueKind.Array } values)
        {
            var shape = Property(tensor, "shape") is { ValueKind: JsonValueKind.Array } s ? s.EnumerateArray().Select(x => x.GetInt32()).ToList() : [values.GetArrayLength()];
            var flat = values.EnumerateArray().Select(v => v.GetDouble()).ToList();
            if (shape.Count < 2 || shape[1] == 1) return (flat.Cast<object?>().ToList(), null);
            var rows = flat.Chunk(shape[1]).Select(c => (IReadOnlyList<double>)c).ToList();
            return (rows.Select(r => ClassOf(r, names)).ToList(), rows);
        }
        return null;
    }

    // V2: outputs[] of {name, shape, datatype, data (flat or nested)}; a [n] or [n,1] output is the prediction, an [n,k] float one the scores.
    private static (List<object?>, List<IReadOnlyList<double>>?) OpenInferenceOutputs(JsonElement outputs, int rowCount)
    {
        var tensors = outputs.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.Object).Select(o => new Tensor(
            Property(o, "name")?.GetString() ?? "",
            Property(o, "shape") is { ValueKind: JsonValueKind.Array } s ? s.EnumerateArray().Select(x => x.GetInt64()).ToList() : [],
            Property(o, "datatype")?.GetString() ?? "",
            Property(o, "data") is { ValueKind: JsonValueKind.Array } d ? Flatten(d) : [])).ToList();
        var vectors = tensors.Where(t => t.Shape.Count == 1 || t.Shape.Count == 2 && t.Shape[1] == 1).ToList();
        var matrices = tensors.Where(t => t.Shape.Count == 2 && t.Shape[1] > 1 && t.Datatype.StartsWith("FP", StringComparison.Ordinal)).ToList();
        var label = Preferred(vectors, s_labelNames);
        var scores = Preferred(matrices, s_probabilityNames);
        var probabilities = scores?.Data.Select(e => e.GetDouble()).Chunk((int)scores.Shape[1]).Select(c => (IReadOnlyList<double>)c).ToList();
        var predictions = label is not null ? label.Data.Select(Plain).ToList()
            : probabilities is not null ? probabilities.Select(r => (object?)Argmax(r)).ToList()
            : tensors.Count > 0 ? tensors[0].Data.Take(rowCount).Select(Plain).ToList() : [];
        return (predictions, probabilities);
    }

    private static Tensor? Preferred(List<Tensor> tensors, string[] names) =>
        names.Select(n => tensors.FirstOrDefault(t => t.Name == n)).OfType<Tensor>().FirstOrDefault() ?? tensors.FirstOrDefault();

    private sealed record Tensor(string Name, List<long> Shape, string Datatype, List<JsonElement> Data);

    private static (List<object?>, List<IReadOnlyList<double>>?) Matrix(JsonElement rows, IReadOnlyList<string>? names)
    {
        var probabilities = ProbabilityRows(rows);
        return (probabilities.Select(r => ClassOf(r, names)).ToList(), probabilities);
    }

    // The best class: its name when the names are class names, else its index (Seldon's t:0, t:1, ... are column numbers).
    private static object? ClassOf(IReadOnlyList<double> scores, IReadOnlyList<string>? names)
    {
        var best = Argmax(scores);
        return names is { Count: > 0 } && names.Count == scores.Count && !names.Any(n => n.StartsWith("t:", StringComparison.Ordinal)) ? names[(int)best] : best;
    }

    private static long Argmax(IReadOnlyList<double> scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Count; i++)
            if (scores[i] > scores[best]) best = i;
        return best;
    }

    private static List<IReadOnlyList<double>> ProbabilityRows(JsonElement rows) =>
        rows.EnumerateArray().Select(r => (IReadOnlyList<double>)(r.ValueKind == JsonValueKind.Array ? Numbers(r) : [])).ToList();

    private static double[] Numbers(JsonElement list) => list.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray();

    private static List<JsonElement> Flatten(JsonElement data) =>
        data.EnumerateArray().SelectMany(e => e.ValueKind == JsonValueKind.Array ? Flatten(e) : [e]).ToList();

    private static JsonElement? Pick(Dictionary<string, JsonElement> fields, string[] preferred, Func<JsonElement, bool> fits) =>
        preferred.Where(fields.ContainsKey).Select(n => fields[n]).Concat(fields.Values).Where(fits).Cast<JsonElement?>().FirstOrDefault();

    private static bool IsScalar(JsonElement e) => e.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;

    private static bool IsNumberList(JsonElement e) => e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0 && e.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number);

    private static bool IsMatrix(JsonElement e) => e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(IsNumberList);

    // JSON → CLR: string, long for integral numbers, double otherwise, bool, null, object?[] for lists.
    private static object? Plain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number when e.TryGetInt64(out var l) && !e.GetRawText().Contains('.', StringComparison.Ordinal) && !e.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase) => l,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToArray(),
        JsonValueKind.Object => e.Clone(),
        _ => null,
    };

    private static JsonElement? Property(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    // Any protocol's error body: MLflow {"error_code", "message"}, Flask and V2 {"error"}, Seldon {"status": {"info", "reason"}}, else the text.
    private ModelServerException Error(HttpRequestMessage request, HttpResponseMessage response, string text)
    {
        string? message = null;
        string? code = null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (Property(root, "message") is { ValueKind: JsonValueKind.String } m)
            {
                message = m.GetString();
                code = Property(root, "error_code")?.ToString();
            }
            else if (Property(root, "error") is { } error)
            {
                message = error.ValueKind == JsonValueKind.String ? error.GetString() : Property(error, "message")?.ToString() ?? error.GetRawText();
            }
            else if (Property(root, "status") is { ValueKind: JsonValueKind.Object } seldon)
            {
                message = Property(seldon, "info")?.ToString();
                code = Property(seldon, "reason")?.ToString();
            }
        }
        catch (JsonException)
        {
            // Not JSON: MLflow's 415 answers are text/plain; a proxy may send HTML.
        }
        message ??= text.Trim().Length > 0 ? Excerpt(text) : null;
        var status = (int)response.StatusCode;
        var detail = message ?? (status == 404 ? "no such route on this server (is it serving this protocol?)" : "no error text");
        return new ModelServerException($"{request.Method} {Url(request)} answered {Status(response)}: {detail}", status,
            message ?? "", code);
    }

    private static string Excerpt(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 500 ? trimmed : string.Concat(trimmed.AsSpan(0, 500), "...");
    }
}
