using System.CommandLine;
using MlopsKit.Data;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc check-ignore</c>: which paths .dvcignore hides, and why.</summary>
public static class CheckIgnoreCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var targets = new Argument<string[]>("targets") { Description = "Paths to check.", Arity = ArgumentArity.OneOrMore };
        targets.Validators.Add(Runner.NonEmpty);
        var details = new Option<bool>("--details", "-d") { Description = "Show the file, line and pattern that matched." };
        var cmd = new Command("check-ignore", "Check which paths .dvcignore excludes.") { targets, details };
        Runner.SetHandler(cmd, (p, _) =>
        {
            using var repo = Runner.OpenRepo();
            var any = false;
            foreach (var t in p.GetValue(targets)!)
            {
                var full = Path.GetFullPath(t).TrimEnd(Path.DirectorySeparatorChar);
                if (!Repo.IsInside(full, repo.Root)) throw new ConfigException($"'{full}' is outside the repository '{repo.Root}'. Give a path inside it.");
                var rel = repo.RelativePath(full);
                var isDir = Directory.Exists(full);
                if (!repo.Ignore.IsIgnored(rel, isDir)) continue;
                any = true;
                if (p.GetValue(details) && repo.Ignore.Explain(rel, isDir) is var (file, line, pattern)) Console.WriteLine($"{file}:{line}:{pattern}\t{t}");
                else Console.WriteLine(t);
            }
            return Task.FromResult(any ? 0 : 1);
        });
        return cmd;
    }
}
