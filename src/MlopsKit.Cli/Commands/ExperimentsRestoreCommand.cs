using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops experiments restore</c>: brings a deleted experiment and its runs back.</summary>
public static class ExperimentsRestoreCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var selection = new ExperimentSelection();
        var cmd = new Command("restore", "Bring a deleted experiment and its runs back.");
        selection.AddTo(cmd);
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var store = TrackingStoreResolver.Open(p.GetValue(ExperimentsCommand.TrackingUri), mustExist: true);
            var experiment = await selection.ResolveAsync(p, store, ct);
            await store.RestoreExperimentAsync(experiment.ExperimentId, ct);
            if (!p.GetValue(GlobalOptions.Quiet))
                Console.WriteLine($"Restored experiment '{experiment.Name}' (id {experiment.ExperimentId}).");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
