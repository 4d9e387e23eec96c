using System.Diagnostics;
using System.Text.Json;
using MlopsKit.Interactive.Tests.Support;

namespace MlopsKit.Interactive.Tests;

/// <summary>
/// The package as a user gets it: packed with a fresh version into a local feed laid out like the repository's
/// (notebooks/NuGet.Config → ../artifacts/packages), then loaded by a real host, dotnet-repl 0.3.259, with
/// <c>#r "nuget: MlopsKit.Interactive, *-*"</c>. Packs the already-built configuration (--no-build), as './build.sh test' builds first.
/// </summary>
public sealed class HostTests
{
    private const string ReplVersion = "0.3.259";

    [Fact]
    public async Task The_packed_extension_loads_in_dotnet_repl_and_its_magics_and_mlops_cells_run()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = RepoRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;   // bin/<configuration>/net10.0
        var repl = await ReplAsync(root, ct);
        using var dir = TempDir.Create("mlopskit-host");
        var feed = Directory.CreateDirectory(dir["artifacts/packages"]).FullName;
        var notebooks = Directory.CreateDirectory(dir["notebooks"]).FullName;
        var work = Directory.CreateDirectory(dir["work"]).FullName;
        File.Copy(Path.Combine(root, "notebooks", "NuGet.Config"), Path.Combine(notebooks, "NuGet.Config"));
        File.Copy(Path.Combine(root, "NuGet.Config"), dir["NuGet.Config"]);

        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        foreach (var project in new[] { "src/MlopsKit", "src/MlopsKit.Interactive" })
        {
            var (exit, output) = await RunAsync("dotnet", ["pack", Path.Combine(root, project), "-c", configuration, "--no-build", "-o", feed, "-nologo", $"-p:Version={version}"], root, TimeSpan.FromSeconds(120), ct);
            Assert.True(exit == 0, $"dotnet pack {project} exited {exit}:\n{output}");
        }

        await File.WriteAllTextAsync(Path.Combine(notebooks, "smoke.dib"), $$$"""
            #!meta

            {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"},{"aliases":[],"name":"mlops"}]}}

            #!csharp

            #r "nuget: MlopsKit.Interactive, *-*"

            #!csharp

            System.IO.Directory.SetCurrentDirectory("{{{work}}}");

            #!mlops

            dvc init --no-scm
            dvc status

            #!csharp

            #!dvc status

            #!csharp

            #!track --experiment host --name smoke --tracking-uri sqlite:///{{{work}}}/mlflow.db
            MlopsKit.Interactive.Run.Current.LogMetric("seen", 1);
            new { answer = 42.0 }
            """, ct);
        var outPath = dir["out.ipynb"];
        var clock = Stopwatch.StartNew();
        var (replExit, replOutput) = await RunAsync(repl, ["--run", "smoke.dib", "--exit-after-run", "--output-path", outPath, "--working-dir", notebooks], notebooks, TimeSpan.FromSeconds(120), ct);
        TestContext.Current.SendDiagnosticMessage($"dotnet-repl ran the notebook in {clock.Elapsed.TotalSeconds:0.0} s");
        var cells = Outputs(outPath);
        Assert.True(replExit == 0, $"dotnet-repl exited {replExit}:\n{replOutput}\n{string.Join("\n---\n", cells)}");
        Assert.Equal(5, cells.Count);
        Assert.Contains($"mlopskit.interactive/{version}/interactive-extensions/dotnet/MlopsKit.Interactive.dll", cells[0]);
        Assert.Contains($"Initialized DVC repository in {work}.", cells[2]);
        Assert.Contains("There are no data or pipelines tracked in this project yet.", cells[2]);
        Assert.Contains("no data or pipelines tracked", cells[3]);
        Assert.Contains("mlopskit-run", cells[4]);
        Assert.Contains("FINISHED", cells[4]);
        Assert.Contains("<td>answer</td><td>42</td>", cells[4]);
        Assert.Contains("<td>seen</td><td>1</td>", cells[4]);
    }

    /// <summary>The text of every output of every cell, one string per cell.</summary>
    private static List<string> Outputs(string ipynb)
    {
        Assert.True(File.Exists(ipynb), $"no notebook was written to {ipynb}");
        using var doc = JsonDocument.Parse(File.ReadAllText(ipynb));
        return doc.RootElement.GetProperty("cells").EnumerateArray()
            .Select(c => c.TryGetProperty("outputs", out var outputs) ? outputs.GetRawText() : "")
            .Select(raw => JsonSerializer.Deserialize<JsonElement>(raw).ToString())
            .Select(text => System.Text.RegularExpressions.Regex.Unescape(text))
            .ToList();
    }

    private static async Task<string> ReplAsync(string root, CancellationToken ct)
    {
        var tool = Path.Combine(root, ".tools", "dotnet-repl");
        if (File.Exists(tool)) return tool;
        var (exit, output) = await RunAsync("dotnet", ["tool", "install", "--tool-path", Path.Combine(root, ".tools"), "dotnet-repl", "--version", ReplVersion], root, TimeSpan.FromSeconds(120), ct);
        Assert.True(exit == 0, $"installing dotnet-repl {ReplVersion} failed:\n{output}");
        return tool;
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "MlopsKit.sln"))) return d.FullName;
        throw new InvalidOperationException("MlopsKit.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] args, string workingDirectory, TimeSpan timeout, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
