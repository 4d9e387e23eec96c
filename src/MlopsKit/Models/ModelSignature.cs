using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlopsKit.Yaml;

namespace MlopsKit.Models;

/// <summary>An MLflow model signature: the input and output schemas (and optional params) stored in MLmodel as JSON strings.</summary>
/// <remarks>
/// A schema is all columns or all tensors, never mixed (MLflow refuses mixed schemas). <see cref="ParamsJson"/> is kept
/// verbatim: ML.NET models take no inference params, but a signature read from another MLflow model writes back unchanged.
/// </remarks>
public sealed partial class ModelSignature
{
    /// <summary>A signature from its schemas.</summary>
    /// <exception cref="ConfigException">A schema mixes column and tensor specs, or named and unnamed entries.</exception>
    public ModelSignature(IReadOnlyList<SchemaSpec> inputs, IReadOnlyList<SchemaSpec>? outputs = null, string? paramsJson = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Check(inputs, "inputs");
        if (outputs is not null) Check(outputs, "outputs");
        Inputs = inputs;
        Outputs = outputs;
        ParamsJson = paramsJson;
    }

    /// <summary>What the model takes.</summary>
    public IReadOnlyList<SchemaSpec> Inputs { get; }

    /// <summary>What the model returns, or null when not recorded.</summary>
    public IReadOnlyList<SchemaSpec>? Outputs { get; }

    /// <summary>The <c>params</c> schema JSON as found in MLmodel, or null.</summary>
    public string? ParamsJson { get; }

    /// <summary>True when the inputs are tensor specs.</summary>
    public bool HasTensorInputs => Inputs.Count > 0 && Inputs[0] is TensorSpec;

    /// <summary>The inputs as the JSON string MLflow stores (<c>json.dumps</c> of the specs).</summary>
    public string InputsJson => ToJson(Inputs);

    /// <summary>The outputs as the JSON string MLflow stores, or null.</summary>
    public string? OutputsJson => Outputs is null ? null : ToJson(Outputs);

    /// <summary>The JSON string MLflow stores for a schema, e.g. <c>[{"type": "float", "name": "x", "required": true}]</c>.</summary>
    public static string ToJson(IEnumerable<SchemaSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        return PythonJson.Dumps(new JsonArray(specs.Select(s => (JsonNode?)s.ToJsonObject()).ToArray()));
    }

    /// <summary>Parses one schema JSON string from MLmodel (<c>signature.inputs</c> or <c>signature.outputs</c>).</summary>
    /// <exception cref="ConfigException">The text is not a JSON list of MLflow column or tensor specs.</exception>
    public static IReadOnlyList<SchemaSpec> ParseSchema(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"signature schema is not valid JSON ({ex.Message}); expected a list such as [{{\"type\": \"double\", \"name\": \"x\"}}].", ex);
        }
        if (root is not JsonArray array)
            throw new ConfigException("signature schema must be a JSON list of column or tensor specs.");
        var specs = new List<SchemaSpec>();
        foreach (var item in array)
            specs.Add(ParseSpec(item));
        return specs;
    }

    /// <summary>The <c>signature</c> mapping of MLmodel: <c>inputs</c>, <c>outputs</c> and <c>params</c> as JSON strings (null when absent).</summary>
    public YamlMapping ToYaml()
    {
        var map = new YamlMapping();
        map.Set("inputs", YamlWriter.Str(InputsJson));
        map.Set("outputs", OutputsJson is null ? new YamlScalar("null") : YamlWriter.Str(OutputsJson));
        map.Set("params", ParamsJson is null ? new YamlScalar("null") : YamlWriter.Str(ParamsJson));
        return map;
    }

    /// <summary>Reads the <c>signature</c> mapping of MLmodel.</summary>
    /// <exception cref="ConfigException">A schema string is missing or malformed.</exception>
    public static ModelSignature FromYaml(YamlMapping signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var inputs = Text(signature["inputs"]);
        var outputs = Text(signature["outputs"]);
        return new ModelSignature(
            inputs is null ? [] : ParseSchema(inputs),
            outputs is null ? null : ParseSchema(outputs),
            Text(signature["params"]));
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder("inputs: ").Append(InputsJson);
        if (OutputsJson is not null) sb.Append("\noutputs: ").Append(OutputsJson);
        return sb.ToString();
    }

    private static string? Text(YamlNode? node) => node is YamlScalar s && !s.IsNull ? s.Value : null;

    private static SchemaSpec ParseSpec(JsonNode? node)
    {
        if (node is not JsonObject o || o["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type))
            throw new ConfigException($"signature entry {node?.ToJsonString() ?? "null"} has no \"type\"; every column or tensor spec needs one.");
        var name = o["name"] is JsonValue n && n.TryGetValue<string>(out var nameText) ? nameText : null;
        if (type == "tensor")
        {
            if (o["tensor-spec"] is not JsonObject ts || ts["dtype"] is not JsonValue dtype || !dtype.TryGetValue<string>(out var dtypeText) || ts["shape"] is not JsonArray shape)
                throw new ConfigException($"tensor spec {o.ToJsonString()} needs \"tensor-spec\": {{\"dtype\": ..., \"shape\": [...]}}.");
            var dims = shape.Select(d => d is JsonValue v && v.TryGetValue<long>(out var l) ? l
                : d is JsonValue e && e.TryGetValue<JsonElement>(out var el) && el.TryGetInt64(out var l2) ? l2
                : throw new ConfigException($"tensor spec {o.ToJsonString()} has a non-integer dimension.")).ToArray();
            return new TensorSpec(dtypeText, dims, name);
        }
        var required = o["required"] is not JsonValue r || !r.TryGetValue<bool>(out var req) || req;
        JsonObject? details = null;
        foreach (var (key, value) in o)
        {
            if (key is "type" or "name" or "required") continue;
            details ??= [];
            details[key] = value?.DeepClone();
        }
        return new ColumnSpec(type, name, required) { Details = details };
    }

    private static void Check(IReadOnlyList<SchemaSpec> specs, string what)
    {
        if (specs.Count == 0) return;
        if (specs.Any(s => s is TensorSpec) && specs.Any(s => s is ColumnSpec))
            throw new ConfigException($"signature {what} mix column and tensor specs; MLflow allows one kind per schema.");
        if (specs.Any(s => s.Name is null) && specs.Any(s => s.Name is not null))
            throw new ConfigException($"signature {what} mix named and unnamed entries; name all of them or none.");
    }
}
