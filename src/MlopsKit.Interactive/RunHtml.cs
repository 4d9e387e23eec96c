using System.Globalization;
using System.Text;
using MlopsKit.Tracking;
using TrackedRun = MlopsKit.Tracking.Run;

namespace MlopsKit.Interactive;

/// <summary>HTML for runs: the summary card of one run and the table of many.</summary>
internal static class RunHtml
{
    /// <summary>Run id, name, experiment, status, params, metrics and the artifact folder, as a card.</summary>
    public static string Card(TrackedRun run, string? experimentName = null)
    {
        var info = run.Info;
        var experiment = experimentName is null ? info.ExperimentId : $"{experimentName} (id {info.ExperimentId})";
        var sb = new StringBuilder("<div class=\"mlopskit-run\">");
        sb.Append("<b>run</b> ").Append(Html.Encode(info.RunName)).Append(" <code>").Append(Html.Encode(info.RunId)).Append("</code> ")
          .Append(Status(info.Status)).Append("<br/><b>experiment</b> ").Append(Html.Encode(experiment));
        if (info.EndTime is { } end)
            sb.Append(" &middot; ").Append(Html.Encode(((end - info.StartTime) / 1000.0).ToString("0.00", CultureInfo.InvariantCulture))).Append(" s");
        sb.Append(Html.Table(["param", "value"], run.Data.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new[] { p.Key, p.Value })));
        sb.Append(Html.Table(["metric", "value", "step"], run.Data.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new[] { m.Key, Html.Number(m.Value.Value), m.Value.Step.ToString(CultureInfo.InvariantCulture) })));
        var artifacts = ArtifactPath(info.ArtifactUri);
        sb.Append("<b>artifacts</b> <a href=\"").Append(Html.Encode(info.ArtifactUri)).Append("\">").Append(Html.Encode(artifacts)).Append("</a>");
        return sb.Append("</div>").ToString();
    }

    /// <summary>One row per run: name, id, status, params, metrics (latest values).</summary>
    public static string Table(IEnumerable<TrackedRun> runs) =>
        Html.Table(["run name", "run id", "status", "params", "metrics"], runs.Select(r => new[]
        {
            r.Info.RunName, r.Info.RunId, r.Info.Status.ToString(),
            Html.Pairs(r.Data.Params, v => v),
            Html.Pairs(r.Data.Metrics, m => Html.Number(m.Value)),
        }));

    /// <summary>A run still being logged to: what is known before it is read back from the store.</summary>
    public static string Active(ActiveRun run) =>
        $"<div class=\"mlopskit-run\"><b>run</b> {Html.Encode(run.RunName)} <code>{Html.Encode(run.RunId)}</code> " +
        $"{(run.IsEnded ? "ended" : "RUNNING")}<br/><b>experiment</b> {Html.Encode(run.ExperimentId)}<br/>" +
        $"<b>artifacts</b> {Html.Encode(run.ArtifactDirectory)}</div>";

    private static string Status(RunStatus status) =>
        $"<span class=\"mlopskit-status\" style=\"color:{(status switch { RunStatus.FINISHED => "green", RunStatus.FAILED or RunStatus.KILLED => "red", _ => "gray" })}\">{status}</span>";

    private static string ArtifactPath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.IsFile ? u.LocalPath : uri;
}
