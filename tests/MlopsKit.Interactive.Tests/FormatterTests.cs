using Microsoft.DotNet.Interactive.Formatting;
using MlopsKit.Data;
using MlopsKit.Monitoring;
using MlopsKit.Tracking;
using TrackedRun = MlopsKit.Tracking.Run;

namespace MlopsKit.Interactive.Tests;

public sealed class FormatterTests
{
    public FormatterTests() => HtmlFormatters.Register();

    [Fact]
    public void A_list_of_runs_formats_as_a_table_of_name_id_status_params_and_metrics()
    {
        List<TrackedRun> runs = [Run("a1", "run-a", RunStatus.FINISHED, 0.3), Run("b2", "run-<b>", RunStatus.FAILED, 0.5)];
        var html = Formatter.ToDisplayString(runs, "text/html");
        Assert.Contains("<th>run name</th><th>run id</th><th>status</th><th>params</th><th>metrics</th>", html);
        Assert.Contains("<td>run-a</td><td>a1</td><td>FINISHED</td><td>alpha=0.1</td><td>rmse=0.3</td>", html);
        Assert.Contains("<td>run-&lt;b&gt;</td><td>b2</td><td>FAILED</td>", html);
    }

    [Fact]
    public void One_run_formats_as_a_card_with_its_params_metrics_and_artifact_folder()
    {
        var html = Formatter.ToDisplayString(Run("a1", "run-a", RunStatus.FINISHED, 0.3), "text/html");
        Assert.Contains("mlopskit-run", html);
        Assert.Contains("<td>alpha</td><td>0.1</td>", html);
        Assert.Contains("<td>rmse</td><td>0.3</td><td>2</td>", html);
        Assert.Contains(">/tmp/mlruns/1/a1/artifacts</a>", html);
    }

    [Fact]
    public void Dvc_status_formats_one_row_per_changed_path()
    {
        var group = new KeyValuePair<string, IReadOnlyDictionary<string, object>>("changed outs", new Dictionary<string, object> { ["data.csv"] = "modified" });
        var html = Formatter.ToDisplayString(new StatusResult([new StageStatus("data.csv.dvc", [group])], true), "text/html");
        Assert.Contains("<td>data.csv.dvc</td><td>changed outs</td><td>data.csv</td><td>modified</td>", html);
        Assert.Contains("up to date", Formatter.ToDisplayString(new StatusResult([], true), "text/html"));
    }

    [Fact]
    public void Promql_results_format_per_series_for_an_instant_query_and_per_point_for_a_range()
    {
        var at = DateTimeOffset.Parse("2026-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var series = new PrometheusSeries(new Dictionary<string, string> { ["__name__"] = "up", ["job"] = "model" }, [new(at, 1), new(at.AddSeconds(15), 0)]);
        var instant = Formatter.ToDisplayString(new PrometheusQueryResult("vector", [series with { Points = [new(at, 1)] }]), "text/html");
        Assert.Contains("<th>metric</th><th>job</th><th>value</th>", instant);
        Assert.Contains("<td>up</td><td>model</td><td>1</td>", instant);
        var range = Formatter.ToDisplayString(new PrometheusQueryResult("matrix", [series]), "text/html");
        Assert.Contains("<td>up</td><td>model</td><td>10:00:00</td><td>1</td>", range);
        Assert.Contains("<td>up</td><td>model</td><td>10:00:15</td><td>0</td>", range);
    }

    private static TrackedRun Run(string id, string name, RunStatus status, double rmse) => new(
        new RunInfo(id, "1", name, "me", status, 1_000, 2_000, $"file:///tmp/mlruns/1/{id}/artifacts", "active"),
        new RunData(new Dictionary<string, Metric> { ["rmse"] = new("rmse", rmse, 2_000, 2) }, new Dictionary<string, string> { ["alpha"] = "0.1" }, new Dictionary<string, string>()));
}
