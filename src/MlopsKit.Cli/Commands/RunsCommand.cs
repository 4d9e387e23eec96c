using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops runs</c>: MLflow runs in a tracking store.</summary>
public static class RunsCommand
{
    /// <summary><c>--tracking-uri</c>, shared by the <c>runs</c> subcommands.</summary>
    public static readonly Option<string?> TrackingUri = new("--tracking-uri")
    {
        Description = "Tracking store: sqlite:///path/mlflow.db or a path to an SQLite file (default: $MLFLOW_TRACKING_URI, else sqlite:///mlflow.db here).",
        Recursive = true,
    };

    /// <summary>Builds the command group; each subcommand is one file in Commands/ (Runs*Command.cs).</summary>
    public static Command Create()
    {
        var runs = new Command("runs", "List, show, delete, restore and compare MLflow runs in a tracking store.") { TrackingUri };
        foreach (var sub in new[] { RunsListCommand.Create(), RunsShowCommand.Create(), RunsDeleteCommand.Create(), RunsRestoreCommand.Create(), RunsCompareCommand.Create() })
            runs.Subcommands.Add(sub);
        return runs;
    }
}
