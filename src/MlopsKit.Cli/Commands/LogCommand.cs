using System.CommandLine;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc log</c>: which git commits changed a tracked output, with its md5 and size at each.</summary>
public static class LogCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "A tracked path or its .dvc file." };
        target.Validators.Add(Runner.NonEmpty);
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var max = new Option<int?>("--max-count", "-n") { Description = "Show at most this many versions.", CustomParser = Runner.PositiveInt };
        var cmd = new Command("log", "Show the versions of a tracked file or directory through git history.") { target, json, max };
        Runner.SetHandler(cmd, (p, _) =>
        {
            using var repo = Runner.OpenRepo();
            var versions = repo.Log(Path.GetFullPath(p.GetValue(target)!), p.GetValue(max));
            if (p.GetValue(json))
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartArray();
                    foreach (var v in versions)
                    {
                        w.WriteStartObject();
                        w.WriteString("commit", v.Commit);
                        w.WriteString("date", v.Date);
                        w.WriteString("author", v.Author);
                        w.WriteString("message", v.Message);
                        w.WriteString("path", v.Path);
                        w.WriteString("md5", v.Md5);
                        if (v.Size is { } s) w.WriteNumber("size", s);
                        if (v.NFiles is { } n) w.WriteNumber("nfiles", n);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
                return Task.FromResult(0);
            }
            if (p.GetValue(GlobalOptions.Quiet)) return Task.FromResult(0);
            Format.Table(["commit", "date", "md5", "size", "message"], versions.Select(v => new[]
            {
                v.ShortCommit, v.Date.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), v.Md5 ?? "-",
                v.Size is { } s ? Format.Size(s) : "-", v.Message,
            }));
            return Task.FromResult(0);
        });
        return cmd;
    }
}
