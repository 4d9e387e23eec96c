using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc status</c>.</summary>
public static class StatusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var targets = new Argument<string[]>("targets") { Description = "Limit to these .dvc files or paths.", Arity = ArgumentArity.ZeroOrMore };
        targets.Validators.Add(Runner.NonEmpty);
        var json = new Option<bool>("--json") { Description = "Print DVC's JSON form." };
        var cloud = new Option<bool>("--cloud", "-c") { Description = "Compare the cache with a remote instead of the workspace." };
        var remote = new Option<string?>("--remote", "-r") { Description = "Remote for --cloud (default: core.remote)." };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Parallel existence checks for --cloud.", CustomParser = Runner.PositiveInt };
        var cmd = new Command("status", "Show tracked data that changed in the workspace or is missing from the cache.") { targets, json, cloud, remote, jobs };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var repo = Runner.OpenRepo();
            if (p.GetValue(cloud)) return await CloudAsync(repo, p, targets, json, remote, jobs, ct);
            var result = await repo.StatusAsync(Runner.FullPaths(p.GetValue(targets)), ct);
            if (p.GetValue(GlobalOptions.Quiet)) return result.IsClean ? 0 : ExitCodes.Changed;
            if (p.GetValue(json))
            {
                Console.WriteLine(result.ToJson());
                return 0;
            }
            if (!result.AnythingTracked)
            {
                Console.WriteLine("There are no data or pipelines tracked in this project yet. Track some with 'mlops dvc add <path>'.");
                return 0;
            }
            if (result.IsClean)
            {
                Console.WriteLine("Data and pipelines are up to date.");
                return 0;
            }
            Console.Write(result.ToText());
            return 0;
        });
        return cmd;
    }

    private static async Task<int> CloudAsync(MlopsKit.Data.Repo repo, ParseResult p, Argument<string[]> targets, Option<bool> json, Option<string?> remote, Option<int?> jobs, CancellationToken ct)
    {
        var result = await repo.CloudStatusAsync(Runner.FullPaths(p.GetValue(targets)), p.GetValue(remote), p.GetValue(jobs), ct);
        if (p.GetValue(GlobalOptions.Quiet)) return result.InSync ? 0 : ExitCodes.Changed;
        if (p.GetValue(json))
        {
            JsonOut.Write(w =>
            {
                w.WriteStartObject();
                foreach (var (path, state) in result.Changes) w.WriteString(path, state);
                w.WriteEndObject();
            });
            return 0;
        }
        if (result.InSync)
        {
            Console.WriteLine($"Cache and remote '{result.Remote}' are in sync.");
            return 0;
        }
        foreach (var (path, state) in result.Changes) Console.WriteLine($"\t{(state + ":").PadRight(20)}{path}");
        var missing = result.Changes.Count(c => c.Value == "missing");
        if (missing > 0) Console.Error.WriteLine($"warning: {Format.Files(missing)} missing from both the cache and the remote.");
        return 0;
    }
}
