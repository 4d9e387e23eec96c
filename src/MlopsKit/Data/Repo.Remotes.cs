namespace MlopsKit.Data;

public sealed partial class Repo
{
    /// <summary>Adds a remote, as <c>dvc remote add [-d] [-f] NAME URL</c>. A relative local path is taken relative to the repo root and stored relative to the config file's folder.</summary>
    /// <exception cref="ConfigException">The name exists (without force) or is invalid.</exception>
    public void RemoteAdd(string name, string url, bool makeDefault = false, bool force = false, ConfigLevel level = ConfigLevel.Repo)
    {
        name = ValidateRemoteName(name);
        if (string.IsNullOrWhiteSpace(url)) throw new ConfigException("the remote URL is empty. Give a folder path (or, later, s3://bucket/path).");
        var file = Config.File(level);
        var section = DvcConfig.RemoteSection(name);
        if (file.Get(section, "url") is not null && !force)
            throw new ConfigException($"remote '{name}' already exists. Use -f to overwrite it, or 'mlops dvc remote modify {name} url {url}'.");
        if (force) file.RemoveSection(section);
        file.Set(section, "url", StoredPath(url, file));
        if (makeDefault) file.Set("core", "remote", name);
        file.Save();
        ReloadConfig();
    }

    /// <summary>Lists configured remotes.</summary>
    public IReadOnlyList<RemoteInfo> RemoteList()
    {
        var def = Config.Get("core", "remote");
        return Config.RemoteNames.Select(n => new RemoteInfo(n, Config.Get(DvcConfig.RemoteSection(n), "url") ?? "", n == def)).ToList();
    }

    /// <summary>Sets the default remote (or clears it with null), as <c>dvc remote default</c>.</summary>
    public void RemoteDefault(string? name, ConfigLevel level = ConfigLevel.Repo)
    {
        var file = Config.File(level);
        if (name is null) file.Unset("core", "remote");
        else
        {
            name = ValidateRemoteName(name);
            if (!Config.RemoteNames.Contains(name)) throw new ConfigException($"remote '{name}' does not exist. Add it first with 'mlops dvc remote add'.");
            file.Set("core", "remote", name);
        }
        file.Save();
        ReloadConfig();
    }

    /// <summary>Sets (or with a null value, unsets) a remote option, as <c>dvc remote modify</c>.</summary>
    /// <exception cref="ConfigException">Unknown remote or option.</exception>
    public void RemoteModify(string name, string key, string? value, ConfigLevel level = ConfigLevel.Repo)
    {
        name = ValidateRemoteName(name);
        if (!Config.RemoteNames.Contains(name)) throw new ConfigException($"remote '{name}' does not exist. See 'mlops dvc remote list'.");
        var section = DvcConfig.RemoteSection(name);
        DvcConfig.ValidateKey(section, key, "remote modify");
        if (value is not null) DvcConfig.ValidateValue(section, key, value, "remote modify");
        var file = Config.File(level);
        if (value is null) file.Unset(section, key);
        else file.Set(section, key, key == "url" ? StoredPath(value, file) : value);
        file.Save();
        ReloadConfig();
    }

    /// <summary>Removes a remote and clears <c>core.remote</c> when it pointed at it.</summary>
    public void RemoteRemove(string name)
    {
        name = ValidateRemoteName(name);
        var section = DvcConfig.RemoteSection(name);
        var found = false;
        foreach (var level in new[] { ConfigLevel.Repo, ConfigLevel.Local })
        {
            var file = Config.File(level);
            var changed = file.RemoveSection(section);
            if (file.Get("core", "remote") == name) { file.Unset("core", "remote"); changed = true; }
            if (changed) file.Save();
            found |= changed;
        }
        if (!found) throw new ConfigException($"remote '{name}' does not exist. See 'mlops dvc remote list'.");
        ReloadConfig();
    }

    /// <summary>Reads a config value (<c>section.key</c>, or <c>remote.NAME.key</c>).</summary>
    public string? ConfigGet(string name)
    {
        var (section, key) = SplitConfigName(name);
        return Config.Get(section, key);
    }

    /// <summary>Sets or unsets a config value, validated against DVC's schema.</summary>
    public void ConfigSet(string name, string? value, ConfigLevel level = ConfigLevel.Repo)
    {
        var (section, key) = SplitConfigName(name);
        DvcConfig.ValidateKey(section, key, "config");
        if (value is not null) DvcConfig.ValidateValue(section, key, value, "config");
        var file = Config.File(level);
        if (value is null)
        {
            if (!file.Unset(section, key)) throw new ConfigException($"'{name}' is not set at the {level.ToString().ToLowerInvariant()} level.");
        }
        else file.Set(section, key, section == "cache" && key == "dir" ? StoredPath(value, file) : value);
        file.Save();
        ReloadConfig();
    }

    /// <summary>Every effective config value as <c>section.key</c> → value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ConfigList(ConfigLevel? level = null)
    {
        var levels = level is { } l ? [l] : new[] { ConfigLevel.System, ConfigLevel.Global, ConfigLevel.Repo, ConfigLevel.Local };
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var lv in levels)
        {
            var file = Config.File(lv);
            foreach (var section in file.Sections)
                foreach (var (k, v) in file.GetSection(section))
                    merged[(section.StartsWith("remote \"", StringComparison.Ordinal) ? "remote." + section[8..^1] : section) + "." + k] = v;
        }
        return merged.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
    }

    private static (string Section, string Key) SplitConfigName(string name)
    {
        var parts = name.Split('.');
        if (parts.Length == 2) return (parts[0], parts[1]);
        if (parts.Length == 3 && parts[0] == "remote") return (DvcConfig.RemoteSection(parts[1]), parts[2]);
        throw new ConfigException($"'{name}' is not a config name. Use section.key (core.remote, cache.type) or remote.NAME.key.");
    }

    private string StoredPath(string value, ConfigFile file)
    {
        if (DvcConfig.IsUrl(value) || Path.IsPathRooted(value)) return value;
        var full = Path.GetFullPath(value, Root);
        return Path.GetRelativePath(Path.GetDirectoryName(file.Path)!, full).Replace('\\', '/');
    }

    private static string ValidateRemoteName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => c is '"' or '\'' or '[' or ']' or '.' || char.IsWhiteSpace(c)))
            throw new ConfigException($"'{name}' is not a valid remote name. Use letters, digits, '-' and '_'.");
        return name.ToLowerInvariant();
    }
}
