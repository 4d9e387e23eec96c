using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops experiments delete</c>: marks an experiment and its runs deleted (restorable).</summary>
public static class ExperimentsDeleteCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var selection = new ExperimentSelection();
        var cmd = new Command("delete", "Mark an experiment and its runs deleted; 'mlops experiments restore' brings them back.");
        selection.AddTo(cmd);
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var store = TrackingStoreResolver.Open(p.GetValue(ExperimentsCommand.TrackingUri), mustExist: true);
            var experiment = await selection.ResolveAsync(p, store, ct);
            await store.DeleteExperimentAsync(experiment.ExperimentId, ct);
            if (!p.GetValue(GlobalOptions.Quiet))
                Console.WriteLine($"Deleted experiment '{experiment.Name}' (id {experiment.ExperimentId}).");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
