using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc remove</c> and <c>mlops dvc unprotect</c>.</summary>
public static class RemoveCommand
{
    /// <summary>Builds <c>remove</c>.</summary>
    public static Command Create()
    {
        var targets = new Argument<string[]>("targets") { Description = ".dvc files (or tracked paths) to stop tracking.", Arity = ArgumentArity.OneOrMore };
        targets.Validators.Add(Runner.NonEmpty);
        var outs = new Option<bool>("--outs") { Description = "Also delete the data from the workspace (it stays in the cache)." };
        var cmd = new Command("remove", "Stop tracking data: delete .dvc files and their .gitignore entries.") { targets, outs };
        Runner.SetHandler(cmd, (p, _) =>
        {
            using var repo = Runner.OpenRepo();
            var removed = repo.Remove(Runner.FullPaths(p.GetValue(targets)), p.GetValue(outs));
            if (!p.GetValue(GlobalOptions.Quiet))
                foreach (var r in removed) Console.WriteLine($"Removed {r}");
            return Task.FromResult(0);
        });
        return cmd;
    }

    /// <summary>Builds <c>unprotect</c>.</summary>
    public static Command Unprotect()
    {
        var targets = new Argument<string[]>("targets") { Description = "Tracked files or directories to make editable.", Arity = ArgumentArity.OneOrMore };
        targets.Validators.Add(Runner.NonEmpty);
        var cmd = new Command("unprotect", "Replace links to the cache with writable copies so the data can be edited (needed with cache.type hardlink/symlink).") { targets };
        Runner.SetHandler(cmd, (p, _) =>
        {
            using var repo = Runner.OpenRepo();
            var n = repo.Unprotect(Runner.FullPaths(p.GetValue(targets)));
            if (!p.GetValue(GlobalOptions.Quiet)) Console.WriteLine($"{Format.Files(n)} unprotected");
            return Task.FromResult(0);
        });
        return cmd;
    }
}
