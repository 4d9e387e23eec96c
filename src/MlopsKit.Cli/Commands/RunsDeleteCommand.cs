using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops runs delete</c>: marks runs deleted (restorable).</summary>
public static class RunsDeleteCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runIds = new Argument<string[]>("run-ids") { Description = "Runs to delete, by id.", Arity = ArgumentArity.OneOrMore };
        runIds.Validators.Add(Runner.NonEmpty);
        var cmd = new Command("delete", "Mark runs deleted; 'mlops runs restore' brings them back. Stops at the first run that cannot be deleted.") { runIds };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var store = TrackingStoreResolver.Open(p.GetValue(RunsCommand.TrackingUri), mustExist: true);
            foreach (var id in p.GetValue(runIds)!.Distinct(StringComparer.Ordinal))
            {
                await store.DeleteRunAsync(id, ct);
                if (!p.GetValue(GlobalOptions.Quiet)) Console.WriteLine($"Deleted run {id}.");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
