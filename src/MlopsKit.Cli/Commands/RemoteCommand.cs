using System.CommandLine;
using MlopsKit.Data;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc remote add|list|default|modify|remove</c>.</summary>
public static class RemoteCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var remote = new Command("remote", "Manage data remotes (where push and pull send and get data).");
        var local = new Option<bool>("--local") { Description = "Use .dvc/config.local (git-ignored), e.g. for credentials.", Recursive = true };
        remote.Options.Add(local);

        var name = new Argument<string>("name") { Description = "Remote name." };
        var url = new Argument<string>("url") { Description = "A folder path (relative paths are stored relative to .dvc/)." };
        url.Validators.Add(Runner.NonEmpty);
        var makeDefault = new Option<bool>("--default", "-d") { Description = "Make it the default remote." };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite an existing remote of that name." };
        var add = new Command("add", "Add a remote.") { name, url, makeDefault, force };
        Runner.SetHandler(add, (p, _) =>
        {
            using var repo = Runner.OpenRepo();
            var u = p.GetValue(url)!;
            if (!DvcConfig.IsUrl(u) && !Path.IsPathRooted(u)) u = Path.GetRelativePath(repo.Root, Path.GetFullPath(u));
            repo.RemoteAdd(p.GetValue(name)!, u, p.GetValue(makeDefault), p.GetValue(force), Level(p, local));
            return Task.FromResult(0);
        });

        var listJson = new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List remotes.") { listJson };
        Runner.SetHandler(list, (p, _) =>
        {
            using var repo = Runner.OpenRepo();
            var remotes = repo.RemoteList();
            if (p.GetValue(listJson))
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartArray();
                    foreach (var r in remotes)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", r.Name);
                        w.WriteString("url", r.Url);
                        w.WriteBoolean("default", r.IsDefault);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
                return Task.FromResult(0);
            }
            foreach (var r in remotes) Console.WriteLine($"{r.Name}\t{r.Url}{(r.IsDefault ? "\t(default)" : "")}");
            return Task.FromResult(0);
        });

        var defName = new Argument<string?>("name") { Description = "Remote to make default.", Arity = ArgumentArity.ZeroOrOne };
        var unset = new Option<bool>("--unset") { Description = "Clear the default remote." };
        var def = new Command("default", "Show or set the default remote.") { defName, unset };
        Runner.SetHandler(def, (p, _) =>
        {
            using var repo = Runner.OpenRepo();
            if (p.GetValue(unset)) repo.RemoteDefault(null, Level(p, local));
            else if (p.GetValue(defName) is { } n) repo.RemoteDefault(n, Level(p, local));
            else Console.WriteLine(repo.Config.Get("core", "remote") ?? throw new NotFoundException("no default remote is set. Set one with 'mlops dvc remote default NAME'."));
            return Task.FromResult(0);
        });

        var modName = new Argument<string>("name") { Description = "Remote name." };
        var option = new Argument<string>("option") { Description = "Option name (url, jobs, verify, ...)." };
        var value = new Argument<string?>("value") { Description = "New value.", Arity = ArgumentArity.ZeroOrOne };
        var modUnset = new Option<bool>("--unset", "-u") { Description = "Remove the option." };
        var modify = new Command("modify", "Set a remote option.") { modName, option, value, modUnset };
        Runner.SetHandler(modify, (p, _) =>
        {
            using var repo = Runner.OpenRepo();
            var v = p.GetValue(value);
            if (v is null && !p.GetValue(modUnset)) throw new ConfigException("give a value, or --unset to remove the option.");
            if (v is not null && p.GetValue(option) == "url" && !DvcConfig.IsUrl(v) && !Path.IsPathRooted(v)) v = Path.GetRelativePath(repo.Root, Path.GetFullPath(v));
            repo.RemoteModify(p.GetValue(modName)!, p.GetValue(option)!, p.GetValue(modUnset) ? null : v, Level(p, local));
            return Task.FromResult(0);
        });

        var rmName = new Argument<string>("name") { Description = "Remote name." };
        var remove = new Command("remove", "Remove a remote.") { rmName };
        Runner.SetHandler(remove, (p, _) =>
        {
            using var repo = Runner.OpenRepo();
            repo.RemoteRemove(p.GetValue(rmName)!);
            return Task.FromResult(0);
        });

        foreach (var c in new[] { add, list, def, modify, remove }) remote.Subcommands.Add(c);
        return remote;
    }

    private static ConfigLevel Level(ParseResult p, Option<bool> local) => p.GetValue(local) ? ConfigLevel.Local : ConfigLevel.Repo;
}
