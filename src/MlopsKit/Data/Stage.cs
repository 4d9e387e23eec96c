namespace MlopsKit.Data;

/// <summary>Something that records outputs: a <c>.dvc</c> file, or a pipeline stage of <c>dvc.yaml</c>/<c>dvc.lock</c>.</summary>
public abstract class Stage
{
    /// <summary>Creates a stage defined in a file.</summary>
    protected Stage(string fullPath) => FullPath = fullPath;

    /// <summary>The file that defines the stage (<c>x.dvc</c> or <c>dvc.yaml</c>).</summary>
    public string FullPath { get; }

    /// <summary>The folder output paths are relative to.</summary>
    public virtual string Directory => Path.GetDirectoryName(FullPath)!;

    /// <summary>The recorded outputs.</summary>
    public abstract IReadOnlyList<Output> Outputs { get; }

    /// <summary>True when the stage is frozen (never re-run, deps not checked).</summary>
    public abstract bool Frozen { get; }

    /// <summary>How DVC names the stage in messages: <c>data/x.dvc</c>, <c>prepare</c>, or <c>sub/dvc.yaml:prepare</c>.</summary>
    public abstract string Address(string repoRoot);

    /// <summary>Writes the recorded hashes back to disk.</summary>
    public abstract void Save();
}
