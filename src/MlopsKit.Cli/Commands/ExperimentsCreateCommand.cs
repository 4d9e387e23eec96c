using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops experiments create</c>: a new experiment (the tracking database is created when missing).</summary>
public static class ExperimentsCreateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var name = new Option<string>("--experiment-name", "-n") { Description = "Name of the new experiment; must be unused.", Required = true };
        name.Validators.Add(r =>
        {
            if (r.Tokens.Any(t => t.Value.Trim().Length == 0)) r.AddError("--experiment-name cannot be empty.");
        });
        var artifactLocation = new Option<string?>("--artifact-location", "-l") { Description = "Where the experiment's runs keep artifacts (default: <db folder>/mlruns/<id>)." };
        var json = new Option<bool>("--json") { Description = "Print {\"experiment_id\": ...} as MLflow's experiments/create does." };
        var cmd = new Command("create", "Create an experiment; prints its id. Exits 5 when the name is taken.") { name, artifactLocation, json };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            var experimentName = p.GetValue(name)!;
            using var store = TrackingStoreResolver.Open(p.GetValue(ExperimentsCommand.TrackingUri));
            var id = await store.CreateExperimentAsync(experimentName, p.GetValue(artifactLocation), cancellationToken: ct);
            if (p.GetValue(json))
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("experiment_id", id);
                    w.WriteEndObject();
                });
            else if (!p.GetValue(GlobalOptions.Quiet))
                Console.WriteLine($"Created experiment '{experimentName}' with id {id}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
