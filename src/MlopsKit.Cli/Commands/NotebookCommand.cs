using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops notebook</c>: work with .ipynb and .dib notebooks.</summary>
public static class NotebookCommand
{
    /// <summary>Builds the command group; each subcommand is one file in Commands/ (Notebook*Command.cs).</summary>
    public static Command Create()
    {
        var notebook = new Command("notebook", "Run .ipynb and .dib notebooks headlessly (CI, reports).");
        notebook.Subcommands.Add(NotebookRunCommand.Create());
        return notebook;
    }
}
