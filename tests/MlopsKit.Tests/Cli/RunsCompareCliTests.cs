using MlopsKit.Tests.Charts;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Cli;

/// <summary>The real <c>mlops runs compare</c> against a real SQLite tracking store.</summary>
public sealed class RunsCompareCliTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> s_noTrackingUri = new() { ["MLFLOW_TRACKING_URI"] = null };
    private WineRuns _wine = null!;

    public async ValueTask InitializeAsync() => _wine = await WineRuns.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _wine.Dispose();
        return ValueTask.CompletedTask;
    }

    private CliRunner.Result Compare(params string[] args) =>
        CliRunner.RunWithEnvironment(_wine.Dir.Path, null, s_noTrackingUri, ["runs", "compare", .. args]);

    [Fact]
    public void Compare_writes_an_offline_page_and_a_png_and_prints_their_paths()
    {
        var r = Compare("--experiment", "wine-quality", "--metric", "rmse", "--param", "alpha", "--param", "l1_ratio",
            "--html", "out/compare.html", "--png", "out/compare.png", "--tracking-uri", $"sqlite:///{_wine.DbPath}");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Compared 8 runs on rmse.", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"wrote {_wine.Dir["out/compare.html"]}", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"wrote {_wine.Dir["out/compare.png"]}", r.Stdout, StringComparison.Ordinal);
        var html = File.ReadAllText(_wine.Dir["out/compare.html"]);
        Assert.Equal(5, html.Split("Plotly.newPlot('").Length - 1);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        var png = PngImage.Read(_wine.Dir["out/compare.png"]);
        Assert.Equal(1500, png.Width);
        Assert.True(png.Height >= 3 * 480, $"the PNG is {png.Height} pixels high, too short for three rows of charts");
        Assert.True(png.DistinctColours() > 20, "the PNG looks blank");
    }

    [Fact]
    public void Without_a_tracking_uri_it_reads_mlflow_db_here_and_writes_runs_compare_html()
    {
        var r = Compare("--experiment-id", _wine.ExperimentId, "--metric", "rmse", "--filter", "params.alpha = '0.5'");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Compared 3 runs on rmse.", r.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(_wine.Dir["runs-compare.html"]));
    }

    [Fact]
    public void MLFLOW_TRACKING_URI_is_used_when_no_tracking_uri_is_given()
    {
        using var elsewhere = TempDir.Create("mlopskit-cwd");
        var ids = _wine.Runs.Take(2).Select(r => r.Info.RunId).ToArray();
        var r = CliRunner.RunWithEnvironment(elsewhere.Path, null, new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = _wine.DbPath },
            ["runs", "compare", .. ids, "--metric", "rmse", "--param", "alpha"]);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Compared 2 runs on rmse.", r.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(elsewhere.Path, "runs-compare.html")));
    }

    [Fact]
    public void Unknown_runs_metrics_and_stores_fail_with_their_exit_codes_and_a_clear_line()
    {
        var uri = $"sqlite:///{_wine.DbPath}";

        var unknownRun = Compare("0123456789abcdef0123456789abcdef", "--metric", "rmse", "--tracking-uri", uri);
        Assert.Equal(4, unknownRun.ExitCode);
        Assert.Contains("run '0123456789abcdef0123456789abcdef' not found", unknownRun.Stderr, StringComparison.Ordinal);

        var unknownMetric = Compare("--experiment", "wine-quality", "--metric", "accuracy", "--tracking-uri", uri);
        Assert.Equal(4, unknownMetric.ExitCode);
        Assert.StartsWith("error: None of the 8 runs selected has metric 'accuracy'; metrics they have: rmse", unknownMetric.Stderr, StringComparison.Ordinal);

        var unknownExperiment = Compare("--experiment", "nope", "--metric", "rmse", "--tracking-uri", uri);
        Assert.Equal(4, unknownExperiment.ExitCode);

        var http = Compare("--metric", "rmse", "--tracking-uri", "http://127.0.0.1:5000");
        Assert.Equal(3, http.ExitCode);
        Assert.Contains("sqlite:///", http.Stderr, StringComparison.Ordinal);

        var missingDb = Compare("--metric", "rmse", "--tracking-uri", _wine.Dir["absent/mlflow.db"]);
        Assert.Equal(4, missingDb.ExitCode);
        Assert.False(File.Exists(_wine.Dir["absent/mlflow.db"]));

        var badFilter = Compare("--experiment", "wine-quality", "--metric", "rmse", "--filter", "params.alpha ~ 1", "--tracking-uri", uri);
        Assert.Equal(3, badFilter.ExitCode);
        Assert.StartsWith("error: ", badFilter.Stderr, StringComparison.Ordinal);

        var both = Compare(_wine.Runs[0].Info.RunId, "--filter", "params.alpha = '0.5'", "--metric", "rmse", "--tracking-uri", uri);
        Assert.Equal(3, both.ExitCode);
        Assert.Contains("--filter", both.Stderr, StringComparison.Ordinal);

        var noMetric = Compare("--experiment", "wine-quality", "--tracking-uri", uri);
        Assert.Equal(2, noMetric.ExitCode);
    }
}
