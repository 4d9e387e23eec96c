using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using MlopsKit.IO;

namespace MlopsKit.Notebooks;

/// <summary>Reads .ipynb and .dib files into an <see cref="InteractiveDocument"/> and writes executed notebooks that pass nbformat validation.</summary>
internal static class NotebookFile
{
    public const string CSharp = "csharp";

    private const string PolyglotMetadata = "polyglot_notebook";

    public static KernelInfoCollection Kernels()
    {
        var kernels = new KernelInfoCollection { new(CSharp, "C#", ["c#", "cs"]) };
        kernels.DefaultKernelName = CSharp;
        return kernels;
    }

    public static bool IsDib(string path) => path.EndsWith(".dib", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a notebook; every problem with the file becomes one <see cref="MlopsException"/> naming the file.</summary>
    public static InteractiveDocument Read(string path)
    {
        if (Directory.Exists(path))
            throw new ConfigException($"'{path}' is a folder; pass a notebook file (.ipynb or .dib).");
        if (!File.Exists(path))
            throw new NotFoundException($"notebook '{path}' does not exist; check the path (it is relative to the current folder).");
        var isDib = IsDib(path);
        if (!isDib && !path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
            throw new ConfigException($"'{path}' is neither a .ipynb nor a .dib notebook; rename it or export it from Jupyter or VS Code.");
        var text = File.ReadAllText(path, Encoding.UTF8);
        InteractiveDocument document;
        try
        {
            if (isDib)
                document = CodeSubmission.Parse(text, Kernels());
            else
            {
                CheckNotebookJson(path, text);
                document = Notebook.Parse(text, Kernels());
            }
        }
        catch (MlopsException)
        {
            throw;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException or InvalidCastException)
        {
            throw new ConfigException($"'{path}' is not a valid notebook: {OneLine(ex.Message)} Re-save it from Jupyter or VS Code.", ex);
        }
        foreach (var element in document.Elements)
        {
            element.KernelName = NormalizeKernel(element.KernelName);
            element.Metadata ??= new Dictionary<string, object>();
        }
        return document;
    }

    /// <summary>True for markdown (and raw) cells, which the runner leaves alone.</summary>
    public static bool IsMarkdown(InteractiveDocumentElement element) => element.KernelName is "markdown" or "md" or "raw";

    /// <summary>Writes the executed notebook atomically, as nbformat 4.5 with a unique id on every cell.</summary>
    public static void Write(InteractiveDocument document, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in document.Elements)
            if (string.IsNullOrEmpty(element.Id) || !IsValidId(element.Id) || !seen.Add(element.Id))
            {
                element.Id = NewId();
                seen.Add(element.Id);
            }
        // Notebook.Parse keeps VS Code's metadata.polyglot_notebook ({"kernelInfo": ...}) as a plain dictionary, and the writer
        // casts that entry to KernelInfoCollection (InvalidCastException); without it, the writer lists the kernels the cells use.
        if (document.Metadata.TryGetValue(PolyglotMetadata, out var polyglot) && polyglot is not KernelInfoCollection)
            document.Metadata.Remove(PolyglotMetadata);
        var json = Notebook.ToJupyterJson(document, "C#");
        // Some writers of this library version drop ids or keep an older minor version; nbformat 4.5 requires both together.
        var root = JsonNode.Parse(json)!.AsObject();
        root["nbformat"] = 4;
        if ((root["nbformat_minor"]?.GetValue<int>() ?? 0) < 5) root["nbformat_minor"] = 5;
        var cells = root["cells"]!.AsArray();
        for (var i = 0; i < cells.Count && i < document.Elements.Count; i++)
            cells[i]!.AsObject()["id"] = document.Elements[i].Id;
        var buffer = new MemoryStream();
        // Jupyter's layout (one-space indent, characters as they are) keeps executed notebooks readable in diffs; the file is never inlined into a page.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            root.WriteTo(writer);
        var bytes = buffer.ToArray();
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    public static string NewId() => Guid.NewGuid().ToString("N")[..12];

    private static bool IsValidId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string NormalizeKernel(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "csharp" or "c#" or "cs" or ".net-csharp" => CSharp,
        "markdown" or "md" => "markdown",
        var other => other,
    };

    private static void CheckNotebookJson(string path, string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"'{path}' is not a valid notebook: it is not JSON ({OneLine(ex.Message)}) Re-save it from Jupyter or VS Code.", ex);
        }
        if (node is not JsonObject obj)
            throw new ConfigException($"'{path}' is not a valid notebook: the JSON is not an object with a \"cells\" list. Re-save it from Jupyter or VS Code.");
        if (obj["cells"] is not JsonArray)
            throw new ConfigException($"'{path}' is not a valid notebook: it has no \"cells\" list. Re-save it from Jupyter or VS Code.");
        if (obj["nbformat"] is JsonValue v && v.TryGetValue<int>(out var major) && major != 4)
            throw new ConfigException($"'{path}' is nbformat {major}; only nbformat 4 notebooks can be run. Convert it with 'jupyter nbconvert --to notebook'.");
    }

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.EndsWith('.') ? line : line + ".";
    }
}
