using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace MlopsKit.Notebooks;

/// <summary>
/// Runs a dotnet-script style <c>.csx</c> file (<c>#r "nuget: ..."</c>, <c>#load</c>, top-level statements, <c>Args</c>) on the
/// notebook runner's C# kernel: each #load-ed file, then the script, is one submission; output streams as it is written.
/// </summary>
public static partial class ScriptRunner
{
    /// <summary>How long a cancelled script gets to stop before the runner abandons it (a tight loop never checks for cancellation).</summary>
    private const string DefaultUsings =
        "using System; using System.IO; using System.Collections.Generic; using System.Diagnostics; using System.Linq; using System.Text; using System.Threading.Tasks;";

    private static readonly TimeSpan s_cancelGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs the script at <paramref name="scriptPath"/> in the current directory. A failing or timed-out script is a result
    /// (<see cref="ScriptRunResult.Error"/> names the file and line), not an exception; a missing script or #load file and a #load
    /// cycle throw <see cref="MlopsException"/> before anything runs.
    /// </summary>
    public static async Task<ScriptRunResult> RunAsync(string scriptPath, ScriptRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ScriptRunOptions();
        if (options.Timeout <= TimeSpan.Zero)
            throw new ConfigException($"{nameof(ScriptRunOptions.Timeout)} must be positive, not {Seconds(options.Timeout)}.");
        var total = Stopwatch.StartNew();
        var full = Path.GetFullPath(scriptPath);
        var parts = ScriptFile.Read(full, typeof(MlopsException).Assembly.Location);
        var output = options.Output ?? new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var error = options.Error ?? new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };

        var kernel = NotebookKernel.Create();
        var csharp = kernel.ChildKernels.OfType<CSharpKernel>().Single();
        NotebookKernel.EmitLineNumbers(csharp);
        var startup = total.Elapsed;
        await csharp.SetValueAsync("Args", options.Args.ToList(), typeof(IList<string>)).ConfigureAwait(false);
        // dotnet-script's default imports; the kernel alone has no System.IO.
        await kernel.SendAsync(new SubmitCode(DefaultUsings, NotebookFile.CSharp), cancellationToken).ConfigureAwait(false);

        string? failure = null;
        var timedOut = false;
        var abandoned = false;
        using (kernel.KernelEvents.Subscribe(new Echo(output, error)))
        {
            foreach (var part in parts)
            {
                var left = options.Timeout - total.Elapsed;
                // '#line' maps compiler errors and stack frames to the file, whose lines the submission keeps one for one.
                var command = new SubmitCode($"#line 1 \"{part.Path}\"\n{part.Code}", NotebookFile.CSharp);
                using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var run = kernel.SendAsync(command, cancel.Token);
                if (left <= TimeSpan.Zero || await Task.WhenAny(run, Task.Delay(left, cancellationToken)).ConfigureAwait(false) != run)
                {
                    timedOut = !cancellationToken.IsCancellationRequested;
                    failure = timedOut ? $"{Path.GetFileName(full)} timed out after {Seconds(options.Timeout)}" : $"{Path.GetFileName(full)} was interrupted";
                    await cancel.CancelAsync().ConfigureAwait(false);
                    abandoned = await Task.WhenAny(run, Task.Delay(s_cancelGrace, CancellationToken.None)).ConfigureAwait(false) != run;
                    break;
                }
                var result = await run.ConfigureAwait(false);
                if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
                {
                    failure = Describe(failed, part);
                    break;
                }
            }
        }
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        await error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        // A submission that ignored cancellation still holds the kernel; disposing would wait on it, so leave it to process exit.
        if (!abandoned) kernel.Dispose();
        cancellationToken.ThrowIfCancellationRequested();
        return new ScriptRunResult(full, [.. parts.Select(p => p.Path)], failure, timedOut, startup, total.Elapsed) { Abandoned = abandoned };
    }

    /// <summary>One line: the file and line (from the compiler's location or the innermost script frame), the kind, the message.</summary>
    internal static string Describe(CommandFailed failed, ScriptFile.Part part)
    {
        var submittedFile = part.Path;
        var (name, message) = CellOutputs.Describe(failed);
        if (name == "CompilationError")
        {
            // Roslyn's form: "/dir/data.csx(12,5): error CS0103: The name 'x' does not exist in the current context".
            var first = message.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? message;
            var located = CompilerLocation().Match(first);
            return located.Success
                ? $"{Path.GetFileName(located.Groups[1].Value)} line {located.Groups[2].Value}: {located.Groups[3].Value}"
                : $"{Path.GetFileName(submittedFile)}: {first}";
        }
        var text = OneLine(message);
        if (RestoreError().Match(message) is { Success: true } restore)
        {
            // NuGet's line names a throwaway project; what the user needs is the #r line and NuGet's own words.
            var lines = part.Code.Split('\n');
            var at = Array.FindIndex(lines, l => l.TrimStart().StartsWith("#r \"nuget:", StringComparison.OrdinalIgnoreCase) && message.Contains(PackageId(l), StringComparison.OrdinalIgnoreCase));
            var where = at >= 0 ? $"{Path.GetFileName(submittedFile)} line {at + 1}" : Path.GetFileName(submittedFile);
            return $"{where}: package restore failed: {restore.Groups[1].Value}: {restore.Groups[2].Value.Trim()}";
        }
        if (name == "Error")
            return $"{Path.GetFileName(submittedFile)}: {FirstLine(failed.Message)}";
        var frame = failed.Exception?.StackTrace is { } trace ? StackLocation().Match(trace) : null;
        return frame is { Success: true }
            ? $"{Path.GetFileName(frame.Groups[1].Value)} line {frame.Groups[2].Value}: {name}: {text}"
            : $"{Path.GetFileName(submittedFile)}: {name}: {text}";
    }

    private static string PackageId(string directive)
    {
        var text = directive.Trim()[(directive.Trim().IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(' ', '"');
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        return (comma >= 0 ? text[..comma] : text).Trim();
    }

    private static string FirstLine(string text) => text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? text.Trim();

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    [GeneratedRegex(""" error (NU\d{4}): ([^\r\n]*)""")]
    private static partial Regex RestoreError();

    [GeneratedRegex("""^(.+\.csx)\((\d+),\d+\): (.*)$""")]
    private static partial Regex CompilerLocation();

    [GeneratedRegex(""" in (/[^\n]*?\.csx):line (\d+)""")]
    private static partial Regex StackLocation();

    /// <summary>Writes what the script prints, as it prints it: standard output and standard error.</summary>
    private sealed class Echo(TextWriter output, TextWriter error) : IObserver<KernelEvent>
    {
        public void OnNext(KernelEvent value)
        {
            switch (value)
            {
                case StandardOutputValueProduced o:
                    output.Write(string.Concat(o.FormattedValues.Select(v => v.Value)));
                    break;
                case StandardErrorValueProduced e:
                    error.Write(string.Concat(e.FormattedValues.Select(v => v.Value)));
                    break;
            }
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }
    }
}
