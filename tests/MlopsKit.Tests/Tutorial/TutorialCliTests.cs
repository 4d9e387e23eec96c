using System.Text.RegularExpressions;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Tutorial;

/// <summary><c>mlops tutorial</c> as a user runs it: a real process, real git, DVC, SQLite, Kestrel servers and the Prometheus stack.</summary>
public sealed partial class TutorialCliTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-tutorial");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_tutorial_runs_every_chapter_and_writes_a_report_with_runs_charts_predictions_and_drift()
    {
        var result = CliRunner.Run(_dir.Path, "tutorial", "--dir", "walk");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var chapter in new[] { "data", "tracking", "serving", "monitoring" })
            Assert.Matches(new Regex($@"^{chapter}\s+\d+ ok\s", RegexOptions.Multiline), result.Stdout);
        Assert.DoesNotContain("failed", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped", result.Stdout, StringComparison.Ordinal);
        var report = File.ReadAllText(_dir["walk/report.html"]);
        Assert.Contains($"report: {_dir["walk/report.html"]}", result.Stdout, StringComparison.Ordinal);
        // 8 ElasticNet runs, the autologged pipeline and the iris forest; the best of the 8 is the tutorial's rmse 63.2042.
        Assert.Equal(8, RunRow().Count(report));
        Assert.Contains("diabetes-autolog", report, StringComparison.Ordinal);
        Assert.Contains("random-forest-300", report, StringComparison.Ordinal);
        Assert.Contains("best rmse 63.2042 at alpha=0.05, l1_ratio=1.0", report, StringComparison.Ordinal);
        Assert.Contains("test accuracy 0.9556", report, StringComparison.Ordinal);
        // Charts drawn offline: plotly.js inlined once, four comparison plots.
        Assert.Equal(4, Regex.Count(report, "<div class=\"mlopskit-chart\">", RegexOptions.None));
        Assert.Equal(1, Regex.Count(report, "plotly.js v", RegexOptions.None));
        Assert.DoesNotMatch("<script[^>]+src=\"https?:", report);
        // Both models answered on all four protocols; the tutorial's Flask request is class 2.
        foreach (var route in new[] { "POST /invocations", "POST /predict", "POST /api/v1.0/predictions", "POST /v2/models/iris/infer", "POST /v2/models/diabetes/infer" })
            Assert.Contains(route, report, StringComparison.Ordinal);
        Assert.Contains("{&quot;result&quot;:[2]}", report, StringComparison.Ordinal);
        // Drift: only petal_length crossed 0.25 and the alert fired in Prometheus.
        var psi = PsiAfter().Matches(report).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4, psi.Count);
        Assert.True(psi["petal_length"] > 0.25, report);
        Assert.All(psi.Where(p => p.Key != "petal_length"), p => Assert.True(p.Value < 0.25, $"{p.Key} PSI {p.Value}"));
        Assert.Contains("ModelFeatureDriftHigh petal_length", report, StringComparison.Ordinal);
        // Everything started was stopped.
        Assert.False(File.Exists(_dir["walk/monitoring/.run/prometheus.pid"]));
    }

    [Fact]
    public void A_folder_that_is_not_empty_is_refused_on_one_line_and_left_alone()
    {
        Directory.CreateDirectory(_dir["busy"]);
        File.WriteAllText(_dir["busy/notes.txt"], "keep me");

        var result = CliRunner.Run(_dir.Path, "tutorial", "--dir", "busy");

        Assert.Equal(5, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("not empty", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(_dir["busy"]).Select(Path.GetFileName));
    }

    [GeneratedRegex("<td>elasticnet-[0-9.]+-[0-9.]+</td>")]
    private static partial Regex RunRow();

    [GeneratedRegex("<tr><td>(petal_length|petal_width|sepal_length|sepal_width)</td><td class=\"num\">[0-9.]+</td><td class=\"num\">([0-9.]+)</td>")]
    private static partial Regex PsiAfter();
}
