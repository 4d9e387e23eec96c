using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsKit.Models;

/// <summary>The readable ML.NET input schema saved beside the model (<c>mlnet_schema.json</c>): enough to build input rows without the training types.</summary>
internal sealed record MlnetSchemaFile
{
    public const string FileName = "mlnet_schema.json";

    [JsonPropertyName("format_version")]
    public int FormatVersion { get; init; } = 1;

    [JsonPropertyName("label_column")]
    public string? LabelColumn { get; init; }

    [JsonPropertyName("columns")]
    public List<MlnetColumn> Columns { get; init; } = [];

    public static MlnetSchemaFile From(DataViewSchema schema, string? labelColumn) => new()
    {
        LabelColumn = labelColumn,
        Columns = schema.Select(c => MlnetColumn.From(c, labelColumn)).ToList(),
    };
}

/// <summary>One column of <see cref="MlnetSchemaFile"/>.</summary>
internal sealed record MlnetColumn
{
    /// <summary>Column name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Item type: Single, Double, Int32, Int64, Boolean, String (text), DateTime, Key (with key_count)...</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The CLR type ML.NET stores (UInt32 for a key, ReadOnlyMemory`1 for text).</summary>
    [JsonPropertyName("raw_type")]
    public required string RawType { get; init; }

    /// <summary>True for a vector column.</summary>
    [JsonPropertyName("is_vector")]
    public bool IsVector { get; init; }

    /// <summary>A vector's size; 0 when variable.</summary>
    [JsonPropertyName("vector_size")]
    public int? VectorSize { get; init; }

    /// <summary>A key type's number of values.</summary>
    [JsonPropertyName("key_count")]
    public ulong? KeyCount { get; init; }

    /// <summary>A vector's slot names, when it has them.</summary>
    [JsonPropertyName("slot_names")]
    public List<string>? SlotNames { get; init; }

    /// <summary>True for a hidden column.</summary>
    [JsonPropertyName("hidden")]
    public bool Hidden { get; init; }

    /// <summary><c>label</c> for the label column, else <c>feature</c>.</summary>
    [JsonPropertyName("role")]
    public required string Role { get; init; }

    public static MlnetColumn From(DataViewSchema.Column column, string? labelColumn)
    {
        var item = MlnetTypes.ItemType(column.Type);
        List<string>? slotNames = null;
        if (column.Type is VectorDataViewType && column.HasSlotNames())
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            column.GetSlotNames(ref names);
            slotNames = names.DenseValues().Select(n => n.ToString()).ToList();
        }
        return new MlnetColumn
        {
            Name = column.Name,
            Type = item switch
            {
                KeyDataViewType => "Key",
                TextDataViewType => "String",
                _ => item.RawType.Name,
            },
            RawType = item.RawType.Name,
            IsVector = column.Type is VectorDataViewType,
            VectorSize = column.Type is VectorDataViewType v ? v.Size : null,
            KeyCount = item is KeyDataViewType k ? k.Count : null,
            SlotNames = slotNames,
            Hidden = column.IsHidden,
            Role = column.Name == labelColumn ? "label" : "feature",
        };
    }
}

/// <summary>Source-generated JSON for <see cref="MlnetSchemaFile"/>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MlnetSchemaFile))]
internal sealed partial class ModelsJson : JsonSerializerContext;
