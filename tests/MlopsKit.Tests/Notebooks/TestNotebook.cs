using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlopsKit.Tests.Notebooks;

/// <summary>Writes small .ipynb files (nbformat 4.5, C# kernel) for the runner tests.</summary>
public static class TestNotebook
{
    public sealed record Cell(string Source, string Type = "code", params string[] Tags);

    public static Cell Code(string source, params string[] tags) => new(source, "code", tags);

    public static Cell Markdown(string source) => new(source, "markdown");

    public static string Write(string path, params Cell[] cells)
    {
        var list = new JsonArray();
        var n = 0;
        foreach (var cell in cells)
        {
            var metadata = new JsonObject();
            if (cell.Tags.Length > 0) metadata["tags"] = new JsonArray(cell.Tags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
            var source = new JsonArray(SplitLines(cell.Source).Select(l => (JsonNode)JsonValue.Create(l)).ToArray());
            var node = new JsonObject { ["cell_type"] = cell.Type, ["id"] = $"cell-{++n}", ["metadata"] = metadata, ["source"] = source };
            if (cell.Type == "code")
            {
                node["execution_count"] = null;
                node["outputs"] = new JsonArray();
            }
            list.Add(node);
        }
        var notebook = new JsonObject
        {
            ["cells"] = list,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        File.WriteAllText(path, notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>Jupyter's source form: lines keep their newline, the last has none.</summary>
    private static IEnumerable<string> SplitLines(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
            yield return i < lines.Length - 1 ? lines[i] + "\n" : lines[i];
    }

    /// <summary>The outputs of each cell of an executed notebook, by cell position.</summary>
    public static JsonArray Cells(string path) => JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();

    public static string Text(JsonNode? multiline) => multiline switch
    {
        JsonArray a => string.Concat(a.Select(x => x!.GetValue<string>())),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };
}
