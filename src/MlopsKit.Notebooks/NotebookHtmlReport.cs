using System.Net;
using System.Text;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using MlopsKit.IO;

namespace MlopsKit.Notebooks;

/// <summary>Renders an executed notebook as one self-contained HTML page: each cell's source, its outputs inline, errors highlighted, nothing loaded from outside.</summary>
public static class NotebookHtmlReport
{
    // Output MIME types in the order the report prefers them; the first one an output carries is shown.
    private static readonly string[] s_preferred = ["text/html", "image/svg+xml", "image/png", "image/jpeg", "image/gif", "text/markdown", "application/json", "text/plain"];

    /// <summary>The report as an HTML string.</summary>
    public static string Render(InteractiveDocument document, string title)
    {
        ArgumentNullException.ThrowIfNull(document);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(title)).Append("</title>\n<style>\n")
            .Append("body{font-family:system-ui,sans-serif;margin:16px auto;max-width:1100px;color:#1f2328}\n")
            .Append(".cell{margin:12px 0;border-left:3px solid #d0d7de;padding-left:10px}.cell.failed{border-left-color:#cf222e}\n")
            .Append(".prompt{color:#57606a;font:12px monospace}pre{margin:4px 0;padding:6px;overflow-x:auto;white-space:pre-wrap}\n")
            .Append("pre.source{background:#f6f8fa}pre.stderr{background:#fff8c5}.markdown pre{background:none;font-family:inherit}\n")
            .Append(".error{background:#ffebe9;border:1px solid #cf222e;padding:6px;margin:4px 0}.error .ename{color:#cf222e;font-weight:600}\n")
            .Append(".output img{max-width:100%}\n</style>\n</head>\n<body>\n<h1>").Append(Encode(title)).Append("</h1>\n");
        foreach (var cell in document.Elements)
        {
            if (NotebookFile.IsMarkdown(cell))
            {
                html.Append("<div class=\"cell markdown\"><pre>").Append(Encode(cell.Contents)).Append("</pre></div>\n");
                continue;
            }
            var failed = cell.Outputs.Any(o => o is ErrorElement);
            html.Append(failed ? "<div class=\"cell failed\">" : "<div class=\"cell\">")
                .Append("<div class=\"prompt\">In [").Append(cell.ExecutionOrder > 0 ? cell.ExecutionOrder.ToString(System.Globalization.CultureInfo.InvariantCulture) : " ").Append("]</div>\n")
                .Append("<pre class=\"source\">").Append(Encode(cell.Contents)).Append("</pre>\n");
            foreach (var output in cell.Outputs) AppendOutput(html, output);
            html.Append("</div>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes the report of a document to <paramref name="path"/> (atomically).</summary>
    public static void Write(InteractiveDocument document, string title, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(path, Render(document, title));
    }

    /// <summary>Writes the report of an executed .ipynb file (for example one written by <see cref="NotebookRunner.RunAsync"/>).</summary>
    public static void Write(string executedNotebookPath, string path)
    {
        var document = NotebookFile.Read(executedNotebookPath);
        Write(document, Path.GetFileNameWithoutExtension(executedNotebookPath), path);
    }

    private static void AppendOutput(StringBuilder html, InteractiveDocumentOutputElement output)
    {
        switch (output)
        {
            case TextElement text:
                html.Append("<pre class=\"output ").Append(text.Name == "stderr" ? "stderr" : "stdout").Append("\">").Append(Encode(text.Text)).Append("</pre>\n");
                break;
            case ErrorElement error:
                html.Append("<div class=\"output error\"><span class=\"ename\">").Append(Encode(error.ErrorName)).Append("</span>: ")
                    .Append(Encode(error.ErrorValue)).Append("<pre>").Append(Encode(string.Join('\n', error.StackTrace ?? []))).Append("</pre></div>\n");
                break;
            case ReturnValueElement value:
                AppendData(html, value.Data);
                break;
            case DisplayElement display:
                AppendData(html, display.Data);
                break;
        }
    }

    private static void AppendData(StringBuilder html, IDictionary<string, object> data)
    {
        var mime = s_preferred.FirstOrDefault(data.ContainsKey) ?? data.Keys.FirstOrDefault();
        if (mime is null) return;
        var value = data[mime] switch
        {
            string s => s,
            IEnumerable<object> lines => string.Concat(lines),
            var other => other?.ToString() ?? "",
        };
        html.Append("<div class=\"output\">");
        switch (mime)
        {
            case "text/html" or "image/svg+xml":
                html.Append(value);
                break;
            case "image/png" or "image/jpeg" or "image/gif":
                html.Append("<img alt=\"output\" src=\"data:").Append(mime).Append(";base64,").Append(value.Replace("\n", "", StringComparison.Ordinal)).Append("\">");
                break;
            default:
                html.Append("<pre>").Append(Encode(value)).Append("</pre>");
                break;
        }
        html.Append("</div>\n");
    }

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
