using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MlopsKit.Notebooks;

/// <summary>Source-generated JSON for the notebook post-processing (indented, as Jupyter writes notebooks).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, IndentSize = 1)]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class NotebookJson : JsonSerializerContext;
