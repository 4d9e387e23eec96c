using MlopsKit.Models;
using Prometheus;

namespace MlopsKit.Serving;

public sealed partial class ServingMetrics
{
    /// <summary>Buckets of <c>model_batch_size</c>: 1 to 10 000 rows.</summary>
    public static IReadOnlyList<double> BatchSizeBuckets { get; } = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

    /// <summary>The output column whose values are counted per class.</summary>
    public const string PredictedLabelColumn = "PredictedLabel";

    private Histogram _inferenceSeconds = null!;
    private Counter.Child _predictions = null!;
    private Histogram.Child _batchSize = null!;
    private ClassMeter? _classes;
    private FeatureMeter[] _features = [];

    /// <summary>The input features measured (the signature's scalar columns), in signature order.</summary>
    public IReadOnlyList<string> Features => _features.Select(f => f.Name).ToList();

    /// <summary>The class labels counted by <c>model_predicted_class_total</c> (besides <c>other</c>); empty for a non-classifier.</summary>
    public IReadOnlyList<string> Classes => _classes?.Known ?? [];

    private void InitPredictionMetrics(MetricFactory factory, ServedModel model, int driftWindowRows, int driftMinRows)
    {
        _inferenceSeconds = factory.CreateHistogram("model_inference_duration_seconds", "Time spent in the model's Predict for one request.",
            new HistogramConfiguration { LabelNames = ["model", "version", "protocol"], Buckets = [.. DurationBuckets] });
        _predictions = factory.CreateCounter("model_predictions_total", "Rows scored (not requests).",
            new CounterConfiguration { LabelNames = ["model", "version"] }).WithLabels(Model, Version);
        _batchSize = factory.CreateHistogram("model_batch_size", "Rows per prediction call.",
            new HistogramConfiguration { LabelNames = ["model"], Buckets = [.. BatchSizeBuckets] }).WithLabels(Model);
        if (model.Classes is { } classes)
            _classes = new ClassMeter(factory.CreateCounter("model_predicted_class_total", "Predicted rows per class (unknown classes as other).",
                new CounterConfiguration { LabelNames = ["model", "class"] }), Model, classes);

        var specs = model.Signature?.Inputs.OfType<ColumnSpec>().Where(c => c.Name is not null) ?? [];
        var features = new List<FeatureMeter>();
        var meters = new FeatureMeter.Collectors(factory, Model);
        foreach (var spec in specs)
        {
            var profile = model.TrainingProfile?.Find(spec.Name!);
            FeatureKind? kind = profile?.Kind ?? spec.Type switch
            {
                "float" or "double" or "integer" or "long" => FeatureKind.Numeric,
                "string" or "boolean" => FeatureKind.Categorical,
                _ => null,
            };
            if (kind is { } k) features.Add(new FeatureMeter(spec.Name!, k, profile, meters, driftWindowRows, driftMinRows));
        }
        _features = [.. features];
        Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var f in _features) f.Publish();
        });
    }

    internal void Scored(IReadOnlyList<IReadOnlyDictionary<string, object?>> inputs, IReadOnlyList<IReadOnlyDictionary<string, object?>> outputs, double seconds)
    {
        _inferenceSeconds.WithLabels(Model, Version, RequestMetricsState.Current?.Protocol ?? "none").Observe(seconds);
        _predictions.Inc(inputs.Count);
        _batchSize.Observe(inputs.Count);
        _classes?.Observe(outputs);
        foreach (var f in _features) f.Observe(inputs);
    }
}
