using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MlopsKit.Interactive.Tests.Support;

namespace MlopsKit.Interactive.Tests;

/// <summary>
/// Every notebook in notebooks/ run as CI runs it: the current build packed into a feed laid out like the repository, each notebook
/// executed by the built <c>mlops notebook run</c> (and 02 by the real dotnet-repl host), the executed copies validated by nbformat
/// and checked for their key outputs. Wall times go to the test output. Needs python3-nbformat, Prometheus for 04 (its monitoring
/// cells skip without it) and .tools/dotnet-repl (installed when missing), as './build.sh test' provides.
/// </summary>
public sealed partial class NotebookTests(NotebookFeed feed, ITestOutputHelper output) : IClassFixture<NotebookFeed>
{
    private const string ReplVersion = "0.3.259";
    private const string FirstCell = "#r \"nuget: MlopsKit.Interactive, *-*\"";

    public static TheoryData<string> Notebooks => [.. Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"Plotly\.newPlot\('")]
    private static partial Regex NewPlot();

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Each_notebook_runs_in_mlops_notebook_run_and_its_executed_copy_validates_and_shows_its_results(string notebook)
    {
        Assert.True(File.Exists(RepoPaths.MlopsDll), $"{RepoPaths.MlopsDll} is missing; build the solution first");
        var executed = Path.Combine(feed.Output, "runner-" + notebook);

        var (exit, log, elapsed) = await ProcessRun.RunAsync("dotnet", [RepoPaths.MlopsDll, "notebook", "run", notebook, "-o", executed, "--timeout", "240"],
            feed.Notebooks, TimeSpan.FromSeconds(300), Ct, feed.Environment);

        output.WriteLine($"{notebook}: mlops notebook run {elapsed.TotalSeconds:0.0} s wall");
        output.WriteLine(log);
        Assert.True(exit == 0, $"mlops notebook run {notebook} exited {exit}:\n{log}");
        await ValidateAsync(executed);
        var cells = NotebookOutputs.Read(executed);
        var all = string.Concat(cells);
        Assert.Contains($"MlopsKit.Interactive, {feed.Version}", cells[0], StringComparison.Ordinal);
        switch (notebook)
        {
            case "01-data-versioning.ipynb":
                Assert.Contains("Initialized DVC repository in", all, StringComparison.Ordinal);
                Assert.Contains("diabetes v2: 400 rows", all, StringComparison.Ordinal);
                Assert.Contains("442 rows: version 1 is back", all, StringComparison.Ordinal);
                break;
            case "02-experiment-tracking.ipynb":
                Assert.Equal(8, Regex.Count(all, @"<td>elasticnet-[0-9.]+-[0-9.]+</td><td>[0-9a-f]{32}</td><td>FINISHED</td>"));
                Assert.Contains("<td>elasticnet-0.05-1.0</td>", all, StringComparison.Ordinal);
                Assert.Contains("rmse=63.2042", all, StringComparison.Ordinal);
                AssertChart(all, charts: 4);
                Assert.Contains("<b>experiment</b> iris", all, StringComparison.Ordinal);
                break;
            case "03-model-serving.ipynb":
                Assert.Contains("{\"predictions\":[232.41043]}", all, StringComparison.Ordinal);
                Assert.Contains("{\"result\":[2]}", all, StringComparison.Ordinal);
                Assert.Contains("\"model_name\":\"iris\"", all, StringComparison.Ordinal);
                Assert.Contains("missing feature", all, StringComparison.Ordinal);
                Assert.Contains("needs 8 elements but", all, StringComparison.Ordinal);
                Assert.Contains("Stopped http://127.0.0.1:", all, StringComparison.Ordinal);
                break;
            case "04-monitoring.ipynb":
                Assert.Contains("the monitoring cells run", all, StringComparison.Ordinal);     // Prometheus is installed here: no skipping
                Assert.Contains("<td>model_feature_psi</td><td>petal_length</td>", all, StringComparison.Ordinal);
                Assert.Contains("<td>ModelFeatureDriftHigh</td><td>firing</td><td>petal_length</td>", all, StringComparison.Ordinal);
                AssertChart(all, charts: 1);
                Assert.Contains("Stopped prometheus, alertmanager, pushgateway.", all, StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public async Task The_tracking_notebook_runs_in_dotnet_repl_and_its_output_carries_the_comparison_chart()
    {
        var repl = await ReplAsync();
        var executed = Path.Combine(feed.Output, "repl-02-experiment-tracking.ipynb");

        var (exit, log, elapsed) = await ProcessRun.RunAsync(repl, ["--run", "02-experiment-tracking.ipynb", "--exit-after-run", "--output-path", executed, "--working-dir", feed.Notebooks],
            feed.Notebooks, TimeSpan.FromSeconds(300), Ct, feed.Environment);

        output.WriteLine($"02-experiment-tracking.ipynb: dotnet-repl {elapsed.TotalSeconds:0.0} s wall");
        var cells = NotebookOutputs.Read(executed);
        Assert.True(exit == 0, $"dotnet-repl exited {exit}:\n{log}\n{string.Join("\n---\n", cells.Select(c => c.Length > 2000 ? c[..2000] : c))}");
        var all = string.Concat(cells);
        Assert.Contains($"mlopskit.interactive/{feed.Version}/interactive-extensions/dotnet/MlopsKit.Interactive.dll", all, StringComparison.Ordinal);
        Assert.Contains("<td>elasticnet-0.05-1.0</td>", all, StringComparison.Ordinal);
        AssertChart(all, charts: 4);
    }

    [Fact]
    public void Notebooks_in_git_are_cleared_nbformat_4_5_with_cell_ids_and_load_the_extension_first()
    {
        var notebooks = Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb");
        Assert.NotEmpty(notebooks);
        foreach (var path in notebooks)
        {
            var name = Path.GetFileName(path);
            var root = JsonNode.Parse(File.ReadAllText(path))!;
            Assert.Equal(4, root["nbformat"]!.GetValue<int>());
            Assert.True(root["nbformat_minor"]!.GetValue<int>() >= 5, $"{name}: nbformat_minor below 5 (cell ids need 4.5)");
            var cells = root["cells"]!.AsArray();
            var ids = cells.Select(c => c!["id"]?.GetValue<string>()).ToList();
            Assert.True(ids.All(id => id is not null) && ids.Distinct().Count() == ids.Count, $"{name}: every cell needs its own id");
            var code = cells.Where(c => c!["cell_type"]!.GetValue<string>() == "code").ToList();
            foreach (var cell in code)
            {
                var source = string.Concat(cell!["source"]!.AsArray().Select(l => l!.GetValue<string>()));
                Assert.True(cell["outputs"]!.AsArray().Count == 0, $"{name}: cell '{source.Split('\n')[0]}' has outputs; clear them before committing");
                Assert.True(cell["execution_count"] is null, $"{name}: cell '{source.Split('\n')[0]}' has an execution count; clear outputs before committing");
            }
            Assert.Equal(FirstCell, string.Concat(code[0]!["source"]!.AsArray().Select(l => l!.GetValue<string>())).Trim());
        }
    }

    /// <summary>The comparison chart(s) as the chart formatter writes them: plotly.js behind its guard, then a div and newPlot per chart.</summary>
    private static void AssertChart(string text, int charts)
    {
        Assert.Contains("<script type=\"text/javascript\">if(!window.Plotly)", text, StringComparison.Ordinal);
        Assert.Contains("<div id=\"", text, StringComparison.Ordinal);
        Assert.True(NewPlot().Count(text) >= charts, $"expected at least {charts} Plotly.newPlot calls, found {NewPlot().Count(text)}");
    }

    private static async Task ValidateAsync(string ipynb)
    {
        var (exit, log, _) = await ProcessRun.RunAsync("/usr/bin/python3",
            ["-c", "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], 4))", ipynb], RepoPaths.Root, TimeSpan.FromSeconds(60), Ct);
        Assert.True(exit == 0, $"nbformat.validate failed for {ipynb}:\n{log}");
    }

    private static async Task<string> ReplAsync()
    {
        var tool = Path.Combine(RepoPaths.Root, ".tools", "dotnet-repl");
        if (File.Exists(tool)) return tool;
        var (exit, log, _) = await ProcessRun.RunAsync("dotnet", ["tool", "install", "--tool-path", Path.Combine(RepoPaths.Root, ".tools"), "dotnet-repl", "--version", ReplVersion],
            RepoPaths.Root, TimeSpan.FromSeconds(120), Ct);
        Assert.True(exit == 0, $"installing dotnet-repl {ReplVersion} failed:\n{log}");
        return tool;
    }
}
