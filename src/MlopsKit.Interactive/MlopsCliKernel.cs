using System.CommandLine.Parsing;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace MlopsKit.Interactive;

/// <summary>
/// The <c>#!mlops</c> cell kernel: each non-empty line of the cell is an <c>mlops</c> command line (without the leading
/// <c>mlops</c>), run in-process through the CLI's own command tree; its output is shown, and the first line that exits
/// non-zero fails the cell and stops it.
/// </summary>
public sealed class MlopsCliKernel : Kernel, IKernelCommandHandler<SubmitCode>
{
    /// <summary>The name cells use: <c>#!mlops</c>.</summary>
    public const string KernelName = "mlops";

    /// <summary>Creates the kernel. Its language name stays unset: dotnet-repl cannot write a notebook whose cell language it does not know.</summary>
    public MlopsCliKernel() : base(KernelName)
    {
        KernelInfo.Description = "Runs mlops command lines (dvc, experiments, runs, models, monitor, k8s), one per line.";
    }

    /// <summary>Runs the cell's lines in order.</summary>
    public async Task HandleAsync(SubmitCode command, KernelInvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var lines = command.Code.Split('\n').Select(l => l.Trim()).ToList();
        // Number lines as the user sees them in the cell, whose first line ('#!mlops') the host strips from this command.
        var offset = command.Parent is SubmitCode cell && cell.Code.IndexOf(command.Code, StringComparison.Ordinal) is var at and > 0
            ? cell.Code.AsSpan(0, at).Count('\n') : 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var args = CommandLineParser.SplitCommandLine(line).ToList();
            // Accept lines copied from a shell, with or without the tool name.
            if (args.Count > 0 && args[0] == "mlops") args.RemoveAt(0);
            if (args.Count >= 2 && args[0] == "models" && args[1] == "serve")
            {
                context.Fail(command, message: $"error: line {offset + i + 1}: 'mlops models serve' runs until stopped and would block the kernel; use '#!serve -m <model-uri>' instead, which serves in the background.");
                return;
            }
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = await MlopsKit.Cli.Cli.RunAsync([.. args], stdout, stderr, context.CancellationToken).ConfigureAwait(false);
            if (stdout.GetStringBuilder().Length > 0) context.Publish(new StandardOutputValueProduced(command, [new FormattedValue("text/plain", stdout.ToString())]));
            if (stderr.GetStringBuilder().Length > 0) context.Publish(new StandardErrorValueProduced(command, [new FormattedValue("text/plain", stderr.ToString())]));
            if (exit != 0)
            {
                context.Fail(command, message: $"line {offset + i + 1}: 'mlops {line}' exited with {exit}");
                return;
            }
        }
    }
}
