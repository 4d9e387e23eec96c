using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MlopsKit.Models;

namespace MlopsKit.Serving;

/// <summary>
/// What the Seldon and Open Inference routes advertise about a model: its input columns (signature order and MLflow types), an
/// example row, and its output columns with their wire datatypes, found by scoring the example row once.
/// </summary>
internal sealed class ServingLayout
{
    private static readonly ConditionalWeakTable<ServedModel, ServingLayout> s_layouts = [];

    private ServingLayout(ServedModel model)
    {
        Inputs = ReadInputs(model);
        AllNumeric = Inputs.Count > 0 && Inputs.All(i => i.IsNumeric);
        ExampleRow = ReadExample(model, Inputs);
        Outputs = ProbeOutputs(model, ExampleRow);
    }

    /// <summary>Input columns in signature order.</summary>
    public IReadOnlyList<InputColumn> Inputs { get; }

    /// <summary>True when every input is a float, double, integer or long column (so a single FP32 matrix can carry a batch).</summary>
    public bool AllNumeric { get; }

    /// <summary>The first row of the model's input example, or a zero/empty value per column when it has none.</summary>
    public IReadOnlyDictionary<string, object?> ExampleRow { get; }

    /// <summary>Output columns in the order the model returns them.</summary>
    public IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>The layout of a served model, computed once per model.</summary>
    public static ServingLayout For(ServedModel model) => s_layouts.GetValue(model, m => new ServingLayout(m));

    /// <summary>The input column with this name, or null.</summary>
    public InputColumn? Input(string name) => Inputs.FirstOrDefault(i => i.Name == name);

    /// <summary>Checks one JSON cell before it reaches the scorer: numbers must fit the column's type, numeric columns refuse null.</summary>
    public static void CheckCell(InputColumn column, JsonElement cell, string where)
    {
        if (!column.IsNumeric) return;
        switch (cell.ValueKind)
        {
            case JsonValueKind.Number:
                var fits = column.Type switch
                {
                    "float" => cell.TryGetSingle(out var f) && float.IsFinite(f),
                    _ => cell.TryGetDouble(out var d) && double.IsFinite(d),
                };
                if (!fits) throw new ProtocolInputException($"{where}: {Short(cell)} is out of range for feature '{column.Name}' ({column.Type}).");
                return;
            case JsonValueKind.Null:
                throw new ProtocolInputException($"{where}: feature '{column.Name}' is null; send a number.");
            default:
                throw new ProtocolInputException($"{where}: feature '{column.Name}' must be a number ({column.Type}), got {Kind(cell)} {Short(cell)}.");
        }
    }

    /// <summary>
    /// True for System.Text.Json's refusal to decode a string it parsed (a lone UTF-16 surrogate escape such as <c>"\ud800"</c>), which
    /// surfaces as <see cref="InvalidOperationException"/> wherever the text is read or copied; it is the client's input, not a bug.
    /// </summary>
    public static bool IsUndecodableText(Exception e) =>
        e is InvalidOperationException { Source: { } source } && source.StartsWith("System.Text.Json", StringComparison.Ordinal);

    /// <summary>The message a client sees for an input error.</summary>
    public static string ClientMessage(Exception e) => IsUndecodableText(e) ? $"Invalid text in the request: {e.Message}" : e.Message;

    /// <summary>A JSON value kind in words (<c>a string</c>, <c>an object</c>).</summary>
    public static string Kind(JsonElement e) => TabularInput.Kind(e);

    /// <summary>The raw JSON text of a value, cut to 40 characters for error messages.</summary>
    public static string Short(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");
    }

    private static List<InputColumn> ReadInputs(ServedModel model)
    {
        if (model.Signature is { Inputs.Count: > 0 } signature && signature.Inputs.All(s => s.Name is not null))
        {
            return signature.Inputs.Select(s => new InputColumn(s.Name!, s switch
            {
                ColumnSpec { Type: "array" } => "array",
                ColumnSpec c => c.Type,
                _ => "tensor",
            }, Required: s.Required)).ToList();
        }
        return model.Model.InputSchema
            .Where(c => !c.IsHidden && c.Name != model.Model.LabelColumn)
            .Select(c => new InputColumn(c.Name, c.Type is Microsoft.ML.Data.VectorDataViewType ? "array" : MlnetTypes.MlflowType(c.Type) ?? "any"))
            .ToList();
    }

    private static Dictionary<string, object?> ReadExample(ServedModel model, IReadOnlyList<InputColumn> inputs)
    {
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            row[input.Name] = input.Type switch
            {
                "float" => 0f,
                "double" => 0d,
                "integer" => 0,
                "long" => 0L,
                "boolean" => false,
                "string" => "",
                _ => null,
            };
        }
        try
        {
            var info = model.Model.Mlmodel.SavedInputExampleInfo;
            var file = info?["artifact_path"] is Yaml.YamlScalar { IsNull: false } path ? Path.Combine(model.Model.Directory, path.Value) : null;
            if (file is null || !File.Exists(file)) return row;
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Array
                || !doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array
                || data.GetArrayLength() == 0 || data[0].ValueKind != JsonValueKind.Array)
                return row;
            var first = data[0];
            for (var i = 0; i < columns.GetArrayLength() && i < first.GetArrayLength(); i++)
                if (columns[i].ValueKind == JsonValueKind.String && row.ContainsKey(columns[i].GetString()!))
                    row[columns[i].GetString()!] = first[i].Clone();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // An unreadable example only costs the health check its realistic row; zeros still exercise the model.
        }
        return row;
    }

    private static List<OutputColumn> ProbeOutputs(ServedModel model, IReadOnlyDictionary<string, object?> example)
    {
        try
        {
            var result = model.PooledScorer.Predict([example]);
            if (result.Count == 1)
                return result[0].Select(kv => OutputColumn.FromValue(kv.Key, kv.Value)).ToList();
        }
        catch (Exception e) when (e is MlopsException or InvalidOperationException or FormatException or ArgumentException)
        {
            // Fall back to the signature below.
        }
        return (model.Signature?.Outputs ?? []).Where(o => o.Name is not null).Select(o => o switch
        {
            ColumnSpec { Type: "array" } c => new OutputColumn(o.Name!, Datatype(c.ItemType ?? "float"), -1),
            ColumnSpec c => new OutputColumn(o.Name!, Datatype(c.Type), null),
            TensorSpec t => new OutputColumn(o.Name!, Datatype(MlnetTypes.FromNumpy(t.Dtype) ?? "float"), t.Shape.Count > 1 ? (int)t.Shape[1] : null),
            _ => new OutputColumn(o.Name!, "BYTES", null),
        }).ToList();
    }

    /// <summary>The Open Inference datatype for an MLflow column type.</summary>
    public static string Datatype(string mlflowType) => mlflowType switch
    {
        "float" => "FP32",
        "double" => "FP64",
        "integer" => "INT32",
        "long" => "INT64",
        "boolean" => "BOOL",
        _ => "BYTES",
    };

    /// <summary>Formats a number for messages without the current culture.</summary>
    public static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
}
