using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using MlopsKit.Notebooks;
using MlopsKit.Tests.Support;
using static MlopsKit.Tests.Notebooks.TestNotebook;

namespace MlopsKit.Tests.Notebooks;

/// <summary>The real <c>mlops notebook run</c> on real notebook files: outputs, nbformat validity, parameters, failures, timeouts, bad input, HTML.</summary>
public sealed class NotebookRunTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-nb");

    public void Dispose() => _dir.Dispose();

    private static string BinPath(string file) => Path.Combine(AppContext.BaseDirectory, file);

    [Fact]
    public void A_good_notebook_runs_every_cell_and_writes_each_kind_of_output_in_a_valid_nbformat_file()
    {
        var nb = Write(_dir["good.ipynb"],
            Markdown("# Good notebook"),
            Code("40 + 2"),
            Code("Console.WriteLine(\"hello from stdout\");"),
            Code("\"<b>displayed</b>\".DisplayAs(\"text/html\");"),
            Code($"#r \"{BinPath("MlopsKit.dll")}\""),
            Code("MlopsKit.Charts.ChartHtml.PlotlyJsVersion"),
            Code($"#r \"{BinPath("DynamicObj.dll")}\"\n#r \"{BinPath("Plotly.NET.dll")}\""),
            Code("using Plotly.NET;\nvar trace = new Trace2D(\"scatter\");\ntrace.SetProperty(\"x\", new[] { 1, 2, 3 });\ntrace.SetProperty(\"y\", new[] { 0.9, 0.6, 0.4 });\nGenericChart.toChartHTML(GenericChart.ofTraceObject(true, trace)).DisplayAs(\"text/html\");"));
        var run = CliRunner.Run(_dir.Path, "notebook", "run", nb);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var executed = _dir["good.executed.ipynb"];
        var cells = Cells(executed);
        Assert.Equal("42", Text(Output(cells[1], "execute_result")["data"]!["text/plain"]));
        Assert.Equal(1, cells[1]!["execution_count"]!.GetValue<int>());
        Assert.Equal("hello from stdout\n", Text(Output(cells[2], "stream")["text"]));
        Assert.Equal("stdout", Output(cells[2], "stream")["name"]!.GetValue<string>());
        Assert.Equal("<b>displayed</b>", Text(Output(cells[3], "display_data")["data"]!["text/html"]));
        Assert.Matches(@"^\d+\.\d+\.\d+$", Text(Output(cells[5], "execute_result")["data"]!["text/plain"]));
        Assert.Contains("Plotly.newPlot", Text(Output(cells[7], "display_data")["data"]!["text/html"]), StringComparison.Ordinal);
        Assert.DoesNotContain(cells, c => c!["outputs"] is JsonArray o && o.Any(x => x!["output_type"]!.GetValue<string>() == "error"));
        // Progress: one line per code cell with its position and first line.
        Assert.Contains("cell   2 ok", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("40 + 2", run.Stdout, StringComparison.Ordinal);
        ValidateWithNbformat(executed);
    }

    [Fact]
    public void A_dib_notebook_runs_and_its_parameters_cell_takes_the_injected_value()
    {
        var dib = _dir["params.dib"];
        File.WriteAllText(dib, "#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\"}}\n\n#!markdown\n\n# A .dib notebook\n\n#!csharp\n\n// parameters\nvar epochs = 3;\nvar name = \"default\";\n\n#!csharp\n\n$\"{name}:{epochs * 10}\"\n");
        var run = CliRunner.Run(_dir.Path, "notebook", "run", dib, "-p", "epochs=7", "-p", "name=tuned run", "-o", "out/params.ipynb", "-q");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("", run.Stdout);
        var cells = Cells(_dir["out/params.ipynb"]);
        var injected = cells.Single(c => c!["metadata"]!["tags"] is JsonArray t && t.Any(x => x!.GetValue<string>() == "injected-parameters"))!;
        Assert.Equal(cells.IndexOf(cells.First(c => Text(c!["source"]).StartsWith("// parameters", StringComparison.Ordinal))) + 1, cells.IndexOf(injected));
        Assert.Equal("tuned run:70", Text(Output(cells[^1]!, "execute_result")["data"]!["text/plain"]));
        ValidateWithNbformat(_dir["out/params.ipynb"]);
    }

    [Fact]
    public void A_parameter_replaces_the_value_of_the_cell_tagged_parameters_and_stays_a_number_and_cells_run_in_the_working_dir()
    {
        var nb = Write(_dir["train.ipynb"],
            Code("var alpha = 0.5;", "parameters"),
            Code("alpha * 2"),
            Code("System.IO.File.ReadAllText(\"input.txt\")"));
        Directory.CreateDirectory(_dir["work"]);
        File.WriteAllText(_dir["work/input.txt"], "read from --working-dir");
        var run = CliRunner.Run(_dir.Path, "notebook", "run", nb, "-p", "alpha=0.01", "-o", "train.out.ipynb", "--working-dir", "work");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var cells = Cells(_dir["train.out.ipynb"]);
        Assert.Equal(4, cells.Count);
        Assert.Equal("// Injected by mlops notebook run -p\nvar alpha = 0.01;", Text(cells[1]!["source"]));
        Assert.Equal("0.02", Text(Output(cells[2]!, "execute_result")["data"]!["text/plain"]));
        Assert.Equal("read from --working-dir", Text(Output(cells[3]!, "execute_result")["data"]!["text/plain"]));
    }

    [Fact]
    public void A_failing_cell_stops_the_run_with_a_nonzero_exit_naming_the_cell_and_keeps_its_error_output()
    {
        var nb = Write(_dir["fail.ipynb"],
            Code("var x = 1;"),
            Code("Console.WriteLine(\"before the throw\");\nthrow new InvalidOperationException(\"boom in cell two\");"),
            Code("Console.WriteLine(\"never printed\");"));
        var run = CliRunner.Run(_dir.Path, "notebook", "run", nb);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: cell 2 (Console.WriteLine(\"before the throw\");) failed: InvalidOperationException: boom in cell two", run.Stderr, StringComparison.Ordinal);
        var cells = Cells(_dir["fail.executed.ipynb"]);
        var error = Output(cells[1]!, "error");
        Assert.Equal("InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.Equal("boom in cell two", error["evalue"]!.GetValue<string>());
        Assert.NotEmpty(error["traceback"]!.AsArray());
        Assert.Equal("before the throw\n", Text(Output(cells[1]!, "stream")["text"]));
        Assert.Empty(cells[2]!["outputs"]!.AsArray());
        Assert.Null(cells[2]!["execution_count"]);
        Assert.Contains("skipped", run.Stdout, StringComparison.Ordinal);
        ValidateWithNbformat(_dir["fail.executed.ipynb"]);
    }

    [Fact]
    public void An_infinite_loop_fails_at_the_cell_timeout_instead_of_hanging()
    {
        // The loop comes first: the kernel's first compilation (1-2 s, more on a busy machine) must not make an earlier cell hit the 3 s limit.
        var nb = Write(_dir["loop.ipynb"],
            Markdown("# Loop"),
            Code("while (true) { }"),
            Code("2"));
        var clock = Stopwatch.StartNew();
        var run = CliRunner.Run(_dir.Path, "notebook", "run", nb, "--cell-timeout", "3");
        var elapsed = clock.Elapsed;
        Assert.Equal(1, run.ExitCode);
        Assert.True(run.Stderr.Contains("error: cell 2 timed out after 3s (while (true) { })", StringComparison.Ordinal), run.Stdout + run.Stderr);
        Assert.True(elapsed < TimeSpan.FromSeconds(40), $"took {elapsed}");
        var cells = Cells(_dir["loop.executed.ipynb"]);
        Assert.Equal("cell 2 timed out after 3s", Output(cells[1]!, "error")["evalue"]!.GetValue<string>());
        Assert.Empty(cells[2]!["outputs"]!.AsArray());
        Assert.Null(cells[2]!["execution_count"]);
        ValidateWithNbformat(_dir["loop.executed.ipynb"]);
    }

    [Fact]
    public void A_file_that_is_not_json_gets_one_line_naming_the_file_and_the_config_exit_code()
    {
        File.WriteAllText(_dir["broken.ipynb"], "this is { not json");
        var run = CliRunner.Run(_dir.Path, "notebook", "run", "broken.ipynb");
        Assert.Equal(3, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: 'broken.ipynb' is not a valid notebook: it is not JSON", line, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir["broken.executed.ipynb"]));
    }

    [Fact]
    public void A_missing_notebook_gets_one_line_and_the_not_found_exit_code()
    {
        var run = CliRunner.Run(_dir.Path, "notebook", "run", "nowhere.ipynb");
        Assert.Equal(4, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("error: notebook 'nowhere.ipynb' does not exist; check the path (it is relative to the current folder).", line);
    }

    [Fact]
    public void The_html_report_holds_every_cell_source_and_output_and_loads_nothing_from_outside()
    {
        var nb = Write(_dir["report.ipynb"],
            Markdown("# Report title cell"),
            Code("Console.WriteLine(\"printed <line>\");"),
            Code("\"<i id='shown'>html output</i>\".DisplayAs(\"text/html\");"),
            Code("6 * 7"),
            Code("throw new Exception(\"reported failure\");"));
        var run = CliRunner.Run(_dir.Path, "notebook", "run", nb, "--html", "report.html");
        Assert.Equal(1, run.ExitCode);
        var html = File.ReadAllText(_dir["report.html"]);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("# Report title cell", html, StringComparison.Ordinal);
        Assert.Contains("Console.WriteLine(&quot;printed &lt;line&gt;&quot;);", html, StringComparison.Ordinal);
        Assert.Contains("printed &lt;line&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<i id='shown'>html output</i>", html, StringComparison.Ordinal);
        Assert.Contains("<pre>42</pre>", html, StringComparison.Ordinal);
        Assert.Contains("class=\"output error\"", html, StringComparison.Ordinal);
        Assert.Contains("reported failure", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<script[^>]+src\s*=\s*[""']?https?://", html);
        Assert.DoesNotMatch(@"<link[^>]+href\s*=\s*[""']?https?://", html);
    }

    [Fact]
    public void A_package_added_with_r_nuget_has_its_extension_dib_run_before_the_next_cell()
    {
        // A real package in a local folder feed, laid out as notebook extensions ship: interactive-extensions/dotnet/extension.dib.
        var feed = Directory.CreateDirectory(_dir["feed"]).FullName;
        using (var zip = ZipFile.Open(Path.Combine(feed, "MlopsKit.TestExtension.1.0.0.nupkg"), ZipArchiveMode.Create))
        {
            XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
            var nuspec = new XDocument(new XElement(ns + "package", new XElement(ns + "metadata",
                new XElement(ns + "id", "MlopsKit.TestExtension"), new XElement(ns + "version", "1.0.0"),
                new XElement(ns + "authors", "MlopsKit tests"), new XElement(ns + "description", "extension.dib loading test"))));
            using (var s = zip.CreateEntry("MlopsKit.TestExtension.nuspec").Open()) nuspec.Save(s);
            using (var w = new StreamWriter(zip.CreateEntry("interactive-extensions/dotnet/extension.dib").Open()))
                w.Write("#!csharp\n\nvar extensionLoaded = 42;\n");
        }
        var nb = Write(_dir["ext.ipynb"],
            Code($"#i \"nuget: {feed}\"\n#r \"nuget: MlopsKit.TestExtension, 1.0.0\""),
            Code("extensionLoaded"));
        // A package cache of its own, so the test neither reads a stale copy nor leaves one in the user's cache.
        var run = CliRunner.RunWithEnvironment(_dir.Path, null, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _dir["packages"] }, "notebook", "run", nb);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var cells = Cells(_dir["ext.executed.ipynb"]);
        Assert.Equal("42", Text(Output(cells[1], "execute_result")["data"]!["text/plain"]));
    }

    [Fact]
    public async Task The_csharp_api_reports_each_cell_with_status_and_timing_and_the_report_renders_from_the_executed_file()
    {
        var nb = Write(_dir["api.ipynb"],
            Markdown("# API"),
            Code("var n = 20;"),
            Code("n + 1"),
            Code("throw new ArgumentException(\"bad n\");"),
            Code("n"));
        var reported = new List<NotebookCellResult>();
        var result = await NotebookRunner.RunAsync(nb, new NotebookRunOptions { WorkingDirectory = Environment.CurrentDirectory, CellTimeout = TimeSpan.FromSeconds(60) },
            new SyncProgress(reported), TestContext.Current.CancellationToken);
        Assert.False(result.Succeeded);
        Assert.Equal([NotebookCellStatus.Passed, NotebookCellStatus.Passed, NotebookCellStatus.Failed, NotebookCellStatus.Skipped], result.Cells.Select(c => c.Status));
        Assert.Equal([2, 3, 4, 5], result.Cells.Select(c => c.Index));
        Assert.Equal(result.Cells, reported);
        Assert.Equal(4, result.FirstFailure!.Index);
        Assert.Equal("ArgumentException: bad n", result.FirstFailure.Error);
        Assert.All(result.Cells.Take(3), c => Assert.True(c.Elapsed > TimeSpan.Zero));
        Assert.True(result.KernelStartup > TimeSpan.Zero && result.Elapsed > result.KernelStartup);
        Assert.Equal(NotebookRunner.DefaultOutputPath(nb), result.OutputPath);
        Assert.True(File.Exists(result.OutputPath));

        NotebookHtmlReport.Write(result.OutputPath, _dir["api.html"]);
        var html = File.ReadAllText(_dir["api.html"]);
        Assert.Contains("<pre>21</pre>", html, StringComparison.Ordinal);
        Assert.Contains("bad n", html, StringComparison.Ordinal);
    }

    /// <summary>Reports synchronously, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(List<NotebookCellResult> list) : IProgress<NotebookCellResult>
    {
        public void Report(NotebookCellResult value) => list.Add(value);
    }

    private static JsonObject Output(JsonNode? cell, string type) =>
        cell!["outputs"]!.AsArray().First(o => o!["output_type"]!.GetValue<string>() == type)!.AsObject();

    /// <summary>Runs nbformat's own validator (python3-nbformat) on the file, as a separate process.</summary>
    private static void ValidateWithNbformat(string path)
    {
        var python = NbformatPython();
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-W");
        psi.ArgumentList.Add("error::Warning:nbformat");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], 4)); print('valid')");
        psi.ArgumentList.Add(path);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("nbformat validation did not finish in 60 s");
        }
        Assert.True(process.ExitCode == 0 && stdout.Result.Trim() == "valid", $"nbformat.validate failed for {path}: {stderr.Result}");
    }

    /// <summary>The first of $MLOPSKIT_PYTHON, python3 and /usr/bin/python3 that imports nbformat (pyenv shims hide the apt one).</summary>
    private static string NbformatPython()
    {
        string?[] candidates = [Environment.GetEnvironmentVariable("MLOPSKIT_PYTHON"), "python3", "/usr/bin/python3"];
        foreach (var candidate in candidates.OfType<string>())
        {
            try
            {
                var psi = new ProcessStartInfo(candidate, ["-c", "import nbformat"]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
                using var p = Process.Start(psi)!;
                if (!p.WaitForExit(TimeSpan.FromSeconds(30))) { p.Kill(true); continue; }
                if (p.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        Assert.Fail("python3 with nbformat is needed to validate executed notebooks: apt-get install python3-nbformat (./build.sh test installs it).");
        return "";
    }
}
