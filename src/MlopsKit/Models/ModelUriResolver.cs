namespace MlopsKit.Models;

/// <summary>Turns a <c>runs:/</c> or <c>models:/</c> URI into a local model directory (downloading it if needed); the tracking layer provides it.</summary>
/// <param name="uri">A parsed URI whose <see cref="ModelUri.Kind"/> is not <see cref="ModelUriKind.Local"/>.</param>
/// <param name="cancellationToken">Cancels the download.</param>
/// <returns>The local directory that holds the model's MLmodel file.</returns>
public delegate ValueTask<string> ModelUriResolver(ModelUri uri, CancellationToken cancellationToken);
