using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops models</c>: MLflow-format models (serve them).</summary>
public static class ModelsCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var models = new Command("models", "Work with models logged in MLflow format.");
        models.Subcommands.Add(ModelsServeCommand.Create());
        return models;
    }
}
