using System.Text.Json.Nodes;

namespace MlopsKit.Models;

/// <summary>One entry of an MLflow signature schema: a <see cref="ColumnSpec"/> or a <see cref="TensorSpec"/>.</summary>
public abstract record SchemaSpec
{
    /// <summary>The column or tensor name; null for MLflow's unnamed (positional) schemas.</summary>
    public string? Name { get; init; }

    /// <summary>False when the input may be left out (MLflow's <c>required</c>, default true; tensors are always required).</summary>
    public bool Required { get; init; } = true;

    /// <summary>The entry as MLflow's <c>to_dict</c> builds it, keys in MLflow's order.</summary>
    public abstract JsonObject ToJsonObject();
}
