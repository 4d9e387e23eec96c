namespace MlopsKit.Data;

/// <summary>Turns a configured remote name into an <see cref="IObjectStore"/>; new remote kinds register here only.</summary>
public static class RemoteResolver
{
    /// <summary>Opens a remote's store from its config section.</summary>
    /// <exception cref="ConfigException">The remote is not configured, has no url, or uses an unsupported scheme.</exception>
    public static IObjectStore Open(DvcConfig config, string name)
    {
        var section = DvcConfig.RemoteSection(name);
        var url = config.GetPath(section, "url")
            ?? throw new ConfigException($"remote '{name}' does not exist. Add it with 'mlops dvc remote add {name} <url>' (see 'mlops dvc remote list').");
        if (config.GetBool(section, "worktree") || config.GetBool(section, "version_aware"))
            throw new ConfigException($"remote '{name}' uses cloud versioning (worktree/version_aware), which MlopsKit does not support yet.");
        if (!DvcConfig.IsUrl(url)) return new LocalObjectStore(url);
        var scheme = url[..url.IndexOf("://", StringComparison.Ordinal)];
        if (scheme == "file") return new LocalObjectStore(new Uri(url).LocalPath);
        throw new ConfigException($"remote '{name}' uses '{scheme}://', which this version of MlopsKit cannot reach yet (local paths only). Use a local folder remote.");
    }

    /// <summary>Opens a remote that must already exist (fetch, status -c, gc -c); push creates a missing folder instead.</summary>
    /// <exception cref="RemoteException">A local remote folder does not exist.</exception>
    public static IObjectStore OpenForReading(DvcConfig config, string name)
    {
        var store = Open(config, name);
        if (store is LocalObjectStore local && !Directory.Exists(local.Root))
            throw new RemoteException($"remote '{name}' points at '{local.Root}', which does not exist. Check the path with 'mlops dvc remote list', or push to it first.");
        return store;
    }
}
