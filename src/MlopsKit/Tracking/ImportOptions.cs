namespace MlopsKit.Tracking;

/// <summary>Settings for <see cref="MlrunsImporter.ImportAsync"/>.</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// Stop at the first run or experiment that cannot be read, throwing <see cref="ConfigException"/> (runs imported
    /// before it stay imported). Default: false — skip it, report it in <see cref="ImportResult.Skipped"/> and go on.
    /// </summary>
    public bool StopOnError { get; init; }
}
