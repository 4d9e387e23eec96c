using System.CommandLine.Parsing;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace MlopsKit.Interactive;

/// <summary>The magics' error policy, the CLI's in cell form: a user error fails the cell with one <c>error: …</c> line, a bug keeps its stack trace.</summary>
internal static class MagicErrors
{
    /// <summary>Fails the cell with one line.</summary>
    public static void Fail(KernelInvocationContext context, KernelCommand command, string message) =>
        context.Fail(command, message: "error: " + message);

    /// <summary>Runs a handler body; MlopsKit's errors and file-system errors become one failure line.</summary>
    public static async Task GuardAsync(KernelInvocationContext context, KernelCommand command, Func<Task> body)
    {
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            Fail(context, command, "interrupted.");
        }
        catch (MlopsException e)
        {
            Fail(context, command, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(context, command, $"{e.Message.TrimEnd('.')}. Check free space and permissions, then run the cell again.");
        }
    }

    /// <summary>Fails with a usage line when a required value did not bind (the directive parser silently nulls some inputs, such as two positional values).</summary>
    public static bool Missing(KernelInvocationContext context, KernelCommand command, string? value, string usage)
    {
        if (!string.IsNullOrWhiteSpace(value)) return false;
        Fail(context, command, $"expected exactly one value; usage: {usage}");
        return true;
    }

    /// <summary>Wraps a subcommand's handler with <see cref="UnknownOption"/>.</summary>
    public static Func<T, KernelInvocationContext, Task> Checked<T>(KernelActionDirective subcommand, string usage, Func<T, KernelInvocationContext, Task> handler)
        where T : KernelCommand =>
        (cmd, ctx) => UnknownOption(ctx, cmd, subcommand, usage) ? Task.CompletedTask : handler(cmd, ctx);

    /// <summary>
    /// Fails on an option the subcommand does not have. The directive parser reports DNI103 only for a magic's own parameters;
    /// for a subcommand it ignores an unknown one, so '#!dvc push --remot x' would push to the default remote.
    /// </summary>
    public static bool UnknownOption(KernelInvocationContext context, KernelCommand command, KernelActionDirective subcommand, string usage)
    {
        if (command.Parent is not SubmitCode cell || subcommand.Parent is not { } magic) return false;
        foreach (var line in cell.Code.Split('\n'))
        {
            var tokens = CommandLineParser.SplitCommandLine(line.Trim()).ToList();
            if (tokens.Count < 2 || tokens[0] != magic.Name || tokens[1] != subcommand.Name) continue;
            var unknown = tokens.Skip(2).FirstOrDefault(t => t.StartsWith("--", StringComparison.Ordinal) && subcommand.Parameters.All(p => p.Name != t));
            if (unknown is null) continue;
            Fail(context, command, $"unknown option '{unknown}' for '{magic.Name} {subcommand.Name}'; usage: {usage}");
            return true;
        }
        return false;
    }
}
