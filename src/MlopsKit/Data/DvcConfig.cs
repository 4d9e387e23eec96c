namespace MlopsKit.Data;

/// <summary>The merged DVC configuration of a repository (system, global, repo, local), validated against the keys DVC knows.</summary>
public sealed class DvcConfig
{
    private static readonly Dictionary<string, string[]> s_knownKeys = new()
    {
        ["core"] = ["remote", "autostage", "no_scm", "checksum_jobs", "site_cache_dir", "hardlink_lock", "interactive", "analytics", "check_update", "experiments"],
        ["cache"] = ["dir", "type", "shared", "slow_link_warning", "verify", "protected", "local", "s3", "gs", "hdfs", "webhdfs", "ssh", "azure"],
        ["remote"] = ["url", "jobs", "checksum_jobs", "worktree", "version_aware", "verify", "type", "protected", "shared", "slow_link_warning",
            "region", "profile", "credentialpath", "configpath", "endpointurl", "access_key_id", "secret_access_key", "session_token",
            "use_ssl", "ssl_verify", "sse", "sse_kms_key_id", "sse_customer_algorithm", "sse_customer_key", "acl", "grant_read", "grant_read_acp",
            "grant_write_acp", "grant_full_control", "listobjects", "read_timeout", "connect_timeout", "allow_anonymous_login", "cache_regions", "auth",
            "user", "password", "ask_password", "custom_auth_header", "ssl_verify", "timeout", "method"],
    };

    private static readonly HashSet<string> s_knownSections = ["core", "cache", "state", "index", "plots", "feature", "exp", "parsing", "hydra", "studio", "db", "machine", "remote"];

    private readonly Dictionary<ConfigLevel, ConfigFile> _files;

    private DvcConfig(Dictionary<ConfigLevel, ConfigFile> files) => _files = files;

    /// <summary>Loads and validates all four levels for the repository whose <c>.dvc</c> folder is given.</summary>
    /// <exception cref="ConfigException">A file has a syntax error or an unknown key.</exception>
    public static DvcConfig Load(string dvcDir)
    {
        var home = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        var files = new Dictionary<ConfigLevel, ConfigFile>
        {
            [ConfigLevel.System] = ConfigFile.Load(Environment.GetEnvironmentVariable("DVC_SYSTEM_CONFIG_DIR") is { } sys ? Path.Combine(sys, "config") : "/etc/xdg/dvc/config"),
            [ConfigLevel.Global] = ConfigFile.Load(Environment.GetEnvironmentVariable("DVC_GLOBAL_CONFIG_DIR") is { } glob ? Path.Combine(glob, "config") : Path.Combine(home, "dvc", "config")),
            [ConfigLevel.Repo] = ConfigFile.Load(Path.Combine(dvcDir, "config")),
            [ConfigLevel.Local] = ConfigFile.Load(Path.Combine(dvcDir, "config.local")),
        };
        foreach (var file in files.Values) Validate(file);
        return new DvcConfig(files);
    }

    /// <summary>The file of one level, for editing.</summary>
    public ConfigFile File(ConfigLevel level) => _files[level];

    /// <summary>The effective value of section.key, highest level first.</summary>
    public string? Get(string section, string key) => GetWithSource(section, key)?.Value;

    /// <summary>The effective value and the file that set it.</summary>
    public (string Value, ConfigFile Source)? GetWithSource(string section, string key)
    {
        foreach (var level in new[] { ConfigLevel.Local, ConfigLevel.Repo, ConfigLevel.Global, ConfigLevel.System })
            if (_files[level].Get(section, key) is { } value) return (value, _files[level]);
        return null;
    }

