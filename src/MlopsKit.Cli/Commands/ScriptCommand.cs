using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops script</c>: run C# scripts (.csx, dotnet-script syntax).</summary>
public static class ScriptCommand
{
    /// <summary>Builds the command group; each subcommand is one file in Commands/ (Script*Command.cs).</summary>
    public static Command Create()
    {
        var script = new Command("script", "Run C# scripts (.csx in dotnet-script syntax) on the notebook kernel.");
        script.Subcommands.Add(ScriptRunCommand.Create());
        return script;
    }
}
