using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Examples;

/// <summary>The C# file-based apps in examples/, run for real with <c>dotnet run</c> against a temp tracking store.</summary>
public sealed class ExamplesTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MlopsKit.sln"))) return dir.FullName;
            throw new InvalidOperationException("MlopsKit.sln not found above the test folder");
        }
    }

    private (int ExitCode, string Stdout, string Stderr) RunExample(string script, params string[] args) => Dotnet("run", script, args);

    private (int ExitCode, string Stdout, string Stderr) Dotnet(string verb, string script, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(verb);
        psi.ArgumentList.Add(Path.Combine(RepoRoot, "examples", script));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["MLFLOW_TRACKING_URI"] = $"sqlite:///{_dir["mlflow.db"]}";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.Ordinal) || k.StartsWith("VSTEST", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(name);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {verb} {script} did not finish in 4 minutes");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private async Task<Run> OnlyRunAsync(string experiment)
    {
        using var store = SqliteTrackingStore.Open(_dir["mlflow.db"]);
        var exp = await store.GetExperimentByNameAsync(experiment, Ct);
        Assert.NotNull(exp);
        var (runs, _) = await store.SearchRunsAsync(new RunSearch { ExperimentIds = [exp.ExperimentId] }, Ct);
        return Assert.Single(runs);
    }

    [Fact]
    public async Task The_example_scripts_train_track_and_log_models_as_the_tutorial_does()
    {
        var diabetes = RunExample("train_diabetes.cs", "0.01", "1.0");
        Assert.True(diabetes.ExitCode == 0, diabetes.Stdout + diabetes.Stderr);
        Assert.Contains("Elasticnet model (alpha=0.010000, l1_ratio=1.000000):", diabetes.Stdout, StringComparison.Ordinal);
        var run = await OnlyRunAsync("diabetes");
        Assert.Equal("0.01", run.Data.Params["alpha"]);
        Assert.Equal("1.0", run.Data.Params["l1_ratio"]);
        // scikit-learn's ElasticNet(alpha=0.01, l1_ratio=1.0) on the tutorial split: rmse 63.246893 (tests/reference/sklearn_reference.py).
        Assert.Equal(63.246893, run.Data.Metrics["rmse"].Value, 3);
        Assert.Contains("runs:/" + run.Info.RunId + "/model", diabetes.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(TrackingClient.ArtifactDirectory(run.Info), "model", "MLmodel")));

        var pipeline = RunExample("autolog_pipeline.cs");
        Assert.True(pipeline.ExitCode == 0, pipeline.Stdout + pipeline.Stderr);
        var autologged = await OnlyRunAsync("diabetes-autolog");
        Assert.Equal("mlnet", autologged.Data.Tags[SystemTags.Autologging]);
        Assert.InRange(autologged.Data.Metrics["test_root_mean_squared_error"].Value, 50, 70);
        Assert.Contains(autologged.Data.Params.Keys, k => k.Contains("NormalizingEstimator", StringComparison.Ordinal));

        var iris = RunExample("train_iris.cs", "50");
        Assert.True(iris.ExitCode == 0, iris.Stdout + iris.Stderr);
        var forest = await OnlyRunAsync("iris");
        Assert.InRange(forest.Data.Metrics["test_accuracy_score"].Value, 0.9, 1.0);
        Assert.True(forest.Data.Metrics.ContainsKey("test_misclassified"));
        Assert.Equal("random-forest-50", forest.Info.RunName);
    }

    [Fact]
    public void The_serving_examples_answer_the_tutorials_requests_on_every_protocol()
    {
        var iris = RunExample("serve_iris.cs");
        Assert.True(iris.ExitCode == 0, iris.Stdout + iris.Stderr);
        Assert.Contains("""POST /predict {"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8} -> {"result":[2]}""", iris.Stdout, StringComparison.Ordinal);
        Assert.Contains("""{"data":{"names":["t:0","t:1","t:2"],"ndarray":[[""", iris.Stdout, StringComparison.Ordinal);
        Assert.Contains("""POST /invocations (dataframe_split) -> {"predictions":[2]}""", iris.Stdout, StringComparison.Ordinal);
        Assert.Contains("stopping http://127.0.0.1:", iris.Stdout, StringComparison.Ordinal);

        var diabetes = RunExample("serve_diabetes.cs");
        Assert.True(diabetes.ExitCode == 0, diabetes.Stdout + diabetes.Stderr);
        var line = diabetes.Stdout.Split('\n').Single(l => l.StartsWith("POST /invocations", StringComparison.Ordinal));
        Assert.Contains("-> 200 {\"predictions\":[", line, StringComparison.Ordinal);
        var value = line[(line.LastIndexOf('[') + 1)..line.LastIndexOf(']')];
        foreach (var protocol in new[] { "Flask", "Seldon", "OpenInference" })
            Assert.Contains($"{protocol}: {value}", diabetes.Stdout, StringComparison.Ordinal);
        Assert.Contains("X-Training-Data-Md5: ", diabetes.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_example_builds_as_a_file_based_app()
    {
        var scripts = Directory.GetFiles(Path.Combine(RepoRoot, "examples"), "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("version_data.cs", scripts);
        Assert.Contains("monitor_iris.cs", scripts);
        foreach (var script in scripts)
        {
            var build = Dotnet("build", script!, "-nologo", "-v", "quiet");
            Assert.True(build.ExitCode == 0, $"dotnet build examples/{script}: {build.Stdout}{build.Stderr}");
            // No example needs '#:property PublishAot=false': MlopsKit avoids reflection-based JSON and Reflection.Emit on its own paths.
            Assert.DoesNotContain("PublishAot", File.ReadAllText(Path.Combine(RepoRoot, "examples", script!)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_data_example_pushes_pulls_and_travels_back_to_version_1_through_git_history()
    {
        var data = RunExample("version_data.cs", _dir["versions"]);
        Assert.True(data.ExitCode == 0, data.Stdout + data.Stderr);
        Assert.Contains("version 1: data/diabetes.csv, 442 rows, md5 a6aa6bb8f114ed0e69e8a29f3ee09166", data.Stdout, StringComparison.Ordinal);
        Assert.Contains("pushed 1 object(s), deleted the file and the cache, pulled 1 back: md5 a6aa6bb8f114ed0e69e8a29f3ee09166", data.Stdout, StringComparison.Ordinal);
        Assert.Contains("version 2: status saw the change: True; 400 rows", data.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, data.Stdout.Split('\n').Count(l => l.StartsWith("  log: ", StringComparison.Ordinal)));
        Assert.Contains("442 rows, md5 a6aa6bb8f114ed0e69e8a29f3ee09166 (version 1 again)", data.Stdout, StringComparison.Ordinal);
        Assert.True(Directory.Exists(_dir["versions/storage/files/md5"]));

        var occupied = RunExample("version_data.cs", _dir["versions"]);
        Assert.Equal(2, occupied.ExitCode);
        Assert.Contains("is not empty; pass a new or empty folder", occupied.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_monitoring_example_prints_psi_from_prometheus_before_and_after_the_shift_and_stops_the_stack()
    {
        var monitor = RunExample("monitor_iris.cs");
        Assert.True(monitor.ExitCode == 0, monitor.Stdout + monitor.Stderr);
        if (!File.Exists("/usr/bin/prometheus"))
        {
            Assert.Contains("skipped: /usr/bin/prometheus", monitor.Stdout, StringComparison.Ordinal);
            Assert.Skip("prometheus is not installed (apt-get install prometheus prometheus-alertmanager prometheus-pushgateway)");
        }
        var petal = monitor.Stdout.Split('\n').Single(l => l.StartsWith("  petal_length", StringComparison.Ordinal));
        var values = petal.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.InRange(values[0], 0, 0.1);
        Assert.True(values[1] > 1, petal);
        Assert.Contains("petal_length drifted (PSI > 0.25)", monitor.Stdout, StringComparison.Ordinal);
        Assert.Contains("stopped prometheus, alertmanager, pushgateway", monitor.Stdout, StringComparison.Ordinal);
    }
}
