using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops experiments list</c>: the experiments of one lifecycle view, as a table or MLflow's JSON.</summary>
public static class ExperimentsListCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var view = ViewTypeOption.Create("experiments");
        var json = new Option<bool>("--json") { Description = "Print MLflow's experiments/search JSON instead of a table." };
        var cmd = new Command("list", "List experiments: id, name, artifact location, lifecycle stage, creation time.") { view, json };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var store = TrackingStoreResolver.Open(p.GetValue(ExperimentsCommand.TrackingUri), mustExist: true);
            var experiments = await store.SearchExperimentsAsync(p.GetValue(view), ct);
            if (p.GetValue(json))
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("experiments");
                    foreach (var e in experiments) RunJson.WriteExperiment(w, e);
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            else if (!p.GetValue(GlobalOptions.Quiet))
            {
                Format.Table(["experiment_id", "name", "artifact_location", "lifecycle_stage", "created"],
                    experiments.Select(e => new[] { e.ExperimentId, e.Name, e.ArtifactLocation, e.LifecycleStage, Format.Time(e.CreationTime) }),
                    headerWhenRedirected: true);
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
