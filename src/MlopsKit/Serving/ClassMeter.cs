using MlopsKit.Models;
using Prometheus;

namespace MlopsKit.Serving;

/// <summary>Counts predicted rows per class in <c>model_predicted_class_total{model, class}</c>, with a bounded label set.</summary>
/// <remarks>Known classes (from the model's label key values or the training profile) are pre-created at 0. When the model does not
/// say its classes, the first <see cref="TrainingProfile.MaxCategories"/> distinct predictions become classes; the rest count as other.</remarks>
internal sealed class ClassMeter
{
    private readonly Counter _counter;
    private readonly string _model;
    private readonly Dictionary<string, Counter.Child> _children = new(StringComparer.Ordinal);
    private readonly bool _open;
    private readonly Lock _lock = new();

    public ClassMeter(Counter counter, string model, IReadOnlyList<string> known)
    {
        _counter = counter;
        _model = model;
        Known = known;
        _open = known.Count == 0;
        foreach (var c in known) _children[c] = counter.WithLabels(model, c);
        _children[FeatureProfile.Other] = counter.WithLabels(model, FeatureProfile.Other);
    }

    public IReadOnlyList<string> Known { get; }

    public void Observe(IReadOnlyList<IReadOnlyDictionary<string, object?>> outputs)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in outputs)
        {
            if (!row.TryGetValue(ServingMetrics.PredictedLabelColumn, out var value)) continue;
            // An unmapped key column predicts the 1-based index of a known class.
            var label = value is long k && k >= 1 && k <= Known.Count ? Known[(int)(k - 1)]
                : FeatureValue.TryCategory(value, out var text) ? text
                : FeatureProfile.Other;
            counts[label] = counts.GetValueOrDefault(label) + 1;
        }
        lock (_lock)
        {
            foreach (var (label, n) in counts) Child(label).Inc(n);
        }
    }

    private Counter.Child Child(string label)
    {
        if (_children.TryGetValue(label, out var child)) return child;
        if (!_open || _children.Count > TrainingProfile.MaxCategories) return _children[FeatureProfile.Other];
        return _children[label] = _counter.WithLabels(_model, label);
    }
}
