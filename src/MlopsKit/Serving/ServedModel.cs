using MlopsKit.Models;
using MlopsKit.Tracking;
using MlopsKit.Yaml;

namespace MlopsKit.Serving;

/// <summary>A loaded model with what the protocols report about it: name, version, signature, run and training-data lineage.</summary>
public sealed class ServedModel
{
    private ServedModel(LoadedModel model, string name, string version, string? dataMd5, IModelScorer scorer)
    {
        Model = model;
        Name = name;
        Version = version;
        DataMd5 = dataMd5;
        Scorer = scorer;
        InputNames = model.Signature?.Inputs.Select(i => i.Name).OfType<string>().ToList() ?? [];
    }

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

    /// <summary>Scores rows; thread-safe.</summary>
    public IModelScorer Scorer { get; }

    /// <summary>Loads a model for serving: resolves <c>runs:/</c> through the tracking store and reads lineage from the run.</summary>
    public static async Task<ServedModel> LoadAsync(ModelServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var uri = ModelUri.Parse(options.ModelUri);
        TrackingClient? client = null;
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
                ?? (model.Mlmodel.Root["metadata"] is YamlMapping meta && meta["model_name"] is YamlScalar { IsNull: false } n ? n.Value : null)
                ?? "model";
            return new ServedModel(model, name, options.ModelVersion, dataMd5, new PooledScorer(model, options.Workers));
        }
        finally
        {
            (client?.Store as IDisposable)?.Dispose();
            client?.Dispose();
        }
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
