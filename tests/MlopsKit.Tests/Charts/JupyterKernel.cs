using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlopsKit.Tests.Charts;

/// <summary>
/// Executes an .ipynb with 'jupyter nbconvert --execute' on the dotnet-interactive 1.0.712001 Jupyter kernel from the
/// repository's .tools/, through a kernelspec that listens on loopback only (--http-local-only).
/// </summary>
public static class JupyterKernel
{
    /// <summary>Runs C# cells; returns nbconvert's exit code, its stderr and each code cell's outputs.</summary>
    public static async Task<(int ExitCode, string Log, List<List<JsonElement>> Cells)> RunAsync(string workDir, string[] cells, CancellationToken cancellationToken)
    {
        var tools = Path.Combine(DotnetRepl.RepoRoot, ".tools");
        Assert.True(File.Exists(Path.Combine(tools, "dotnet-interactive")), $"{tools}/dotnet-interactive is missing; run './build.sh test'");
        var kernelDir = Directory.CreateDirectory(Path.Combine(workDir, "jupyter", "kernels", "dotnet-csharp-ci")).FullName;
        var spec = new JsonObject
        {
            ["argv"] = new JsonArray("dotnet-interactive", "jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"),
            ["display_name"] = ".NET (C#) CI",
            ["language"] = "C#",
        };
        await File.WriteAllTextAsync(Path.Combine(kernelDir, "kernel.json"), spec.ToJsonString(), cancellationToken);
        var notebook = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = "dotnet-csharp-ci", ["display_name"] = ".NET (C#) CI", ["language"] = "C#" } },
            ["cells"] = new JsonArray([.. cells.Select((code, i) => (JsonNode)new JsonObject
            {
                ["id"] = $"cell{i}",
                ["cell_type"] = "code",
                ["metadata"] = new JsonObject(),
                ["execution_count"] = null,
                ["outputs"] = new JsonArray(),
                ["source"] = code,
            })]),
        };
        var input = Path.Combine(workDir, "notebook.ipynb");
        await File.WriteAllTextAsync(input, notebook.ToJsonString(), cancellationToken);

        var psi = new ProcessStartInfo("jupyter") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "nbconvert", "--to", "notebook", "--execute", input, "--ExecutePreprocessor.kernel_name=dotnet-csharp-ci",
                     "--ExecutePreprocessor.timeout=60", "--output-dir", Path.Combine(workDir, "out") })
            psi.ArgumentList.Add(arg);
        psi.Environment["PATH"] = tools + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        psi.Environment["JUPYTER_PATH"] = Path.Combine(workDir, "jupyter");
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(DotnetRepl.Timeout);
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        var log = await stderr + await stdout;
        var output = Path.Combine(workDir, "out", "notebook.ipynb");
        Assert.True(File.Exists(output), $"nbconvert exited {process.ExitCode} without writing {output}: {log}");
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(output, cancellationToken));
        return (process.ExitCode, log, doc.RootElement.GetProperty("cells").EnumerateArray()
            .Select(c => c.GetProperty("outputs").EnumerateArray().Select(o => o.Clone()).ToList()).ToList());
    }
}
