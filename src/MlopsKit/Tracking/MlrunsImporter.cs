using System.Text.RegularExpressions;

namespace MlopsKit.Tracking;

/// <summary>
/// Imports an MLflow file store (<c>mlruns/</c>, mlflow.md §3) into the embedded SQLite store, keeping run ids, names,
/// statuses, times, users, lifecycle stages, every metric point, params, tags, dataset inputs and local artifacts.
/// Experiments are matched by name; runs already in the store are skipped, so importing twice adds nothing.
/// </summary>
public sealed partial class MlrunsImporter
{
    private readonly SqliteTrackingStore _store;

    /// <summary>Imports into an open store; the caller keeps ownership of it.</summary>
    public MlrunsImporter(SqliteTrackingStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9+.-]+:")]
    private static partial Regex UriScheme();

    /// <summary>
    /// Imports every experiment folder of <paramref name="directory"/> and of its <c>.trash/</c> (as deleted). Each run is
    /// written in one transaction, after its artifacts are copied; a run that cannot be read is not written at all and is
    /// reported in <see cref="ImportResult.Skipped"/> (or, with <see cref="ImportOptions.StopOnError"/>, ends the import
    /// with a <see cref="ConfigException"/>).
    /// </summary>
    /// <exception cref="NotFoundException">The folder does not exist.</exception>
    /// <exception cref="ConfigException">The folder is not an MLflow file store, or a file is unreadable and StopOnError is set.</exception>
    public async Task<ImportResult> ImportAsync(string directory, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ImportOptions();
        var root = RequireFileStore(directory);
        var folders = ExperimentFolders(root);

        var tally = new Tally(options.StopOnError);
        var registry = Path.Combine(root, "models");
        if (Directory.Exists(registry))
            tally.Skip(SkipKind.Unsupported, registry, "the model registry (mlruns/models) is not imported; register the models again in the new store");
        foreach (var (dir, inTrash) in folders)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await ImportExperimentAsync(dir, inTrash, tally, cancellationToken).ConfigureAwait(false);
        }
        return tally.Result();
    }

    /// <summary>
    /// Checks that a folder looks like an MLflow file store (experiment folders with a meta.yaml) before anything is
    /// opened or written, and returns its full path.
    /// </summary>
    /// <exception cref="NotFoundException">The folder does not exist.</exception>
    /// <exception cref="ConfigException">The folder holds no experiment folder with a meta.yaml.</exception>
    public static string RequireFileStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
            throw new NotFoundException($"'{directory}' does not exist; pass the mlruns folder of an MLflow file store (the folder holding 0/meta.yaml).");
        if (!ExperimentFolders(root).Any(f => File.Exists(Path.Combine(f.Dir, MlrunsReader.MetaFile))))
            throw new ConfigException($"'{directory}' is not an MLflow file store: expected folders named by experiment id, each holding a meta.yaml " +
                $"(such as {Path.Combine(directory, "0", MlrunsReader.MetaFile)}). Pass the mlruns folder itself.");
        return root;
    }

    private static List<(string Dir, bool InTrash)> ExperimentFolders(string root)
    {
        var active = Directory.EnumerateDirectories(root)
            .Where(d => Path.GetFileName(d) is var n && !n.StartsWith('.') && n != "models")
            .Order(StringComparer.Ordinal).Select(d => (d, false));
        var trash = Path.Combine(root, ".trash");
        var deleted = Directory.Exists(trash) ? Directory.EnumerateDirectories(trash).Order(StringComparer.Ordinal).Select(d => (d, true)) : [];
        return active.Concat(deleted).ToList();
    }

    private async Task ImportExperimentAsync(string dir, bool inTrash, Tally tally, CancellationToken cancellationToken)
    {
        var runDirs = Directory.EnumerateDirectories(dir)
            .Where(d => !MlrunsReader.ReservedExperimentFolders.Contains(Path.GetFileName(d)) && !Path.GetFileName(d).StartsWith('.'))
            .Order(StringComparer.Ordinal).ToList();
        MlrunsExperiment experiment;
        try
        {
            if (!File.Exists(Path.Combine(dir, MlrunsReader.MetaFile)))
                throw new MlrunsFormatException(dir, null, "an experiment folder needs a meta.yaml; this one has none");
            experiment = MlrunsReader.ReadExperiment(dir, inTrash);
        }
        catch (MlrunsFormatException e)
        {
            tally.Invalid(e, runDirs.Count == 0 ? "" : $"; its {runDirs.Count} run folder(s) were not imported");
            return;
        }
        var target = await _store.ImportExperimentAsync(experiment, cancellationToken).ConfigureAwait(false);
        tally.Experiment(experiment, target);
        foreach (var extra in new[] { "traces", "models" })
        {
            var path = Path.Combine(dir, extra);
            if (Directory.Exists(path))
                tally.Skip(SkipKind.Unsupported, path, extra == "traces" ? "traces are not imported" : "logged models are not imported");
        }
        foreach (var runDir in runDirs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await ImportRunAsync(runDir, dir, target, tally, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ImportRunAsync(string runDir, string experimentDir, ImportTarget target, Tally tally, CancellationToken cancellationToken)
    {
        if (await _store.RunExistsAsync(Path.GetFileName(runDir), cancellationToken).ConfigureAwait(false))
        {
            tally.Skip(SkipKind.AlreadyImported, runDir, "the run is already in the store; left unchanged");
            return;
        }
        MlrunsRun run;
        try
        {
            run = MlrunsReader.ReadRun(runDir, experimentDir);
        }
        catch (MlrunsFormatException e)
        {
            tally.Invalid(e, "; the run was not imported");
            return;
        }

        string artifactUri;
        string? source = null, createdDir = null;
        if (IsRemote(run.ArtifactUri))
        {
            artifactUri = run.ArtifactUri;
        }
        else
        {
            var experimentRoot = LocalPath(target.ArtifactLocation) ?? Path.Combine(_store.ArtifactRoot, target.ExperimentId);
            artifactUri = Path.Combine(experimentRoot, run.RunId, "artifacts");
            source = Path.Combine(runDir, "artifacts");
            if (!Directory.Exists(source) && LocalPath(run.ArtifactUri) is { } elsewhere && Directory.Exists(elsewhere)) source = elsewhere;
            var runFolder = Path.Combine(experimentRoot, run.RunId);
            createdDir = !Directory.Exists(runFolder) ? runFolder : !Directory.Exists(artifactUri) ? artifactUri : null;
        }

        // Artifacts first, then the run in one transaction: if either fails, the artifacts this import created go again.
        ImportedRunCounts? counts;
        var copied = 0;
        try
        {
            if (source is not null && Directory.Exists(source)) copied = CopyTree(source, artifactUri, cancellationToken);
            counts = await _store.ImportRunAsync(run, target, artifactUri, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (createdDir is not null && Directory.Exists(createdDir)) Directory.Delete(createdDir, recursive: true);
            throw;
        }
        if (counts is null)
        {
            // Another process wrote the same run id between the check and the transaction.
            if (createdDir is not null && Directory.Exists(createdDir)) Directory.Delete(createdDir, recursive: true);
            tally.Skip(SkipKind.AlreadyImported, runDir, "the run is already in the store; left unchanged");
            return;
        }
        tally.Run(counts, copied);
        if (IsRemote(run.ArtifactUri))
            tally.Skip(SkipKind.ArtifactsNotCopied, runDir, $"artifacts stay at '{run.ArtifactUri}'; the run keeps that URI and nothing was copied");
        var outputs = Path.Combine(runDir, "outputs");
        if (Directory.Exists(outputs)) tally.Skip(SkipKind.Unsupported, outputs, "model outputs (logged models) of the run are not imported");
    }

    /// <summary>True for URIs with a scheme other than <c>file:</c> (s3://, gs://, mlflow-artifacts:/, http://, dbfs:/...).</summary>
    private static bool IsRemote(string uri) =>
        UriScheme().IsMatch(uri) && !uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase);

    private static string? LocalPath(string uri)
    {
        if (uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) return new Uri(uri).LocalPath;
        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return uri["file:".Length..];
        return uri.Length > 0 && Path.IsPathRooted(uri) ? uri : null;
    }

    private static int CopyTree(string source, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, dir)));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)), overwrite: true);
            count++;
        }
        return count;
    }

    /// <summary>Running totals and the list of skipped items.</summary>
    private sealed class Tally(bool stopOnError)
    {
        private readonly List<SkippedItem> _skipped = [];
        private readonly List<ImportedExperiment> _map = [];
        private int _experiments, _runs, _params, _points, _tags, _files, _datasets;

        public void Skip(SkipKind kind, string path, string reason) => _skipped.Add(new SkippedItem(kind, path, null, reason));

        public void Invalid(MlrunsFormatException e, string consequence)
        {
            if (stopOnError)
                throw new ConfigException($"{e.Message}. Nothing of it was written (runs imported before it stay). " +
                    "Fix or remove the file and run the import again: runs already imported are skipped.", e);
            _skipped.Add(new SkippedItem(SkipKind.Invalid, e.FilePath, e.Line, e.Reason + consequence));
        }

        public void Experiment(MlrunsExperiment source, ImportTarget target)
        {
            if (!target.Existing) _experiments++;
            _tags += target.TagsWritten;
            _map.Add(new ImportedExperiment(source.SourceId, target.ExperimentId, source.Name, target.Existing, target.LifecycleStage));
        }

        public void Run(ImportedRunCounts counts, int files)
        {
            _runs++;
            _params += counts.Params;
            _tags += counts.Tags;
            _points += counts.MetricPoints;
            _datasets += counts.Datasets;
            _files += files;
        }

        public ImportResult Result() => new()
        {
            Experiments = _experiments,
            Runs = _runs,
            Params = _params,
            MetricPoints = _points,
            Tags = _tags,
            ArtifactFiles = _files,
            Datasets = _datasets,
            ExperimentMap = _map.ToList(),
            Skipped = _skipped.ToList(),
        };
    }
}
