using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc diff</c>.</summary>
public static class DiffCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var aRev = new Argument<string?>("a_rev") { Description = "Old git revision (default HEAD).", Arity = ArgumentArity.ZeroOrOne };
        var bRev = new Argument<string?>("b_rev") { Description = "New git revision (default: the workspace).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print DVC's JSON form." };
        var targets = new Option<string[]>("--targets", "-t") { Description = "Limit to these paths.", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("diff", "Show data files added, deleted, modified or renamed between two git revisions (or a revision and the workspace).") { aRev, bRev, json, targets };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var repo = Runner.OpenRepo();
            var result = await repo.DiffAsync(p.GetValue(aRev), p.GetValue(bRev), Runner.FullPaths(p.GetValue(targets)), ct);
            if (p.GetValue(GlobalOptions.Quiet)) return result.IsEmpty ? 0 : ExitCodes.Changed;
            if (p.GetValue(json))
            {
                Console.WriteLine(result.ToJson());
                return 0;
            }
            foreach (var e in result.Added) Console.WriteLine($"Added: {e.Path}");
            foreach (var e in result.Deleted) Console.WriteLine($"Deleted: {e.Path}");
            foreach (var e in result.Modified) Console.WriteLine($"Modified: {e.Path}");
            foreach (var e in result.Renamed) Console.WriteLine($"Renamed: {e.OldPath} -> {e.Path}");
            foreach (var e in result.NotInCache) Console.WriteLine($"Not in cache: {e.Path}");
            if (!result.IsEmpty)
                Console.WriteLine($"\nfiles summary: {result.Added.Count} added, {result.Deleted.Count} deleted, {result.Renamed.Count} renamed, {result.Modified.Count} modified, {result.NotInCache.Count} not in cache");
            return 0;
        });
        return cmd;
    }
}
