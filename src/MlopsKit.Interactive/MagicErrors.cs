using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

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
}
