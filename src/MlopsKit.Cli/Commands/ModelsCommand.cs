using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops models</c>: MLflow-format models (register, list, alias, transition, serve).</summary>
public static class ModelsCommand
{
    /// <summary>Builds the command group; each subcommand is one file in Commands/ (Models*Command.cs).</summary>
    public static Command Create()
    {
        var models = new Command("models", "Work with models logged in MLflow format and the model registry.");
        foreach (var sub in new[] { ModelsRegisterCommand.Create(), ModelsListCommand.Create(), ModelsAliasCommand.Create(), ModelsTransitionCommand.Create(), ModelsServeCommand.Create() })
            models.Subcommands.Add(sub);
        return models;
    }

    /// <summary>A fresh <c>--tracking-uri</c> option for one registry subcommand.</summary>
    public static Option<string?> TrackingUriOption() => new("--tracking-uri")
    {
        Description = "Tracking store holding the registry: sqlite:///path/mlflow.db or a path (default: $MLFLOW_TRACKING_URI, else sqlite:///mlflow.db here).",
    };

    /// <summary>The required <c>--name</c> option: a registered model's name.</summary>
    public static Option<string> NameOption() => new("--name", "-n") { Description = "Registered model name.", Required = true };

    /// <summary>The required <c>--version</c> option: a model version number.</summary>
    public static Option<long> VersionOption() => new("--version") { Description = "Model version number (from 1).", Required = true };
}
