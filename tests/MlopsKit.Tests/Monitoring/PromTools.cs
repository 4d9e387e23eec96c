using System.Diagnostics;

namespace MlopsKit.Tests.Monitoring;

/// <summary>Runs the real <c>promtool</c> and <c>amtool</c>; a missing binary fails the test with the apt-get line that installs it.</summary>
internal static class PromTools
{
    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}:\n{Output}";
    }

    public static Result Promtool(string workingDirectory, params string[] args) => Run(Find("promtool", "prometheus"), workingDirectory, args);

    public static Result Amtool(string workingDirectory, params string[] args) => Run(Find("amtool", "prometheus-alertmanager"), workingDirectory, args);

    private static string Find(string binary, string package)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin"))
        {
            var path = Path.Combine(dir, binary);
            if (dir.Length > 0 && File.Exists(path)) return path;
        }
        Assert.Fail($"the {binary} binary is not installed: apt-get install {package} (./build.sh test installs it).");
        return "";
    }

    private static Result Run(string file, string workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish within 2 minutes.");
        }
        return new Result(process.ExitCode, stdout + stderr.Result);
    }
}
