using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops models transition</c>: moves a model version to a stage (MLflow's transition-stage).</summary>
public static class ModelsTransitionCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var name = ModelsCommand.NameOption();
        var version = ModelsCommand.VersionOption();
        var stage = new Option<string>("--stage", "-s") { Description = "None, Staging, Production or Archived (any case).", Required = true };
        var archive = new Option<bool>("--archive-existing") { Description = "Move the other versions in that stage (Staging or Production) to Archived." };
        var trackingUri = ModelsCommand.TrackingUriOption();
        var cmd = new Command("transition", "Move a model version to a stage, for models:/<name>/<stage>.") { name, version, stage, archive, trackingUri };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var store = TrackingStoreResolver.Open(p.GetValue(trackingUri), mustExist: true);
            var moved = await store.TransitionModelVersionStageAsync(p.GetValue(name)!, p.GetValue(version), p.GetValue(stage)!, p.GetValue(archive), ct);
            if (!p.GetValue(GlobalOptions.Quiet)) Console.WriteLine($"Model '{moved.Name}' version {moved.Version} is now in stage '{moved.CurrentStage}'");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
