using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc</c>: data versioning, on-disk compatible with DVC 3.</summary>
public static class DvcCommand
{
    /// <summary>Builds the command tree.</summary>
    public static Command Create()
    {
        var dvc = new Command("dvc", "Version data and models in git, compatible with DVC 3 repositories.");
        foreach (var sub in new[]
        {
            InitCommand.Create(), AddCommand.Create(), StatusCommand.Create(), DiffCommand.Create(), CommitCommand.Create(),
            CheckoutCommand.Create(), LsCommand.Create(), LogCommand.Create(), RemoteCommand.Create(), ConfigCommand.Create(),
            TransferCommands.Push(), TransferCommands.Fetch(), TransferCommands.Pull(), GcCommand.Create(), CheckIgnoreCommand.Create(),
            RemoveCommand.Create(), RemoveCommand.Unprotect(),
        })
            dvc.Subcommands.Add(sub);
        return dvc;
    }
}
