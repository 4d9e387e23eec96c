using System.Text.Json;
using MlopsKit.Yaml;

namespace MlopsKit.Models;

/// <summary>The training distribution of a model's inputs, saved beside the model as <c>training_profile.json</c>: the reference for drift metrics.</summary>
/// <remarks>
/// Written by <see cref="MlflowModel.SaveAsync"/> when <see cref="ModelSaveOptions.TrainingData"/> is given, and referenced from
/// MLmodel as <c>metadata: {training_profile: training_profile.json}</c>. Features are the signature's scalar input columns
/// (vectors are not profiled); the label, when known and scalar, is profiled separately as <see cref="Label"/>.
/// </remarks>
public sealed partial record TrainingProfile
{
    /// <summary>The file name written into the model directory.</summary>
    public const string FileName = "training_profile.json";

    /// <summary>The MLmodel <c>metadata</c> key that names the file.</summary>
    public const string MetadataKey = "training_profile";

    /// <summary>Categories kept per categorical feature; the rest count as <see cref="FeatureProfile.Other"/>.</summary>
    public const int MaxCategories = 50;

    /// <summary>How many percentiles a numeric feature stores: <c>q0 … q100</c>.</summary>
    public const int PercentileCount = 101;

    /// <summary>Rows in the training data.</summary>
    public long Rows { get; init; }

    /// <summary>One profile per profiled input feature, in signature order.</summary>
    public IReadOnlyList<FeatureProfile> Features { get; init; } = [];

    /// <summary>The label's training distribution (class frequencies for a classifier), or null.</summary>
    public FeatureProfile? Label { get; init; }

    /// <summary>The profile of a feature, or null when it was not profiled.</summary>
    public FeatureProfile? Find(string name) => Features.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>Reads the profile a model directory's MLmodel points to; null when the model has none.</summary>
    /// <exception cref="NotFoundException">The directory or MLmodel is missing, or MLmodel names a profile file that is missing.</exception>
    /// <exception cref="ConfigException">The file is not a training profile.</exception>
    public static async Task<TrainingProfile?> ReadAsync(string modelDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        var mlmodel = await MlmodelFile.ReadAsync(modelDirectory, cancellationToken).ConfigureAwait(false);
        if (mlmodel.Root["metadata"] is not YamlMapping meta || meta[MetadataKey] is not YamlScalar { IsNull: false } name) return null;
        if (name.Value.Split('/', '\\').Contains("..") || Path.IsPathRooted(name.Value))
            throw new ConfigException($"MLmodel's metadata.{MetadataKey} '{name.Value}' in '{modelDirectory}' must be a file inside the model directory.");
        var path = Path.Combine(modelDirectory, name.Value);
        if (!File.Exists(path))
            throw new NotFoundException($"'{path}' is missing although MLmodel names it; copy the whole model directory, or log the model again.");
        var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(json, path);
    }

    /// <summary>Parses the text of a <c>training_profile.json</c>.</summary>
    /// <exception cref="ConfigException">The text is not a training profile.</exception>
    public static TrainingProfile Parse(string json, string source = FileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        TrainingProfileFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, ProfileJson.Default.TrainingProfileFile);
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"'{source}' is not valid JSON ({ex.Message}); log the model again to rewrite it.", ex);
        }
        if (file is null || file.Features is null)
            throw new ConfigException($"'{source}' is not a training profile: expected an object with \"rows\" and \"features\".");
        return file.ToProfile(source);
    }

    /// <summary>The file text: indented JSON, features in signature order.</summary>
    public string ToJson() => JsonSerializer.Serialize(TrainingProfileFile.From(this), ProfileJson.Default.TrainingProfileFile) + "\n";
}
