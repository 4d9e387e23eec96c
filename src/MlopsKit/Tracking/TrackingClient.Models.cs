using MlopsKit.Models;

namespace MlopsKit.Tracking;

/// <summary>Loading logged models by <c>runs:/</c> URI or path.</summary>
public sealed partial class TrackingClient
{
    /// <summary>
    /// Loads an ML.NET model logged to MLflow format: <c>runs:/&lt;run_id&gt;/model</c>, a path, or a <c>file://</c> URI.
    /// (<c>models:/</c> URIs need the model registry, which comes with the tracking server.)
    /// </summary>
    public Task<LoadedModel> LoadModelAsync(string modelUri, CancellationToken cancellationToken = default) =>
        MlflowModel.LoadAsync(ModelUri.Parse(modelUri), ResolveModelUriAsync, cancellationToken);

    /// <summary>Turns a model URI into the local directory holding the model.</summary>
    public async ValueTask<string> ResolveModelUriAsync(ModelUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Kind switch
        {
            ModelUriKind.Local => uri.LocalPath!,
            ModelUriKind.Run => await GetArtifactPathAsync(uri.RunId!, uri.ArtifactPath ?? "", cancellationToken).ConfigureAwait(false),
            _ => throw new ConfigException($"'{uri.Text}' names a registered model; the model registry is not available in the embedded store yet. " +
                "Use runs:/<run_id>/<path> or a folder path."),
        };
    }
}