    /// <summary>A boolean value, read case-insensitively; the default when unset.</summary>
    public bool GetBool(string section, string key, bool defaultValue = false)
    {
        var value = Get(section, key);
        if (value is null) return defaultValue;
        return value.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new ConfigException($"config value {section}.{key} = '{value}' is not a boolean. Use true or false."),
        };
    }

    /// <summary>A positive integer value, or the default.</summary>
    public int GetInt(string section, string key, int defaultValue)
    {
        var value = Get(section, key);
        if (value is null) return defaultValue;
        return int.TryParse(value, out var n) && n > 0 ? n : throw new ConfigException($"config value {section}.{key} = '{value}' is not a positive integer.");
    }

    /// <summary>Names of all configured remotes, lower-case.</summary>
    public IReadOnlyList<string> RemoteNames =>
        _files.Values.SelectMany(f => f.Sections).Where(IsRemoteSection).Select(RemoteName).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The section name for a remote: <c>remote "NAME"</c>.</summary>
    public static string RemoteSection(string name) => $"remote \"{name}\"";

    /// <summary>Resolves a path value against the folder of the file that set it, as DVC does for local paths.</summary>
    public string? GetPath(string section, string key)
    {
        if (GetWithSource(section, key) is not var (value, source)) return null;
        return ResolvePath(value, source);
    }

    /// <summary>Turns a config path value into an absolute path; URLs are returned unchanged.</summary>
    public static string ResolvePath(string value, ConfigFile source)
    {
        if (IsUrl(value)) return value;
        if (value.StartsWith("~/", StringComparison.Ordinal)) value = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), value[2..]);
        return Path.GetFullPath(value, Path.GetDirectoryName(source.Path)!);
    }

    /// <summary>True for <c>scheme://…</c> values (and not for Windows drive paths).</summary>
    public static bool IsUrl(string value)
    {
        var i = value.IndexOf("://", StringComparison.Ordinal);
        return i > 1 && value[..i].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
    }

    /// <summary>Checks that a section and key are ones DVC accepts.</summary>
    /// <exception cref="ConfigException">Unknown section or key.</exception>
    public static void ValidateKey(string section, string key, string source)
    {
        var kind = IsRemoteSection(section) ? "remote" : section;
        if (!s_knownSections.Contains(kind.Split(' ')[0]))
            throw new ConfigException($"{source}: unknown config section '{section}'. Known sections: core, cache, remote \"NAME\", state, index, plots, feature.");
        if (s_knownKeys.TryGetValue(kind, out var keys) && !keys.Contains(key))
            throw new ConfigException($"{source}: unknown key '{key}' in section '{section}'. Valid keys: {string.Join(", ", keys.Distinct())}.");
    }

    /// <summary>Checks a value's type for the keys DVC types (integers, booleans, link types).</summary>
    /// <exception cref="ConfigException">The value has the wrong type.</exception>
    public static void ValidateValue(string section, string key, string value, string source)
    {
        var kind = IsRemoteSection(section) ? "remote" : section;
        if (key is "jobs" or "checksum_jobs" && !(int.TryParse(value, out var n) && n > 0))
            throw new ConfigException($"{source}: {section}.{key} = '{value}' must be a positive whole number.");
        if ((kind, key) is ("core", "autostage" or "no_scm" or "hardlink_lock" or "interactive" or "analytics" or "check_update")
            or ("cache" or "remote", "verify" or "slow_link_warning" or "protected") or ("remote", "worktree" or "version_aware" or "use_ssl" or "allow_anonymous_login" or "listobjects")
            && value.Trim().ToLowerInvariant() is not ("true" or "false" or "1" or "0" or "yes" or "no" or "on" or "off"))
            throw new ConfigException($"{source}: {section}.{key} = '{value}' must be true or false.");
        if (kind == "cache" && key == "type") Linker.Parse(value);
        if ((kind, key) is ("cache" or "remote", "shared") && value != "group")
            throw new ConfigException($"{source}: {section}.shared = '{value}' is not valid; the only value is 'group'.");
    }

    private static void Validate(ConfigFile file)
    {
        foreach (var section in file.Sections)
        {
            foreach (var (key, value) in file.GetSection(section))
            {
                ValidateKey(section, key, file.Path);
                ValidateValue(section, key, value, file.Path);
            }
        }
    }

    private static bool IsRemoteSection(string section) => section.StartsWith("remote \"", StringComparison.Ordinal) && section.EndsWith('"');

    private static string RemoteName(string section) => section["remote \"".Length..^1];
}
