using System.CommandLine;
using MlopsKit.Data;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc checkout</c>.</summary>
public static class CheckoutCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var targets = new Argument<string[]>("targets") { Description = "Limit to these .dvc files or paths.", Arity = ArgumentArity.ZeroOrMore };
        targets.Validators.Add(Runner.NonEmpty);
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite workspace changes that are not in the cache." };
        var relink = new Option<bool>("--relink") { Description = "Re-create links or copies even when data is unchanged." };
        var rev = new Option<string?>("--rev") { Description = "Check out the data recorded at this git revision, without touching git's work tree." };
        var cmd = new Command("checkout", "Make workspace data match the .dvc files, from the cache.") { targets, force, relink, rev };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var repo = Runner.OpenRepo();
            var options = new CheckoutOptions { Force = p.GetValue(force), Relink = p.GetValue(relink), Rev = p.GetValue(rev) };
            var quiet = p.GetValue(GlobalOptions.Quiet);
            var result = await ProgressView.RunAsync("checkout", quiet, progress => repo.CheckoutAsync(Runner.FullPaths(p.GetValue(targets)), options, progress, ct));
            if (!quiet) Print(result);
            return FailureLine(result, "Run 'mlops dvc pull' (or 'fetch') to get it from the remote.");
        });
        return cmd;
    }

    /// <summary>Prints one error line for failed outputs and returns the exit code: 7 when a cache object is corrupt, 4 when one is missing, else 0.</summary>
    public static int FailureLine(CheckoutResult result, string hint)
    {
        if (result.Corrupt.Count > 0)
        {
            Console.Error.WriteLine($"error: checkout failed for {string.Join(", ", result.Failed)}: the cache object of {string.Join(", ", result.Corrupt)} is corrupt (its content does not match its md5), so it was not written. {hint}");
            return 7;
        }
        if (result.Failed.Count > 0)
        {
            Console.Error.WriteLine($"error: checkout failed for {string.Join(", ", result.Failed)}: data is missing from the cache. {hint}");
            return 4;
        }
        return 0;
    }

    /// <summary>Prints a checkout summary as DVC does (A/M/D lines).</summary>
    public static void Print(CheckoutResult result)
    {
        foreach (var a in result.Added) Console.WriteLine($"A       {a}");
        foreach (var m in result.Modified) Console.WriteLine($"M       {m}");
        foreach (var d in result.Deleted) Console.WriteLine($"D       {d}");
        if (result.NothingChanged) Console.WriteLine("Everything is up to date.");
    }
}
