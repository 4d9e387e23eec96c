using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops runs restore</c>: brings deleted runs back.</summary>
public static class RunsRestoreCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runIds = new Argument<string[]>("run-ids") { Description = "Runs to restore, by id.", Arity = ArgumentArity.OneOrMore };
        runIds.Validators.Add(Runner.NonEmpty);
        var cmd = new Command("restore", "Bring deleted runs back. Stops at the first run that cannot be restored.") { runIds };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var store = TrackingStoreResolver.Open(p.GetValue(RunsCommand.TrackingUri), mustExist: true);
            foreach (var id in p.GetValue(runIds)!.Distinct(StringComparer.Ordinal))
            {
                await store.RestoreRunAsync(id, ct);
                if (!p.GetValue(GlobalOptions.Quiet)) Console.WriteLine($"Restored run {id}.");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
