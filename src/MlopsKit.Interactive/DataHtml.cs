using System.Globalization;
using MlopsKit.Data;

namespace MlopsKit.Interactive;

/// <summary>HTML for the <c>#!dvc</c> results: status, add, transfers, checkout and history.</summary>
internal static class DataHtml
{
    /// <summary>One row per changed path (stage, change group, path, state), or DVC's "up to date" sentence.</summary>
    public static string Status(StatusResult status)
    {
        if (!status.AnythingTracked) return Html.Paragraph("There are no data or pipelines tracked in this project yet. Track a file with #!dvc add <path>.");
        if (status.IsClean) return Html.Paragraph("Data and pipelines are up to date.");
        var rows = new List<string?[]>();
        foreach (var stage in status.Stages)
            foreach (var change in stage.Changes)
            {
                if (change is string word) rows.Add([stage.Stage, word, "", ""]);
                else if (change is KeyValuePair<string, IReadOnlyDictionary<string, object>> group)
                    foreach (var (path, state) in group.Value)
                        rows.Add([stage.Stage, group.Key, path, state as string ?? "changed params"]);
            }
        return Html.Table(["stage", "change", "path", "state"], rows);
    }

    public static string Added(AddResult result) =>
        Html.Table(["dvc file", "path", "md5", "size", "files"], result.Outputs.Select(o => new[]
        {
            o.DvcFile, o.Path, o.Oid, o.Size.ToString(CultureInfo.InvariantCulture), o.NFiles?.ToString(CultureInfo.InvariantCulture) ?? "",
        })) + (result.GitFiles.Count == 0 ? "" : Html.Paragraph(
            (result.Staged ? "Staged in git: " : "To track the changes with git, run: git add ") + string.Join(' ', result.GitFiles)));

    public static string Transfer(string verb, TransferResult result)
    {
        var html = Html.Table(["transferred", "up to date", "missing", "failed", "bytes"], [[
            result.Transferred.ToString(CultureInfo.InvariantCulture), result.UpToDate.ToString(CultureInfo.InvariantCulture),
            string.Join(", ", result.Missing), string.Join(", ", result.Failed), result.Bytes.ToString(CultureInfo.InvariantCulture),
        ]], caption: verb);
        if (result.Checkout is { } checkout) html += Checkout(checkout);
        if (result.PushgatewayWarning is { } warning) html += Html.Paragraph("warning: " + warning);
        return html;
    }

    public static string Checkout(CheckoutResult result) =>
        result.NothingChanged ? Html.Paragraph("Everything is up to date.")
        : Html.Table(["change", "path"], result.Added.Select(p => new[] { "added", p })
            .Concat(result.Modified.Select(p => new[] { "modified", p }))
            .Concat(result.Deleted.Select(p => new[] { "deleted", p }))
            .Concat(result.Failed.Select(p => new[] { "failed", p })));

    public static string Log(IReadOnlyList<DataVersion> versions) =>
        Html.Table(["commit", "date", "author", "message", "md5", "size", "files"], versions.Select(v => new[]
        {
            v.ShortCommit, v.Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), v.Author, v.Message.Trim(), v.Md5 ?? "(removed)",
            v.Size?.ToString(CultureInfo.InvariantCulture) ?? "", v.NFiles?.ToString(CultureInfo.InvariantCulture) ?? "",
        }));
}
