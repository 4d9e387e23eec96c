using System.Text.Json.Nodes;

namespace MlopsKit.Models;

/// <summary>An MLflow tensor spec: <c>{"name": "x", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}</c>.</summary>
public sealed record TensorSpec : SchemaSpec
{
    /// <summary>A tensor of a numpy dtype (<c>float32</c>, <c>float64</c>, <c>int32</c>, <c>int64</c>, <c>bool</c>, <c>object</c>) and shape (-1 = any size).</summary>
    public TensorSpec(string dtype, IReadOnlyList<long> shape, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dtype);
        ArgumentNullException.ThrowIfNull(shape);
        Dtype = dtype;
        Shape = shape;
        Name = name;
    }

    /// <summary>The numpy dtype name.</summary>
    public string Dtype { get; }

    /// <summary>The dimensions; -1 marks a variable one (the batch dimension comes first).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <inheritdoc />
    public override JsonObject ToJsonObject()
    {
        var o = new JsonObject();
        if (Name is not null) o["name"] = Name;
        o["type"] = "tensor";
        o["tensor-spec"] = new JsonObject { ["dtype"] = Dtype, ["shape"] = new JsonArray(Shape.Select(d => (JsonNode?)d).ToArray()) };
        return o;
    }
}
