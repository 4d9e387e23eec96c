using System.CommandLine;
using MlopsKit.Data;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc add</c>.</summary>
public static class AddCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var targets = new Argument<string[]>("targets") { Description = "Files or directories to track.", Arity = ArgumentArity.OneOrMore };
        targets.Validators.Add(Runner.NonEmpty);
        var noCommit = new Option<bool>("--no-commit") { Description = "Write the .dvc file without copying data into the cache." };
        var glob = new Option<bool>("--glob") { Description = "Expand wildcards (*, ?, [..], **) in targets." };
        var cmd = new Command("add", "Track data files or directories: hash them, cache them, write .dvc files.") { targets, noCommit, glob };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var repo = Runner.OpenRepo();
            var quiet = p.GetValue(GlobalOptions.Quiet);
            var options = new AddOptions { NoCommit = p.GetValue(noCommit), Glob = p.GetValue(glob) };
            var paths = options.Glob ? p.GetValue(targets)! : Runner.FullPaths(p.GetValue(targets));
            var result = await ProgressView.RunAsync("add", quiet, progress => repo.AddAsync(paths, options, progress, ct));
            if (quiet) return 0;
            foreach (var o in result.Outputs)
                Console.WriteLine($"Added {o.Path} ({o.Oid}, {Format.Size(o.Size)}{(o.NFiles is { } n ? $", {n} files" : "")})");
            if (result.GitFiles.Count > 0 && !result.Staged && repo.GitRoot is not null)
            {
                Console.WriteLine($"\nTo track the changes with git, run:\n\n\tgit add {string.Join(' ', result.GitFiles.Select(Format.ShellQuote))}\n");
                Console.WriteLine("To enable auto staging, run:\n\n\tmlops dvc config core.autostage true");
            }
            return 0;
        });
        return cmd;
    }
}
