using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlopsKit.Datasets;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Training;

/// <summary>Runs tests/reference/sklearn_reference.py once on the embedded data and keeps its numbers.</summary>
public sealed class SklearnReference
{
    private readonly Lazy<(IReadOnlyList<ReferenceRun> Runs, double IrisAccuracy)> _result = new(Run);

    /// <summary>The eight tutorial ElasticNet runs, in the script's order.</summary>
    public IReadOnlyList<ReferenceRun> Runs => _result.Value.Runs;

    /// <summary>RandomForestClassifier(n_estimators=300, random_state=42) accuracy on the iris test split.</summary>
    public double IrisAccuracy => _result.Value.IrisAccuracy;

    private static (IReadOnlyList<ReferenceRun>, double) Run()
    {
        var python = FindPython();
        var script = Path.Combine(AppContext.BaseDirectory, "reference", "sklearn_reference.py");
        Assert.True(File.Exists(script), $"{script} is missing; the test project should copy tests/reference/sklearn_reference.py to its output.");
        using var dir = TempDir.Create("mlopskit-sklearn");
        foreach (var dataset in new[] { SampleData.Diabetes, SampleData.Iris })
        {
            dataset.WriteTo(dir.Path);
            File.WriteAllLines(dir[$"{dataset.Name}_test_rows.txt"], dataset.TestRows.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        }

        var (exitCode, stdout, stderr) = Exec(python, script, dir.Path);
        Assert.True(exitCode == 0, $"{python} {script} failed with exit code {exitCode}:\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().Select(r => new ReferenceRun(
            r.GetProperty("alpha").GetDouble(),
            r.GetProperty("l1_ratio").GetDouble(),
            r.GetProperty("rmse").GetDouble(),
            r.GetProperty("mae").GetDouble(),
            r.GetProperty("r2").GetDouble(),
            r.GetProperty("n_iter").GetInt32(),
            r.GetProperty("dual_gap").GetDouble(),
            r.GetProperty("coef").EnumerateArray().Select(c => c.GetDouble()).ToArray(),
            r.GetProperty("intercept").GetDouble())).ToList();
        return (runs, json.RootElement.GetProperty("iris_rf_accuracy").GetDouble());
    }

    /// <summary>The first of $MLOPSKIT_PYTHON, python3 and /usr/bin/python3 that imports sklearn (pyenv shims hide the apt one).</summary>
    private static string FindPython()
    {
        string?[] candidates = [Environment.GetEnvironmentVariable("MLOPSKIT_PYTHON"), "python3", "/usr/bin/python3"];
        foreach (var candidate in candidates.OfType<string>().Where(c => c.Length > 0).Distinct())
        {
            try
            {
                if (Exec(candidate, "-c", "import sklearn").ExitCode == 0)
                    return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under that name; try the next
            }
        }

        Assert.Fail("python3 with scikit-learn is needed for the reference comparison: apt-get install python3-sklearn (./build.sh test installs it).");
        return "";
    }

    private static (int ExitCode, string Stdout, string Stderr) Exec(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}

/// <summary>One scikit-learn ElasticNet run on the diabetes split: its test metrics and fitted model.</summary>
public sealed record ReferenceRun(
    double Alpha, double L1Ratio, double Rmse, double Mae, double R2, int Iterations, double DualityGap, double[] Coef, double Intercept);
