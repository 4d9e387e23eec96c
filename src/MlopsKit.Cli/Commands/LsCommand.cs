using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc ls</c>: the tracked outputs of the workspace with their hash, size and cache state.</summary>
public static class LsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var targets = new Argument<string[]>("targets") { Description = "Limit to these .dvc files or paths.", Arity = ArgumentArity.ZeroOrMore };
        targets.Validators.Add(Runner.NonEmpty);
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("ls", "List tracked data: path, md5, size, files, and whether it is in the cache.") { targets, json };
        Runner.SetHandler(cmd, (p, _) =>
        {
            using var repo = Runner.OpenRepo();
            var outputs = repo.ResolveOutputs(Runner.FullPaths(p.GetValue(targets)));
            if (p.GetValue(json))
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartArray();
                    foreach (var o in outputs)
                    {
                        w.WriteStartObject();
                        w.WriteString("path", repo.RelativePath(o.FullPath));
                        w.WriteString("dvc_file", repo.RelativePath(o.Owner.FullPath));
                        w.WriteString("md5", o.Hash);
                        if (o.Size is { } s) w.WriteNumber("size", s);
                        if (o.NFiles is { } n) w.WriteNumber("nfiles", n);
                        w.WriteBoolean("in_cache", o.Key is { } k && repo.Cache.Exists(k));
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
                return Task.FromResult(0);
            }
            if (p.GetValue(GlobalOptions.Quiet)) return Task.FromResult(0);
            var rows = outputs.Select(o => new[]
            {
                repo.RelativePath(o.FullPath), o.Hash ?? "-", o.Size is { } s ? Format.Size(s) : "-",
                o.NFiles is { } n ? Format.Files(n) : "", o.Key is { } k && repo.Cache.Exists(k) ? "cached" : "not in cache",
            });
            Format.Table(["path", "md5", "size", "files", "cache"], rows);
            return Task.FromResult(0);
        });
        return cmd;
    }
}
