using System.CommandLine;
using MlopsKit.Data;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops dvc config</c>: get, set, unset or list DVC config values.</summary>
public static class ConfigCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "section.key, e.g. core.remote, cache.type, remote.NAME.url.", Arity = ArgumentArity.ZeroOrOne };
        var value = new Argument<string?>("value") { Description = "Value to set.", Arity = ArgumentArity.ZeroOrOne };
        var unset = new Option<bool>("--unset", "-u") { Description = "Remove the value." };
        var list = new Option<bool>("--list", "-l") { Description = "List all values." };
        var local = new Option<bool>("--local") { Description = "Use .dvc/config.local." };
        var global = new Option<bool>("--global") { Description = "Use the per-user config." };
        var system = new Option<bool>("--system") { Description = "Use the system config." };
        var json = new Option<bool>("--json") { Description = "With --list, print JSON." };
        var cmd = new Command("config", "Get or set DVC configuration (core, cache, remote sections).") { name, value, unset, list, local, global, system, json };
        Runner.SetHandler(cmd, (p, _) =>
        {
            using var repo = Runner.OpenRepo();
            var level = p.GetValue(local) ? ConfigLevel.Local : p.GetValue(global) ? ConfigLevel.Global : p.GetValue(system) ? ConfigLevel.System : ConfigLevel.Repo;
            var explicitLevel = p.GetValue(local) || p.GetValue(global) || p.GetValue(system);
            if (p.GetValue(list))
            {
                var values = repo.ConfigList(explicitLevel ? level : null);
                if (p.GetValue(json))
                {
                    JsonOut.Write(w =>
                    {
                        w.WriteStartObject();
                        foreach (var (k, val) in values) w.WriteString(k, val);
                        w.WriteEndObject();
                    });
                }
                else
                {
                    foreach (var (k, val) in values) Console.WriteLine($"{k}={val}");
                }
                return Task.FromResult(0);
            }
            var n = p.GetValue(name) ?? throw new ConfigException("give a config name (e.g. core.remote), or --list.");
            if (p.GetValue(unset))
            {
                repo.ConfigSet(n, null, level);
                return Task.FromResult(0);
            }
            if (p.GetValue(value) is { } v)
            {
                repo.ConfigSet(n, v, level);
                return Task.FromResult(0);
            }
            Console.WriteLine(repo.ConfigGet(n) ?? throw new NotFoundException($"'{n}' is not set."));
            return Task.FromResult(0);
        });
        return cmd;
    }
}
