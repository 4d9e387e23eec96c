using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsKit.Models;
using MlopsKit.Tracking;
using MlopsKit.Yaml;

namespace MlopsKit.Serving;

/// <summary>A loaded model with what the protocols report about it: name, version, signature, run and training-data lineage.</summary>
public sealed class ServedModel
{
    private ServedModel(LoadedModel model, string name, string version, string? dataMd5, TrainingProfile? profile, PooledScorer scorer, ModelServerOptions options)
    {
        Model = model;
        Name = name;
        Version = version;
        DataMd5 = dataMd5;
        TrainingProfile = profile;
        InputNames = model.Signature?.Inputs.Select(i => i.Name).OfType<string>().ToList() ?? [];
        Classes = KnownClasses(model, profile);
        Metrics = new ServingMetrics(this, options.DriftWindowRows, options.DriftMinRows);
        PooledScorer = scorer;
        Scorer = new MeteredScorer(scorer, Metrics);
    }

    /// <summary>The unmetered scorer underneath <see cref="Scorer"/> (pooled prediction engines); disposed with the server.</summary>
    internal PooledScorer PooledScorer { get; }

    /// <summary>The ML.NET model and its MLmodel file.</summary>
    public LoadedModel Model { get; }

    /// <summary>Model name the protocols report.</summary>
    public string Name { get; }

    /// <summary>Model version the protocols report.</summary>
    public string Version { get; }

    /// <summary>The run that logged the model, when the MLmodel names one.</summary>
    public string? RunId => Model.RunId;

    /// <summary>Digest of the training data (DVC md5 when the data was tracked), from the run's training input; null when unknown.</summary>
    public string? DataMd5 { get; }

    /// <summary>The model's signature, or null for a model saved without one.</summary>
    public ModelSignature? Signature => Model.Signature;

    /// <summary>Input column names in signature order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Scores rows; thread-safe. Every call is recorded in <see cref="Metrics"/>.</summary>
    public IModelScorer Scorer { get; }

    /// <summary>This model's Prometheus metrics (its own registry).</summary>
    public ServingMetrics Metrics { get; }

    /// <summary>The training distribution saved with the model (<c>training_profile.json</c>), or null when it was logged without training data.</summary>
    public TrainingProfile? TrainingProfile { get; }

    /// <summary>A classifier's class labels (from its label key values, else the training profile's label); empty when the model does
    /// not say; null when it has no <c>PredictedLabel</c> output.</summary>
    internal IReadOnlyList<string>? Classes { get; }

    /// <summary>Loads a model for serving: resolves <c>runs:/</c> through the tracking store and reads lineage from the run.</summary>
    /// <exception cref="ConfigException">The drift window options are out of range.</exception>
    public static async Task<ServedModel> LoadAsync(ModelServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DriftWindowRows < 1) throw new ConfigException($"DriftWindowRows must be at least 1 (got {options.DriftWindowRows}).");
        if (options.DriftMinRows < 1 || options.DriftMinRows > options.DriftWindowRows)
            throw new ConfigException($"DriftMinRows must be between 1 and DriftWindowRows ({options.DriftWindowRows}); got {options.DriftMinRows}. A larger minimum would never be reached, so PSI and KS would never appear.");
        var uri = ModelUri.Parse(options.ModelUri);
        TrackingClient? client = null;
        ModelVersion? registered = null;
        try
        {
            LoadedModel model;
            if (uri.Kind == ModelUriKind.Local)
            {
                model = await MlflowModel.LoadAsync(uri, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                client = new TrackingClient(TrackingStoreResolver.Open(options.TrackingUri, mustExist: true));
                if (uri.Kind == ModelUriKind.RegisteredModel)
                    registered = await client.GetModelVersionAsync(uri, cancellationToken).ConfigureAwait(false);
                model = await MlflowModel.LoadAsync(uri, client.ResolveModelUriAsync, cancellationToken).ConfigureAwait(false);
            }
            string? dataMd5 = null;
            if (model.RunId is { } runId)
            {
                client ??= TryOpenClient(options.TrackingUri);
                if (client is not null)
                {
                    try
                    {
                        var run = await client.Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
                        dataMd5 = run.Inputs.FirstOrDefault(i => i.Context == "training")?.Dataset.Digest ?? (run.Inputs.Count > 0 ? run.Inputs[0].Dataset.Digest : null);
                    }
                    catch (NotFoundException)
                    {
                        // A model copied away from its store still serves; it just has no data lineage.
                    }
                }
            }
            var name = options.ModelName
                ?? registered?.Name
                ?? (model.Mlmodel.Root["metadata"] is YamlMapping meta && meta["model_name"] is YamlScalar { IsNull: false } n ? n.Value : null)
                ?? "model";
            var profile = await TrainingProfile.ReadAsync(model.Directory, cancellationToken).ConfigureAwait(false);
            return new ServedModel(model, name,
                options.ModelVersion ?? registered?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "1", dataMd5, profile, new PooledScorer(model, options.Workers), options);
        }
        finally
        {
            (client?.Store as IDisposable)?.Dispose();
            client?.Dispose();
        }
    }

    private static List<string>? KnownClasses(LoadedModel model, TrainingProfile? profile)
    {
        DataViewSchema output;
        try
        {
            output = model.Transformer.GetOutputSchema(model.InputSchema);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        if (output.GetColumnOrNull(ServingMetrics.PredictedLabelColumn) is not { } predicted) return null;
        if (predicted.Type is BooleanDataViewType) return ["false", "true"];
        if (predicted.Type is KeyDataViewType && predicted.HasKeyValues(TextDataViewType.Instance))
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            predicted.GetKeyValues(ref values);
            return values.DenseValues().Select(v => v.ToString()).ToList();
        }
        if (output.GetColumnOrNull("Score") is { } score && score.Type is VectorDataViewType && score.HasSlotNames())
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            score.GetSlotNames(ref names);
            var list = names.DenseValues().Select(v => v.ToString()).Where(v => v.Length > 0).ToList();
            if (list.Count > 0) return list;
        }
        return profile?.Label is { Kind: FeatureKind.Categorical, OtherCount: 0 } label ? label.Categories.Select(c => c.Value).ToList() : [];
    }

    private static TrackingClient? TryOpenClient(string? trackingUri)
    {
        try
        {
            return new TrackingClient(TrackingStoreResolver.Open(trackingUri, mustExist: true));
        }
        catch (MlopsException)
        {
            return null;
        }
    }
}
