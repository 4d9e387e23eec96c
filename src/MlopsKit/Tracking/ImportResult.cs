namespace MlopsKit.Tracking;

/// <summary>What <see cref="MlrunsImporter.ImportAsync"/> wrote: counts of new rows and files, the experiment id mapping and what was left out.</summary>
public sealed record ImportResult
{
    /// <summary>Experiments created (experiments matched by name are in <see cref="ExperimentMap"/> only).</summary>
    public int Experiments { get; init; }

    /// <summary>Runs written.</summary>
    public int Runs { get; init; }

    /// <summary>Params written.</summary>
    public int Params { get; init; }

    /// <summary>Metric points written (identical duplicate lines count once, as the store keeps them once).</summary>
    public int MetricPoints { get; init; }

    /// <summary>Run tags and experiment tags written.</summary>
    public int Tags { get; init; }

    /// <summary>Artifact files copied into the store's artifact root.</summary>
    public int ArtifactFiles { get; init; }

    /// <summary>Datasets written (a dataset used by several runs of an experiment counts once).</summary>
    public int Datasets { get; init; }

    /// <summary>Every experiment seen, with its id in the file store and in the store.</summary>
    public IReadOnlyList<ImportedExperiment> ExperimentMap { get; init; } = [];

    /// <summary>Runs, experiments, folders and artifacts left out, with the reason.</summary>
    public IReadOnlyList<SkippedItem> Skipped { get; init; } = [];

    /// <summary>True when something could not be read (<see cref="SkipKind.Invalid"/>); the CLI then exits 3.</summary>
    public bool HasErrors => Skipped.Any(s => s.Kind == SkipKind.Invalid);
}
