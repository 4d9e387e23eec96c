using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Notebooks;

/// <summary>The real <c>mlops script run</c> on the examples/csx scripts and on scripts that fail in each way a user can make them fail.</summary>
public sealed class ScriptRunTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-csx");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static string Example(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlopsKit.sln"))) return Path.Combine(dir.FullName, "examples", "csx", name);
        throw new InvalidOperationException("MlopsKit.sln not found above the test folder");
    }

    private CliRunner.Result Script(params string[] args) => CliRunner.RunWithEnvironment(_dir.Path, null,
        new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = $"sqlite:///{_dir["mlflow.db"]}" }, ["script", "run", .. args]);

    private string Write(string name, string text)
    {
        File.WriteAllText(_dir[name], text);
        return _dir[name];
    }

    private static string[] ErrorLines(CliRunner.Result run) => run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void The_data_script_versions_pushes_pulls_and_travels_back_to_version_1_in_the_given_folder()
    {
        var run = Script(Example("data.csx"), "--", _dir["repo"]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("[data] version 1: md5 a6aa6bb8f114ed0e69e8a29f3ee09166", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("pulled 1: md5 a6aa6bb8f114ed0e69e8a29f3ee09166", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("log has 2 versions", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("[data] back to version 1 through git history: md5 a6aa6bb8f114ed0e69e8a29f3ee09166", run.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(_dir["repo/project/data/diabetes.csv.dvc"]));
    }

    [Fact]
    public void The_tracking_script_takes_its_args_and_logs_the_tutorials_best_run()
    {
        var run = Script(Example("tracking.csx"), "--", "0.05", "1.0");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        // scikit-learn's ElasticNet(alpha=0.05, l1_ratio=1.0) on the tutorial split: rmse 63.2042 (the tutorial's best run).
        Assert.Contains("[tracking] alpha=0.05 l1_ratio=1: rmse 63.2042", run.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(_dir["mlflow.db"]));
    }

    [Fact]
    public void The_serving_script_loads_its_helpers_and_answers_the_tutorials_flask_request()
    {
        var run = Script(Example("serving.csx"));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("""/predict {"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8} -> {"result":["virginica"]}""", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("""/invocations, 5 rows -> {"predictions":["setosa","setosa","setosa","setosa","setosa"]}""", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_monitoring_script_reads_drift_from_prometheus_or_skips_cleanly_without_it()
    {
        var skipped = Script(Example("monitoring.csx"), "--", _dir["no/prometheus"]);
        Assert.True(skipped.ExitCode == 0, skipped.Stdout + skipped.Stderr);
        Assert.Contains($"[monitoring] skipped: {_dir["no/prometheus"]} not installed", skipped.Stdout, StringComparison.Ordinal);

        if (!File.Exists("/usr/bin/prometheus")) Assert.Skip("prometheus is not installed (apt-get install prometheus prometheus-alertmanager prometheus-pushgateway)");
        var run = Script(Example("monitoring.csx"));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var petal = run.Stdout.Split('\n').Single(l => l.StartsWith("[monitoring] petal_length", StringComparison.Ordinal));
        var values = petal.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^2..].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.InRange(values[0], 0, 0.1);
        Assert.True(values[1] > 1, petal);
        Assert.Contains("[monitoring] stopped prometheus, alertmanager, pushgateway", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_that_throws_exits_1_with_one_error_line_naming_the_file_and_line_after_its_output()
    {
        Write("lib.csx", "void Check(int n)\n{\n    if (n > 1) throw new InvalidOperationException(\"n is too big\");\n}\n");
        var script = Write("fails.csx", "#load \"lib.csx\"\nConsole.WriteLine($\"args: {string.Join('|', Args)}\");\nCheck(1);\nCheck(Args.Count);\n");
        var run = Script(script, "--", "a b", "--flag");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("args: a b|--flag\n", run.Stdout);
        Assert.Equal(["error: lib.csx line 3: InvalidOperationException: n is too big"], ErrorLines(run));
    }

    [Fact]
    public void A_compile_error_names_the_script_line()
    {
        var run = Script(Write("typo.csx", "var a = 1;\n\nConsole.WriteLine(b);\n"));
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["error: typo.csx line 3: error CS0103: The name 'b' does not exist in the current context"], ErrorLines(run));
    }

    [Fact]
    public void A_load_cycle_is_one_line_and_nothing_runs()
    {
        Write("b.csx", "#load \"a.csx\"\nConsole.WriteLine(\"b ran\");\n");
        var run = Script(Write("a.csx", "#load \"b.csx\"\nConsole.WriteLine(\"a ran\");\n"));
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(["error: #load cycle: a.csx -> b.csx -> a.csx; remove one of these #load lines."], ErrorLines(run));
    }

    [Fact]
    public void A_missing_load_file_is_one_line_naming_the_line_and_the_path()
    {
        var run = Script(Write("main.csx", "// helpers\n#load \"sub/helpers.csx\"\n"));
        Assert.Equal(4, run.ExitCode);
        Assert.Equal([$"error: main.csx line 2: #load file 'sub/helpers.csx' not found (looked for {_dir["sub/helpers.csx"]})."], ErrorLines(run));
    }

    [Fact]
    public void A_missing_package_is_one_line_naming_the_r_line_and_nugets_error()
    {
        var missing = Script(Write("nopkg.csx", "// needs a package\n#r \"nuget: No.Such.Package, 1.0.0\"\nConsole.WriteLine(1);\n"));
        Assert.Equal(1, missing.ExitCode);
        var line = Assert.Single(ErrorLines(missing));
        Assert.StartsWith("error: nopkg.csx line 2: package restore failed: NU1101: Unable to find package No.Such.Package.", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_past_its_timeout_is_stopped_and_fails_within_bounds()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = Script(Write("spin.csx", "Console.WriteLine(\"spinning\");\nwhile (true) { }\n"), "--timeout", "8");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("spinning\n", run.Stdout);
        Assert.Equal(["error: spin.csx timed out after 8s"], ErrorLines(run));
        Assert.InRange(clock.Elapsed.TotalSeconds, 8, 40);
    }
}
