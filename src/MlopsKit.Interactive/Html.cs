using System.Globalization;
using System.Net;
using System.Text;

namespace MlopsKit.Interactive;

/// <summary>Small HTML builders the formatters share: encoded cells, tables and key/value lists.</summary>
internal static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A table with an encoded header and encoded cells; "(none)" when there are no rows.</summary>
    public static string Table(IEnumerable<string> header, IEnumerable<IEnumerable<string?>> rows, string? caption = null)
    {
        var sb = new StringBuilder("<table class=\"mlopskit\">");
        if (caption is not null) sb.Append("<caption>").Append(Encode(caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var h in header) sb.Append("<th>").Append(Encode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            sb.Append("<tr>");
            foreach (var cell in row) sb.Append("<td>").Append(Encode(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        if (!any) sb.Append("<tr><td colspan=\"").Append(header.Count()).Append("\"><i>(none)</i></td></tr>");
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>"k=v, k=v" for params and metrics inside one table cell.</summary>
    public static string Pairs<T>(IEnumerable<KeyValuePair<string, T>> pairs, Func<T, string> format) =>
        string.Join(", ", pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={format(p.Value)}"));

    public static string Paragraph(string text) => "<p>" + Encode(text) + "</p>";
}
