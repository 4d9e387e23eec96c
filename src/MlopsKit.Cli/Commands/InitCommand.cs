using System.CommandLine;
using MlopsKit.Data;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc init</c>.</summary>
public static class InitCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var noScm = new Option<bool>("--no-scm") { Description = "Initialise without git." };
        var force = new Option<bool>("--force", "-f") { Description = "Delete an existing .dvc folder and initialise again." };
        var subdir = new Option<bool>("--subdir") { Description = "Initialise in a sub-folder of a git repository." };
        var cmd = new Command("init", "Create a DVC repository in the current folder (the root of a git repository).") { noScm, force, subdir };
        Runner.SetHandler(cmd, (p, _) =>
        {
            using var repo = Repo.Init(Environment.CurrentDirectory, new InitOptions { NoScm = p.GetValue(noScm), Force = p.GetValue(force), Subdir = p.GetValue(subdir) });
            if (!p.GetValue(GlobalOptions.Quiet))
            {
                Console.WriteLine($"Initialized DVC repository in {repo.Root}.");
                if (!repo.NoScm) Console.WriteLine("\nYou can now commit the changes to git:\n\n\tgit commit -m \"Initialize DVC\"\n");
            }
            return Task.FromResult(0);
        });
        return cmd;
    }
}
