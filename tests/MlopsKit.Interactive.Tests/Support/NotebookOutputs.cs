using System.Text;
using System.Text.Json.Nodes;

namespace MlopsKit.Interactive.Tests.Support;

/// <summary>The outputs of an executed .ipynb as text, one string per code cell: every mime value, stream text and error message.</summary>
public static class NotebookOutputs
{
    public static List<string> Read(string ipynb)
    {
        Assert.True(File.Exists(ipynb), $"no executed notebook was written to {ipynb}");
        var cells = JsonNode.Parse(File.ReadAllText(ipynb))!["cells"]!.AsArray();
        var result = new List<string>();
        foreach (var cell in cells)
        {
            if (cell!["cell_type"]!.GetValue<string>() != "code") continue;
            var text = new StringBuilder();
            foreach (var output in cell["outputs"]?.AsArray() ?? [])
            {
                if (output!["data"] is JsonObject data)
                    foreach (var (_, value) in data) text.Append(Text(value)).Append('\n');
                text.Append(Text(output["text"])).Append(Text(output["evalue"]));
            }
            result.Add(text.ToString());
        }
        return result;
    }

    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => "",
    };
}
