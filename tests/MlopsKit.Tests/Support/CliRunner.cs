using System.Diagnostics;

namespace MlopsKit.Tests.Support;

/// <summary>Runs the real <c>mlops</c> program (built beside the tests) as a child process.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string MlopsDll => Path.Combine(AppContext.BaseDirectory, "mlops.dll");

    public static Result Run(string workingDirectory, params string[] args) => RunWithInput(workingDirectory, null, args);

    public static Result RunWithInput(string workingDirectory, string? stdin, params string[] args) =>
        RunWithEnvironment(workingDirectory, stdin, new Dictionary<string, string?>(), args);

    /// <summary>Runs mlops with environment variables set (a null value removes the variable).</summary>
    public static Result RunWithEnvironment(string workingDirectory, string? stdin, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(MlopsDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
            if (value is null) psi.Environment.Remove(name);
            else psi.Environment[name] = value;
        using var process = Process.Start(psi)!;
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mlops {string.Join(' ', args)} did not finish in 2 minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
