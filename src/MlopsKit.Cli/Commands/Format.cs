using Spectre.Console;

namespace MlopsKit.Cli.Commands;

/// <summary>Small text formatting shared by the commands.</summary>
public static class Format
{
    /// <summary>A byte count as B, KiB, MiB or GiB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.#} MiB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.##} GiB",
    };

    /// <summary>Quotes a path for a copy-paste shell line when it needs it.</summary>
    public static string ShellQuote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-') ? path : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>"1 file" / "3 files".</summary>
    public static string Files(long n) => n == 1 ? "1 file" : $"{n} files";

    /// <summary>Rows as a Spectre.Console table on a terminal, tab-separated lines when stdout is redirected (for scripts).</summary>
    public static void Table(string[] headers, IEnumerable<string[]> rows)
    {
        if (Console.IsOutputRedirected)
        {
            foreach (var row in rows) Console.WriteLine(string.Join('\t', row));
            return;
        }
        var table = new Spectre.Console.Table().Border(TableBorder.Simple);
        foreach (var h in headers) table.AddColumn(new TableColumn(h).NoWrap());
        foreach (var row in rows) table.AddRow(row.Select(c => new Text(c)).ToArray<Spectre.Console.Rendering.IRenderable>());
        AnsiConsole.Write(table);
    }
}
