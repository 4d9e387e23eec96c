using System.Text.Json;
using Microsoft.ML;
using MlopsKit.Yaml;

namespace MlopsKit.Models;

public static partial class MlflowModel
{
    /// <summary>Loads an MLflow model directory saved with the <c>mlnet</c> flavor, in a new <see cref="MLContext"/>.</summary>
    /// <exception cref="NotFoundException">The directory, its MLmodel or its model file does not exist.</exception>
    /// <exception cref="ConfigException">MLmodel is not YAML, has no <c>mlnet</c> flavor, or the model file is not an ML.NET model.</exception>
    public static Task<LoadedModel> LoadAsync(string directory, CancellationToken cancellationToken = default) =>
        LoadAsync(directory, new MLContext(), cancellationToken);

    /// <summary>Loads an MLflow model directory saved with the <c>mlnet</c> flavor into the given context.</summary>
    /// <exception cref="NotFoundException">The directory, its MLmodel or its model file does not exist.</exception>
    /// <exception cref="ConfigException">MLmodel is not YAML, has no <c>mlnet</c> flavor, or the model file is not an ML.NET model.</exception>
    public static async Task<LoadedModel> LoadAsync(string directory, MLContext mlContext, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(mlContext);
        var mlmodel = await MlmodelFile.ReadAsync(directory, cancellationToken).ConfigureAwait(false);
        var flavors = mlmodel.Flavors;
        if (!flavors.TryGetValue(FlavorName, out var flavor))
        {
            var found = flavors.Count == 0 ? "none" : string.Join(", ", flavors.Keys);
            throw new ConfigException(
                $"the model in '{directory}' has no '{FlavorName}' flavor (its flavors: {found}); MlopsKit can only load ML.NET models. Serve other flavors with MLflow itself.");
        }
        var modelFile = flavor["model_file"] is YamlScalar { IsNull: false } f ? f.Value : ModelFileName;
        if (modelFile.Split('/', '\\').Contains("..") || Path.IsPathRooted(modelFile))
            throw new ConfigException($"the mlnet flavor's model_file '{modelFile}' in '{directory}' must be a path inside the model directory.");
        var modelPath = Path.Combine(directory, modelFile);
        if (!File.Exists(modelPath))
            throw new NotFoundException($"'{modelPath}' is missing, so the model directory is incomplete; download or save the model again.");
        var bytes = await File.ReadAllBytesAsync(modelPath, cancellationToken).ConfigureAwait(false);

        ITransformer transformer;
        DataViewSchema inputSchema;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            transformer = mlContext.Model.Load(stream, out inputSchema);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ConfigException($"'{modelPath}' is not a readable ML.NET model ({ex.Message}); it is corrupt or was not written by mlContext.Model.Save. Save the model again.", ex);
        }
        var label = await ReadLabelColumnAsync(directory, flavor, cancellationToken).ConfigureAwait(false);
        return new LoadedModel(directory, mlmodel, mlContext, transformer, inputSchema, label);
    }

    /// <summary>Loads a model from a URI: a path or <c>file://</c> URI directly, <c>runs:/</c> and <c>models:/</c> through <paramref name="resolver"/>.</summary>
    /// <exception cref="ConfigException">The URI is invalid, or needs a resolver and none was given.</exception>
    public static async Task<LoadedModel> LoadAsync(ModelUri uri, ModelUriResolver? resolver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var directory = await uri.ResolveAsync(resolver, cancellationToken).ConfigureAwait(false);
        return await LoadAsync(directory, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> ReadLabelColumnAsync(string directory, YamlMapping flavor, CancellationToken cancellationToken)
    {
        var name = flavor["mlnet_schema"] is YamlScalar { IsNull: false } s ? s.Value : MlnetSchemaFile.FileName;
        var path = Path.Combine(directory, name);
        if (name.Split('/', '\\').Contains("..") || !File.Exists(path)) return null;
        try
        {
            var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(json, ModelsJson.Default.MlnetSchemaFile)?.LabelColumn;
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"'{path}' is not valid JSON ({ex.Message}); save the model again or delete the file.", ex);
        }
    }
}
