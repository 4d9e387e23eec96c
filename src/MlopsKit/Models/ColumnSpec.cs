using System.Text.Json.Nodes;

namespace MlopsKit.Models;

/// <summary>An MLflow column spec: <c>{"type": "double", "name": "x", "required": true}</c>, or a 2.10+ composite type.</summary>
/// <remarks>
/// <see cref="Type"/> is MLflow's type name: <c>boolean</c>, <c>integer</c>, <c>long</c>, <c>float</c>, <c>double</c>,
/// <c>string</c>, <c>binary</c>, <c>datetime</c>, or a composite <c>array</c>, <c>object</c>, <c>map</c>, <c>any</c>.
/// A composite's own keys (<c>items</c>, <c>properties</c>, <c>values</c>) are kept verbatim in <see cref="Details"/>,
/// so a signature read from any MLflow writes back unchanged.
/// </remarks>
public sealed record ColumnSpec : SchemaSpec
{
    /// <summary>A column of a scalar MLflow type.</summary>
    public ColumnSpec(string type, string? name = null, bool required = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        Type = type;
        Name = name;
        Required = required;
    }

    /// <summary>MLflow's type name (<c>float</c>, <c>string</c>, <c>array</c>...).</summary>
    public string Type { get; }

    /// <summary>Composite-type keys other than <c>type</c>, <c>name</c> and <c>required</c> (e.g. <c>items</c>); null for scalar types.</summary>
    public JsonObject? Details { get; init; }

    /// <summary>An <c>array</c> column whose items have a scalar MLflow type, as MLflow writes <c>Array(DataType.float)</c>.</summary>
    public static ColumnSpec ArrayOf(string itemType, string? name = null, bool required = true) =>
        new("array", name, required) { Details = new JsonObject { ["items"] = new JsonObject { ["type"] = itemType } } };

    /// <summary>For an <c>array</c> column, the items' type name (<c>float</c>); otherwise null.</summary>
    public string? ItemType => Type == "array" && Details?["items"] is JsonObject items ? (string?)items["type"] : null;

    /// <inheritdoc />
    public override JsonObject ToJsonObject()
    {
        var o = new JsonObject { ["type"] = Type };
        if (Details is not null)
            foreach (var (key, value) in Details)
                o[key] = value?.DeepClone();
        if (Name is not null) o["name"] = Name;
        o["required"] = Required;
        return o;
    }
}
