namespace MlopsKit.Data;

/// <summary>Where a DVC config value lives, from lowest to highest priority.</summary>
public enum ConfigLevel
{
    /// <summary><c>/etc/xdg/dvc/config</c>.</summary>
    System,
    /// <summary><c>~/.config/dvc/config</c>.</summary>
    Global,
    /// <summary><c>.dvc/config</c>, committed to git.</summary>
    Repo,
    /// <summary><c>.dvc/config.local</c>, git-ignored, for secrets.</summary>
    Local,
}
