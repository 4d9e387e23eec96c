using System.CommandLine;
using MlopsKit.Data;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc commit</c>.</summary>
public static class CommitCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var targets = new Argument<string[]>("targets") { Description = "Limit to these .dvc files or paths.", Arity = ArgumentArity.ZeroOrMore };
        targets.Validators.Add(Runner.NonEmpty);
        var force = new Option<bool>("--force", "-f") { Description = "Commit changed outputs without asking." };
        var cmd = new Command("commit", "Record changed workspace data in the cache and the .dvc files.") { targets, force };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var repo = Runner.OpenRepo();
            var paths = Runner.FullPaths(p.GetValue(targets));
            var quiet = p.GetValue(GlobalOptions.Quiet);
            IReadOnlyList<string> files;
            try
            {
                files = await ProgressView.RunAsync("commit", quiet, progress => repo.CommitAsync(paths, new CommitOptions { Force = p.GetValue(force) }, progress, ct));
            }
            catch (ConflictException ex) when (!Console.IsInputRedirected && !p.GetValue(force))
            {
                Console.Error.Write($"{ex.Message.Replace(" Use --force to commit them.", "", StringComparison.Ordinal)} Commit them? [y/n] ");
                if (Console.ReadLine()?.Trim().ToLowerInvariant() is not ("y" or "yes")) return ExitCodes.For(ex);
                files = await ProgressView.RunAsync("commit", quiet, progress => repo.CommitAsync(paths, new CommitOptions { Force = true }, progress, ct));
            }
            if (!quiet)
                foreach (var f in files) Console.WriteLine($"Updated {f}");
            return 0;
        });
        return cmd;
    }
}
