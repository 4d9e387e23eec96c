using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc status</c>.</summary>
public static class StatusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var targets = new Argument<string[]>("targets") { Description = "Limit to these .dvc files or paths.", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print DVC's JSON form." };
        var cmd = new Command("status", "Show tracked data that changed in the workspace or is missing from the cache.") { targets, json };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var repo = Runner.OpenRepo();
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
}
