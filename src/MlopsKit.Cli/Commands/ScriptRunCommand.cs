using System.CommandLine;
using System.Globalization;
using MlopsKit.Notebooks;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops script run</c>: runs a .csx script (#r "nuget:", #load, top-level statements, Args) on the notebook runner's C# kernel.</summary>
public static class ScriptRunCommand
{
    private static readonly ScriptRunOptions s_defaults = new();

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var script = new Argument<string>("script") { Description = "The .csx script to run." };
        script.Validators.Add(Runner.NonEmpty);
        var args = new Argument<string[]>("args")
        {
            Description = "Arguments for the script, after '--' (the script sees them as Args).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var timeout = new Option<TimeSpan?>("--timeout")
        {
            Description = $"Seconds the script may take, package restore included; past it the script is stopped and the command fails. Default: {s_defaults.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}.",
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= TimeSpan.MaxValue.TotalSeconds / 2)
                    return TimeSpan.FromSeconds(s);
                r.AddError($"--timeout must be a positive number of seconds such as 60, not '{text}'");
                return null;
            },
        };
        var cmd = new Command("run", "Run a .csx script: '#r \"nuget: Name, Version\"', '#load \"other.csx\"' (relative to the script), top-level C#, Args. Output streams as it is written; exit 1 with the failing file and line when it throws.")
        {
            script, args, timeout,
        };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            // The C# kernel redirects Console while a submission runs (and a runaway one keeps it redirected), so write to the raw streams.
            var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
            var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };
            var options = new ScriptRunOptions
            {
                Args = p.GetValue(args) ?? [],
                Timeout = p.GetValue(timeout) ?? s_defaults.Timeout,
                Output = stdout,
                Error = stderr,
            };
            var result = await ScriptRunner.RunAsync(p.GetValue(script)!, options, ct).ConfigureAwait(false);
            if (result.Error is { } error) stderr.WriteLine($"error: {error}");
            var code = result.Succeeded ? ExitCodes.Ok : ExitCodes.ScriptFailed;
            if (result.TimedOut || result.Abandoned)
            {
                // A script that ignores cancellation (a tight loop) keeps running on a kernel thread; end the process so the command never hangs.
                await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                await stderr.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                Environment.Exit(code);
            }
            return code;
        });
        return cmd;
    }
}
