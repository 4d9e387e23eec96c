using System.CommandLine;
using MlopsKit.Data;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc gc</c>.</summary>
public static class GcCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var workspace = new Option<bool>("--workspace", "-w") { Description = "Keep what the workspace needs." };
        var allBranches = new Option<bool>("--all-branches", "-a") { Description = "Keep what every branch needs." };
        var allTags = new Option<bool>("--all-tags", "-T") { Description = "Keep what every tag needs." };
        var allCommits = new Option<bool>("--all-commits", "-A") { Description = "Keep what every commit needs." };
        var cloud = new Option<bool>("--cloud", "-c") { Description = "Also delete unused objects from the remote." };
        var remote = new Option<string?>("--remote", "-r") { Description = "Remote for --cloud." };
        var force = new Option<bool>("--force", "-f") { Description = "Do not ask for confirmation." };
        var dry = new Option<bool>("--dry") { Description = "Only count what would be deleted." };
        var cmd = new Command("gc", "Delete cached data that no kept revision needs.") { workspace, allBranches, allTags, allCommits, cloud, remote, force, dry };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var repo = Runner.OpenRepo();
            var options = new GcOptions
            {
                Workspace = p.GetValue(workspace),
                AllBranches = p.GetValue(allBranches),
                AllTags = p.GetValue(allTags),
                AllCommits = p.GetValue(allCommits),
                Cloud = p.GetValue(cloud),
                Remote = p.GetValue(remote),
            };
            var plan = await repo.PlanGc(options, ct);
            var what = $"{Format.Files(plan.LocalToRemove.Count)} from the cache{(options.Cloud ? $" and {Format.Files(plan.RemoteToRemove.Count)} from remote '{plan.Remote}'" : "")} ({plan.Kept} kept)";
            if (p.GetValue(dry))
            {
                Console.WriteLine($"Would remove {what}.");
                return 0;
            }
            if (plan.LocalToRemove.Count + plan.RemoteToRemove.Count == 0)
            {
                if (!p.GetValue(GlobalOptions.Quiet)) Console.WriteLine("No unused cache to remove.");
                return 0;
            }
            if (!p.GetValue(force))
            {
                if (Console.IsInputRedirected)
                    throw new ConflictException($"gc would remove {what}; pass -f to confirm when not running interactively.");
                Console.Error.Write($"This will remove {what}. Are you sure? [y/n] ");
                if (Console.ReadLine()?.Trim().ToLowerInvariant() is not ("y" or "yes")) return 0;
            }
            await repo.GcAsync(plan, ct);
            if (!p.GetValue(GlobalOptions.Quiet)) Console.WriteLine($"Removed {what}.");
            return 0;
        });
        return cmd;
    }
}
