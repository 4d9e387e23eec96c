using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops experiments</c>: MLflow experiments in a tracking store.</summary>
public static class ExperimentsCommand
{
    /// <summary><c>--tracking-uri</c>, shared by the <c>experiments</c> subcommands.</summary>
    public static readonly Option<string?> TrackingUri = new("--tracking-uri")
    {
        Description = "Tracking store: sqlite:///path/mlflow.db or a path to an SQLite file (default: $MLFLOW_TRACKING_URI, else sqlite:///mlflow.db here).",
        Recursive = true,
    };

    /// <summary>Builds the command group; each subcommand is one file in Commands/ (Experiments*Command.cs).</summary>
    public static Command Create()
    {
        var experiments = new Command("experiments", "List, create, delete and restore MLflow experiments in a tracking store.") { TrackingUri };
        foreach (var sub in new[] { ExperimentsListCommand.Create(), ExperimentsCreateCommand.Create(), ExperimentsDeleteCommand.Create(), ExperimentsRestoreCommand.Create() })
            experiments.Subcommands.Add(sub);
        return experiments;
    }
}
