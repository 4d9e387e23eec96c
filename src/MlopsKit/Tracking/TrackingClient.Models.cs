using MlopsKit.Models;

namespace MlopsKit.Tracking;

/// <summary>Loading logged and registered models by <c>runs:/</c> or <c>models:/</c> URI or path.</summary>
public sealed partial class TrackingClient
{
    /// <summary>
    /// Loads an ML.NET model logged to MLflow format: <c>runs:/&lt;run_id&gt;/model</c>, <c>models:/&lt;name&gt;/&lt;version|stage|latest&gt;</c>,
    /// <c>models:/&lt;name&gt;@&lt;alias&gt;</c>, a path, or a <c>file://</c> URI.
    /// </summary>
    public Task<LoadedModel> LoadModelAsync(string modelUri, CancellationToken cancellationToken = default) =>
        MlflowModel.LoadAsync(ModelUri.Parse(modelUri), ResolveModelUriAsync, cancellationToken);

    /// <summary>Turns a model URI into the local directory holding the model; registry URIs go through the version's source.</summary>
    public async ValueTask<string> ResolveModelUriAsync(ModelUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Kind switch
        {
            ModelUriKind.Local => uri.LocalPath!,
            ModelUriKind.Run => await GetArtifactPathAsync(uri.RunId!, uri.ArtifactPath ?? "", cancellationToken).ConfigureAwait(false),
            ModelUriKind.RegisteredModel => await ResolveSourceAsync(await GetModelVersionAsync(uri, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
            _ => throw new ConfigException($"'{uri.Text}' names an MLflow 3 logged model by id, which the embedded store does not keep. " +
                "Use runs:/<run_id>/<path>, models:/<name>/<version> or a folder path."),
        };
    }

    /// <summary>
    /// The registered model version a <c>models:/</c> URI names: an exact version, the latest version in a stage, the highest version
    /// (<c>latest</c>) or the version an alias points at.
    /// </summary>
    public async Task<ModelVersion> GetModelVersionAsync(ModelUri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Kind != ModelUriKind.RegisteredModel)
            throw new ConfigException($"'{uri.Text}' is not a registered model URI; expected models:/<name>/<version|stage|latest> or models:/<name>@<alias>.");
        if (Store is not SqliteTrackingStore registry)
            throw new ConfigException($"'{uri.Text}' needs a model registry, and the tracking store {Uri} has none; use a sqlite:/// tracking URI, " +
                "or load the model by runs:/<run_id>/<path>.");
        var name = uri.ModelName!;
        if (uri.Version is { } version) return await registry.GetModelVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        if (uri.Alias is { } alias) return await registry.GetModelVersionByAliasAsync(name, alias, cancellationToken).ConfigureAwait(false);
        var latest = await registry.GetLatestVersionsAsync(name, uri.Stage is { } s ? [s] : null, cancellationToken).ConfigureAwait(false);
        return latest.Count > 0 ? latest[^1] : throw new NotFoundException(uri.Stage is { } stage
            ? $"registered model '{name}' has no version in stage '{stage}'; move one there with 'mlops models transition --name {name} --version <n> --stage {stage}'."
            : $"registered model '{name}' has no versions; register one with 'mlops models register -m runs:/<run_id>/model --name {name}'.");
    }

    private async Task<string> ResolveSourceAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        ModelUri source;
        try
        {
            source = ModelUri.Parse(version.Source);
        }
        catch (ConfigException e)
        {
            throw new ConfigException($"registered model '{version.Name}' version {version.Version} has source '{version.Source}', which cannot be loaded here: {e.Message}", e);
        }
        switch (source.Kind)
        {
            case ModelUriKind.Run:
                return await GetArtifactPathAsync(source.RunId!, source.ArtifactPath ?? "", cancellationToken).ConfigureAwait(false);
            case ModelUriKind.Local:
                return Directory.Exists(source.LocalPath) ? source.LocalPath! : throw new NotFoundException(
                    $"registered model '{version.Name}' version {version.Version} points at '{source.LocalPath}', which no longer exists; register the model again.");
            default:
                throw new ConfigException($"registered model '{version.Name}' version {version.Version} has source '{version.Source}'; only runs:/ and local sources can be loaded.");
        }
    }
}
