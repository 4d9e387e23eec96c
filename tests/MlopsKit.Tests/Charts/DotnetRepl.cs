using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace MlopsKit.Tests.Charts;

/// <summary>
/// Runs a .dib notebook through the real dotnet-repl 0.3.259 (in the repository's .tools/, installed by './build.sh test')
/// and reads the executed .ipynb back: one list of outputs per code cell.
/// </summary>
public static class DotnetRepl
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(80);

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MlopsKit.sln"))) return dir.FullName;
            throw new InvalidOperationException("MlopsKit.sln not found above the test folder");
        }
    }

    /// <summary>The built extension, same configuration as the tests: src/MlopsKit.Interactive/bin/&lt;config&gt;/net10.0.</summary>
    public static string ExtensionFolder
    {
        get
        {
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var folder = Path.Combine(RepoRoot, "src", "MlopsKit.Interactive", "bin", tfm.Parent!.Name, tfm.Name);
            Assert.True(File.Exists(Path.Combine(folder, "mlopskit-charts", "MlopsKit.dll")), $"the built extension's chart folder is missing under {folder}; build MlopsKit.Interactive");
            return folder;
        }
    }

    /// <summary>A .dib notebook of C# cells.</summary>
    public static string Dib(params string[] cells) => string.Concat(cells.Select(c => "#!csharp\n\n" + c.Trim() + "\n\n"));

    /// <summary>Runs the notebook in <paramref name="workDir"/>; returns the exit code and each code cell's outputs.</summary>
    public static async Task<(int ExitCode, List<List<JsonElement>> Cells, string OutputPath)> RunAsync(string workDir, string dib, CancellationToken cancellationToken)
    {
        var tool = Path.Combine(RepoRoot, ".tools", "dotnet-repl");
        Assert.True(File.Exists(tool), $"{tool} is missing; run './build.sh test' or 'dotnet tool install --tool-path .tools dotnet-repl --version 0.3.259'");
        var input = Path.Combine(workDir, "notebook.dib");
        var output = Path.Combine(workDir, "notebook.out.ipynb");
        await File.WriteAllTextAsync(input, dib, cancellationToken);
        var psi = new ProcessStartInfo(tool) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--run", input, "--exit-after-run", "--output-path", output }) psi.ArgumentList.Add(arg);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
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
        Assert.True(File.Exists(output), $"dotnet-repl exited {process.ExitCode} without writing {output}: {await stderr}{await stdout}");
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(output, cancellationToken));
        var cells = doc.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => c.GetProperty("outputs").EnumerateArray().Select(o => o.Clone()).ToList())
            .ToList();
        return (process.ExitCode, cells, output);
    }

    /// <summary>The text of a notebook field that nbformat stores as a string or a list of lines.</summary>
    public static string Text(JsonElement value) => value.ValueKind == JsonValueKind.Array
        ? string.Concat(value.EnumerateArray().Select(l => l.GetString()))
        : value.GetString() ?? "";

    /// <summary>All text/html outputs of a cell, in order.</summary>
    public static string Html(List<JsonElement> outputs) => string.Concat(outputs
        .Where(o => o.TryGetProperty("data", out var d) && d.TryGetProperty("text/html", out _))
        .Select(o => Text(o.GetProperty("data").GetProperty("text/html"))));

    /// <summary>The stdout text of a cell.</summary>
    public static string Stdout(List<JsonElement> outputs) => string.Concat(outputs
        .Where(o => o.GetProperty("output_type").GetString() == "stream")
        .Select(o => Text(o.GetProperty("text"))));

    /// <summary>The error outputs of a cell as "name: value" lines.</summary>
    public static string Errors(List<JsonElement> outputs)
    {
        var text = new StringBuilder();
        foreach (var o in outputs.Where(o => o.GetProperty("output_type").GetString() == "error"))
            text.Append(o.GetProperty("ename").GetString()).Append(": ").AppendLine(o.GetProperty("evalue").GetString());
        return text.ToString();
    }
}
