using System.Globalization;
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

    /// <summary>
    /// Rows as a Spectre.Console table on a terminal, tab-separated lines when stdout is redirected (for scripts), preceded by a
    /// tab-separated header line when <paramref name="headerWhenRedirected"/> (tables whose columns vary, such as <c>runs list</c>).
    /// </summary>
    public static void Table(string[] headers, IEnumerable<string[]> rows, bool headerWhenRedirected = false)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (Console.IsOutputRedirected)
        {
            if (headerWhenRedirected) Console.WriteLine(string.Join('\t', headers));
            foreach (var row in rows) Console.WriteLine(string.Join('\t', row));
            return;
        }
        var table = new Spectre.Console.Table().Border(TableBorder.Simple);
        foreach (var h in headers) table.AddColumn(new TableColumn(h).NoWrap());
        foreach (var row in rows) table.AddRow(row.Select(c => new Text(c)).ToArray<Spectre.Console.Rendering.IRenderable>());
        AnsiConsole.Write(table);
    }

    /// <summary>A Unix time in milliseconds as local <c>yyyy-MM-dd HH:mm:ss</c>, as MLflow's UI shows it; empty for 0.</summary>
    public static string Time(long unixMs) =>
        unixMs <= 0 ? "" : DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A run's duration as <c>850ms</c>, <c>12.3s</c>, <c>4.5min</c> or <c>1.2h</c>; empty while the run has no end time.</summary>
    public static string Duration(long startMs, long? endMs)
    {
        if (endMs is not { } end || end < startMs) return "";
        var ms = end - startMs;
        return ms switch
        {
            < 1000 => $"{ms}ms",
            < 60_000 => (ms / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + "s",
            < 3_600_000 => (ms / 60_000.0).ToString("0.0", CultureInfo.InvariantCulture) + "min",
            _ => (ms / 3_600_000.0).ToString("0.0", CultureInfo.InvariantCulture) + "h",
        };
    }

    /// <summary>A metric value in invariant culture with up to 6 significant digits (<c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> as such).</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
