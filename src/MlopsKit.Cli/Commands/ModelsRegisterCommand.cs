using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops models register</c>: adds a logged model as the next version of a registered model (MLflow's <c>register_model</c>).</summary>
public static class ModelsRegisterCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model-uri", "-m") { Description = "runs:/<run_id>/model, or a local folder holding an MLmodel file.", Required = true };
        var name = ModelsCommand.NameOption();
        var trackingUri = ModelsCommand.TrackingUriOption();
        var cmd = new Command("register", "Register a logged model as the next version of a named model, creating the name if needed.") { model, name, trackingUri };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            var source = p.GetValue(model)!;
            using var store = TrackingStoreResolver.Open(p.GetValue(trackingUri), mustExist: source.StartsWith("runs:", StringComparison.Ordinal));
            var version = await store.CreateModelVersionAsync(p.GetValue(name)!, source, cancellationToken: ct);
            if (!p.GetValue(GlobalOptions.Quiet)) Console.WriteLine($"Registered model '{version.Name}' version {version.Version}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
