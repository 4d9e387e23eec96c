using System.CommandLine;
using MlopsKit.Data;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc push</c>, <c>fetch</c> and <c>pull</c>: the same flags, three directions.</summary>
public static class TransferCommands
{
    /// <summary>Builds <c>push</c>.</summary>
    public static Command Push()
    {
        var (cmd, f) = Build("push", "Upload tracked data the remote lacks.", withForce: false);
        var pushgateway = new Option<string?>("--pushgateway") { Description = "Push mlops_dvc_push_* metrics to this Pushgateway (default: $MLOPS_PUSHGATEWAY_URL, else none)." };
        cmd.Options.Add(pushgateway);
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var repo = Runner.OpenRepo();
            var options = new PushOptions { Remote = p.GetValue(f.Remote), Jobs = p.GetValue(f.Jobs), AllBranches = p.GetValue(f.AllBranches), AllTags = p.GetValue(f.AllTags), AllCommits = p.GetValue(f.AllCommits), Pushgateway = p.GetValue(pushgateway) };
            var quiet = p.GetValue(GlobalOptions.Quiet);
            var result = await ProgressView.RunAsync("push", quiet, progress => repo.PushAsync(Runner.FullPaths(p.GetValue(f.Targets)), options, progress, ct));
            // The data push decides the exit code; metrics that did not reach the gateway are one warning line.
            if (result.PushgatewayWarning is { } warning) Console.Error.WriteLine($"warning: {warning}");
            return Report(result, "pushed", quiet);
        });
        return cmd;
    }

    /// <summary>Builds <c>fetch</c>.</summary>
    public static Command Fetch()
    {
        var (cmd, f) = Build("fetch", "Download tracked data into the cache (without touching the workspace).", withForce: false);
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var repo = Runner.OpenRepo();
            var quiet = p.GetValue(GlobalOptions.Quiet);
            var result = await ProgressView.RunAsync("fetch", quiet, progress => repo.FetchAsync(Runner.FullPaths(p.GetValue(f.Targets)), Options(p, f), progress, ct));
            return Report(result, "fetched", quiet);
        });
        return cmd;
    }

    /// <summary>Builds <c>pull</c>.</summary>
    public static Command Pull()
    {
        var (cmd, f) = Build("pull", "Download tracked data and check it out into the workspace.", withForce: true);
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var repo = Runner.OpenRepo();
            var quiet = p.GetValue(GlobalOptions.Quiet);
            var result = await ProgressView.RunAsync("pull", quiet, progress => repo.PullAsync(Runner.FullPaths(p.GetValue(f.Targets)), Options(p, f), progress, ct));
            if (!quiet && result.Checkout is { } checkout)
            {
                foreach (var a in checkout.Added) Console.WriteLine($"A       {a}");
                foreach (var m in checkout.Modified) Console.WriteLine($"M       {m}");
            }
            // One error line: a failed checkout is what the user sees, so it wins over the fetch summary.
            if (result.Checkout is { Failed.Count: > 0 } c)
            {
                if (!quiet) Summary(result, "fetched");
                return CheckoutCommand.FailureLine(c, "Push it from a cache that has it, then pull again.");
            }
            return Report(result, "fetched", quiet);
        });
        return cmd;
    }

    private static FetchOptions Options(ParseResult p, Flags f) => new()
    {
        Remote = p.GetValue(f.Remote),
        Jobs = p.GetValue(f.Jobs),
        AllBranches = p.GetValue(f.AllBranches),
        AllTags = p.GetValue(f.AllTags),
        AllCommits = p.GetValue(f.AllCommits),
        Force = f.Force is not null && p.GetValue(f.Force),
    };

    private static void Summary(TransferResult result, string verb) =>
        Console.WriteLine(result.Transferred == 0 && result.Missing.Count == 0 && result.Failed.Count == 0 && result.Corrupt.Count == 0 ? "Everything is up to date." : $"{Format.Files(result.Transferred)} {verb}");

    /// <summary>Prints the summary, then at most one error line (the most serious problem), and returns the exit code.</summary>
    private static int Report(TransferResult result, string verb, bool quiet)
    {
        if (!quiet) Summary(result, verb);
        if (result.Corrupt.Count > 0)
        {
            Console.Error.WriteLine($"error: {Format.Files(result.Corrupt.Count)} in the cache {(result.Corrupt.Count == 1 ? "is" : "are")} corrupt (content does not match the md5) and {(result.Corrupt.Count == 1 ? "was" : "were")} not {verb} (e.g. {result.Corrupt[0]}). Run 'mlops dvc add' on the data again, or fetch a good copy.");
            return 7;
        }
        if (result.Failed.Count > 0)
        {
            Console.Error.WriteLine($"error: {Format.Files(result.Failed.Count)} could not be {verb}{(result.Failed.Count > 1 ? ", the first" : "")}: {result.Failed[0]}");
            return 6;
        }
        if (result.Missing.Count > 0)
        {
            Console.Error.WriteLine($"error: {Format.Files(result.Missing.Count)} missing from both the cache and the remote (e.g. {result.Missing[0]}). Someone must push them from a cache that has them.");
            return 4;
        }
        return 0;
    }

    private sealed record Flags(Argument<string[]> Targets, Option<string?> Remote, Option<int?> Jobs, Option<bool> AllBranches, Option<bool> AllTags, Option<bool> AllCommits, Option<bool>? Force);

    private static (Command, Flags) Build(string name, string description, bool withForce)
    {
        var targets = new Argument<string[]>("targets") { Description = "Limit to these .dvc files or paths.", Arity = ArgumentArity.ZeroOrMore };
        targets.Validators.Add(Runner.NonEmpty);
        var remote = new Option<string?>("--remote", "-r") { Description = "Remote name (default: core.remote)." };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Parallel transfers (default 4 x CPUs).", CustomParser = Runner.PositiveInt };
        var allBranches = new Option<bool>("--all-branches", "-a") { Description = "Include what every branch needs." };
        var allTags = new Option<bool>("--all-tags", "-T") { Description = "Include what every tag needs." };
        var allCommits = new Option<bool>("--all-commits", "-A") { Description = "Include what every commit needs." };
        var cmd = new Command(name, description) { targets, remote, jobs, allBranches, allTags, allCommits };
        Option<bool>? force = null;
        if (withForce)
        {
            force = new Option<bool>("--force", "-f") { Description = "Overwrite workspace changes that are not in the cache." };
            cmd.Options.Add(force);
        }
        return (cmd, new Flags(targets, remote, jobs, allBranches, allTags, allCommits, force));
    }
}
