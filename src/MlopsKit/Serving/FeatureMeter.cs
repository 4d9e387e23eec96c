using MlopsKit.Models;
using Prometheus;

namespace MlopsKit.Serving;

/// <summary>
/// The served values of one input feature: <c>model_feature_observations_total</c>, <c>model_feature_missing_total</c>,
/// <c>model_feature_sum</c>/<c>_min</c>/<c>_max</c> (numeric) and, when the model has a training profile, <c>model_feature_bin_total</c>
/// on the training bins (decile bins <c>0</c>…<c>9</c>, or the training categories and <c>other</c>) beside the training proportion of
/// each bin in <c>model_feature_training_bin_ratio</c>, so PSI can be computed from the two.
/// </summary>
internal sealed class FeatureMeter
{
    private readonly FeatureProfile? _profile;
    private readonly Counter.Child _observations;
    private readonly Counter.Child _missing;
    private readonly Gauge.Child? _sumGauge;
    private readonly Gauge.Child? _minGauge;
    private readonly Gauge.Child? _maxGauge;
    private readonly Counter.Child[] _bins;
    private readonly Dictionary<string, int> _categoryIndex = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _count;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    public FeatureMeter(string name, FeatureKind kind, FeatureProfile? profile, Collectors collectors)
    {
        Name = name;
        Kind = kind;
        _profile = profile is not null && profile.Kind == kind ? profile : null;
        var model = collectors.Model;
        _observations = collectors.Observations.WithLabels(model, name);
        _missing = collectors.Missing.WithLabels(model, name);
        if (kind == FeatureKind.Numeric)
        {
            _sumGauge = collectors.Sum.WithLabels(model, name);
            _minGauge = collectors.Min.WithLabels(model, name);
            _maxGauge = collectors.Max.WithLabels(model, name);
        }
        var labels = _profile is null ? []
            : kind == FeatureKind.Numeric ? Enumerable.Range(0, _profile.BinCounts.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList()
            : [.. _profile.Categories.Select(c => c.Value), FeatureProfile.Other];
        for (var i = 0; i < labels.Count; i++) _categoryIndex.TryAdd(labels[i], i);
        _bins = labels.Select(l => collectors.Bins.WithLabels(model, name, l)).ToArray();
        var ratios = _profile?.TrainingProportions() ?? [];
        for (var i = 0; i < ratios.Count && i < labels.Count; i++) collectors.TrainingRatio.WithLabels(model, name, labels[i]).Set(ratios[i]);
    }

    public string Name { get; }

    public FeatureKind Kind { get; }

    public void Observe(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        long count = 0, missing = 0;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        var bins = new long[_bins.Length];
        foreach (var row in rows)
        {
            var value = row.TryGetValue(Name, out var v) ? v : null;
            if (Kind == FeatureKind.Numeric)
            {
                if (!FeatureValue.TryNumber(value, out var x))
                {
                    missing++;
                    continue;
                }
                count++;
                sum += x;
                min = Math.Min(min, x);
                max = Math.Max(max, x);
                if (_profile is not null) bins[_profile.BinOf(x)]++;
            }
            else if (FeatureValue.TryCategory(value, out var category))
            {
                count++;
                if (_profile is not null) bins[_categoryIndex.GetValueOrDefault(_profile.CategoryOf(category), bins.Length - 1)]++;
            }
            else
            {
                missing++;
            }
        }
        if (count > 0) _observations.Inc(count);
        if (missing > 0) _missing.Inc(missing);
        for (var i = 0; i < bins.Length; i++)
            if (bins[i] > 0) _bins[i].Inc(bins[i]);
        if (Kind != FeatureKind.Numeric || count == 0) return;
        lock (_lock)
        {
            _count += count;
            _sum += sum;
            _min = Math.Min(_min, min);
            _max = Math.Max(_max, max);
        }
    }

    /// <summary>Copies sum, min and max into their gauges before a scrape (they appear once a value was seen).</summary>
    public void Publish()
    {
        if (_sumGauge is null) return;
        lock (_lock)
        {
            if (_count == 0) return;
            _sumGauge.Set(_sum);
            _minGauge!.Set(_min);
            _maxGauge!.Set(_max);
        }
    }

    /// <summary>The collectors every feature of one model shares.</summary>
    internal sealed class Collectors(MetricFactory factory, string model)
    {
        private static readonly string[] s_feature = ["model", "feature"];
        private static readonly string[] s_bin = ["model", "feature", "bin"];

        public string Model { get; } = model;

        public Counter Observations { get; } = factory.CreateCounter("model_feature_observations_total", "Served values of an input feature (missing values excluded).",
            new CounterConfiguration { LabelNames = s_feature });

        public Counter Missing { get; } = factory.CreateCounter("model_feature_missing_total", "Served rows where an input feature was missing (null or NaN).",
            new CounterConfiguration { LabelNames = s_feature });

        public Gauge Sum { get; } = factory.CreateGauge("model_feature_sum", "Sum of the served values of a numeric input feature.",
            new GaugeConfiguration { LabelNames = s_feature, SuppressInitialValue = true });

        public Gauge Min { get; } = factory.CreateGauge("model_feature_min", "Smallest served value of a numeric input feature.",
            new GaugeConfiguration { LabelNames = s_feature, SuppressInitialValue = true });

        public Gauge Max { get; } = factory.CreateGauge("model_feature_max", "Largest served value of a numeric input feature.",
            new GaugeConfiguration { LabelNames = s_feature, SuppressInitialValue = true });

        public Counter Bins { get; } = factory.CreateCounter("model_feature_bin_total",
            "Served values per training bin: decile bins 0-9 of training_profile.json (numeric) or training categories and other.",
            new CounterConfiguration { LabelNames = s_bin });

        public Gauge TrainingRatio { get; } = factory.CreateGauge("model_feature_training_bin_ratio", "Proportion of the training values in each bin of model_feature_bin_total.",
            new GaugeConfiguration { LabelNames = s_bin });
    }
}
