using MlopsKit.Models;
using Prometheus;

namespace MlopsKit.Serving;

/// <summary>
/// The served values of one input feature: <c>model_feature_observations_total</c>, <c>model_feature_missing_total</c>,
/// <c>model_feature_sum</c>/<c>_min</c>/<c>_max</c> (numeric) and, when the model has a training profile, <c>model_feature_bin_total</c>
/// on the training bins (decile bins <c>0</c>…<c>9</c>, or the training categories and <c>other</c>) beside the training proportion of
/// each bin in <c>model_feature_training_bin_ratio</c>, so PSI can be computed from the two. With a profile it also keeps the last
/// values in a <see cref="FeatureWindow"/> and, at scrape time, publishes their PSI (<c>model_feature_psi</c>), KS statistic
/// (<c>model_feature_ks_statistic</c>, numeric only) and size (<c>model_feature_drift_window_rows</c>).
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
    private readonly FeatureWindow? _window;
    private readonly int _minRows;
    private readonly IReadOnlyList<double> _trainingProportions = [];
    private readonly IReadOnlyList<double> _referenceQuantiles = [];
    private readonly Gauge.Child? _windowRows;
    private readonly Gauge.Child? _psi;
    private readonly Gauge.Child? _ks;
    private long _count;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    public FeatureMeter(string name, FeatureKind kind, FeatureProfile? profile, Collectors collectors, int windowRows, int minRows)
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
        if (ratios.Count == labels.Count && ratios.Count > 0)
        {
            _trainingProportions = ratios;
            _window = new FeatureWindow(windowRows);
            _minRows = minRows;
            _windowRows = collectors.WindowRows.WithLabels(model, name);
            _psi = collectors.Psi.WithLabels(model, name);
            if (kind == FeatureKind.Numeric && _profile!.ReferenceQuantiles() is { Count: > 1 } quantiles)
            {
                _referenceQuantiles = quantiles;
                _ks = collectors.Ks.WithLabels(model, name);
            }
        }
    }

    public string Name { get; }

    public FeatureKind Kind { get; }

    public void Observe(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        long count = 0, missing = 0;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        var bins = new long[_bins.Length];
        // Numeric values for KS, or bin indexes of categories: PSI only needs the bin.
        var window = _window is null ? null : new double[rows.Count];
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
                if (window is not null) window[count - 1] = x;
            }
            else if (FeatureValue.TryCategory(value, out var category))
            {
                count++;
                if (_profile is null) continue;
                var bin = _categoryIndex.GetValueOrDefault(_profile.CategoryOf(category), bins.Length - 1);
                bins[bin]++;
                if (window is not null) window[count - 1] = bin;
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
        if (window is not null && count > 0) _window!.Append(window.AsSpan(0, (int)count));
        if (Kind != FeatureKind.Numeric || count == 0) return;
        lock (_lock)
        {
            _count += count;
            _sum += sum;
            _min = Math.Min(_min, min);
            _max = Math.Max(_max, max);
        }
    }

    /// <summary>Before a scrape: copies sum, min and max into their gauges (they appear once a value was seen) and computes the drift gauges.</summary>
    public void Publish()
    {
        PublishDrift();
        if (_sumGauge is null) return;
        lock (_lock)
        {
            if (_count == 0) return;
            _sumGauge.Set(_sum);
            _minGauge!.Set(_min);
            _maxGauge!.Set(_max);
        }
    }

    // PSI and KS appear only once the window holds minRows values: on a handful of rows both are mostly sampling noise.
    private void PublishDrift()
    {
        if (_window is null) return;
        var values = _window.Snapshot();
        _windowRows!.Set(values.Length);
        if (values.Length == 0 || values.Length < _minRows) return;
        var counts = new long[_trainingProportions.Count];
        if (Kind == FeatureKind.Numeric)
        {
            foreach (var x in values) counts[_profile!.BinOf(x)]++;
        }
        else
        {
            foreach (var bin in values) counts[(int)bin]++;
        }
        _psi!.Set(DriftStatistics.Psi(_trainingProportions, DriftStatistics.Proportions(counts)));
        if (_ks is null) return;
        Array.Sort(values);
        _ks.Set(DriftStatistics.KsAgainstQuantiles(values, _referenceQuantiles));
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

        public Gauge WindowRows { get; } = factory.CreateGauge("model_feature_drift_window_rows",
            "Served values of an input feature in the drift window (the last N, missing values excluded) that model_feature_psi and model_feature_ks_statistic are computed from.",
            new GaugeConfiguration { LabelNames = s_feature });

        public Gauge Psi { get; } = factory.CreateGauge("model_feature_psi",
            "Population stability index of the drift window vs the training proportions on the training bins (absent until the window holds the minimum rows).",
            new GaugeConfiguration { LabelNames = s_feature, SuppressInitialValue = true });

        public Gauge Ks { get; } = factory.CreateGauge("model_feature_ks_statistic",
            "Kolmogorov-Smirnov distance of the drift window vs the training percentiles' CDF (numeric features; absent until the window holds the minimum rows).",
            new GaugeConfiguration { LabelNames = s_feature, SuppressInitialValue = true });

        public Gauge TrainingRatio { get; } = factory.CreateGauge("model_feature_training_bin_ratio", "Proportion of the training values in each bin of model_feature_bin_total.",
            new GaugeConfiguration { LabelNames = s_bin });
    }
}
