namespace MlopsKit.Tracking;

/// <summary>Why an import left something out.</summary>
public enum SkipKind
{
    /// <summary>The run id is already in the store (an earlier import, or a run logged there); it was left untouched.</summary>
    AlreadyImported,

    /// <summary>A file could not be read (corrupt meta.yaml, bad metric line): nothing of that run or experiment was written.</summary>
    Invalid,

    /// <summary>Content the importer does not handle (model registry, logged models, traces).</summary>
    Unsupported,

    /// <summary>The run was imported but its artifacts live elsewhere (s3://, mlflow-artifacts:...): the URI was kept, nothing copied.</summary>
    ArtifactsNotCopied,
}
