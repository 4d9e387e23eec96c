using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsKit.Models;

public sealed partial record TrainingProfile
{
    /// <summary>Profiles the named columns of <paramref name="data"/> (one pass; numeric values are kept in memory to find the deciles).</summary>
    /// <param name="data">The training data, with the model's raw input columns.</param>
    /// <param name="features">Columns to profile; numeric and text/boolean scalar columns are profiled, others skipped.</param>
    /// <param name="labelColumn">The label column, profiled as <see cref="Label"/>; null for none.</param>
    /// <exception cref="ConfigException">A named column is not in <paramref name="data"/>.</exception>
    public static TrainingProfile Compute(IDataView data, IEnumerable<string> features, string? labelColumn = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(features);
        var names = features.Distinct(StringComparer.Ordinal).ToList();
        if (labelColumn is not null && !names.Contains(labelColumn, StringComparer.Ordinal)) names.Add(labelColumn);
        var columns = new List<(DataViewSchema.Column Column, FeatureKind Kind)>();
        foreach (var name in names)
        {
            var column = data.Schema.GetColumnOrNull(name)
                ?? throw new ConfigException($"ModelSaveOptions.TrainingData has no column '{name}', which the model takes; pass the data the model was trained on ({string.Join(", ", data.Schema.Select(c => c.Name))}).");
            if (KindOf(column.Type) is { } kind) columns.Add((column, kind));
        }

        var numbers = columns.Select(_ => new List<double>()).ToArray();
        var categories = columns.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();
        var missing = new long[columns.Count];
        long rows = 0;
        using (var cursor = data.GetRowCursor(columns.Select(c => c.Column)))
        {
            var getters = columns.Select(c => RowValues.Getter(cursor, c.Column)).ToArray();
            while (cursor.MoveNext())
            {
                rows++;
                for (var i = 0; i < columns.Count; i++)
                {
                    var value = getters[i]();
                    if (columns[i].Kind == FeatureKind.Numeric)
                    {
                        if (FeatureValue.TryNumber(value, out var x)) numbers[i].Add(x);
                        else missing[i]++;
                    }
                    else if (FeatureValue.TryCategory(value, out var category))
                    {
                        categories[i][category] = categories[i].GetValueOrDefault(category) + 1;
                    }
                    else
                    {
                        missing[i]++;
                    }
                }
            }
        }

        var profiles = columns.Select((c, i) => c.Kind == FeatureKind.Numeric
            ? Numeric(c.Column.Name, numbers[i], missing[i])
            : Categorical(c.Column.Name, categories[i], missing[i])).ToList();
        return new TrainingProfile
        {
            Rows = rows,
            Features = profiles.Where(p => p.Name != labelColumn).ToList(),
            Label = profiles.FirstOrDefault(p => p.Name == labelColumn),
        };
    }

    private static FeatureKind? KindOf(DataViewType type) => type switch
    {
        VectorDataViewType or KeyDataViewType => null,
        TextDataViewType or BooleanDataViewType => FeatureKind.Categorical,
        NumberDataViewType => FeatureKind.Numeric,
        _ => null,
    };

    private static FeatureProfile Numeric(string name, List<double> values, long missing)
    {
        if (values.Count == 0) return new FeatureProfile { Name = name, Kind = FeatureKind.Numeric, Missing = missing };
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        var mean = sorted.Sum() / n;
        var squares = 0.0;
        foreach (var x in sorted) squares += (x - mean) * (x - mean);
        var edges = Enumerable.Range(1, 9).Select(k => Quantile(sorted, k / 10.0)).ToArray();
        // k / 100.0 and k / 10.0 round to the same double at every tenth k, so each decile edge is also a percentile.
        var percentiles = Enumerable.Range(0, PercentileCount).Select(k => Quantile(sorted, k / 100.0)).ToArray();
        var counts = new long[edges.Length + 1];
        var profile = new FeatureProfile
        {
            Name = name,
            Kind = FeatureKind.Numeric,
            Count = n,
            Missing = missing,
            Mean = mean,
            Std = n > 1 ? Math.Sqrt(squares / (n - 1)) : null,
            Min = sorted[0],
            Max = sorted[^1],
            BinEdges = edges,
            BinCounts = counts,
            Percentiles = percentiles,
        };
        foreach (var x in sorted) counts[profile.BinOf(x)]++;
        return profile;
    }

    // numpy.quantile's default ("linear", type 7), including its lerp that is exact at both ends.
    internal static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        var t = h - lo;
        var a = sorted[lo];
        var b = sorted[hi];
        var diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    private static FeatureProfile Categorical(string name, Dictionary<string, long> counts, long missing)
    {
        var ordered = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        return new FeatureProfile
        {
            Name = name,
            Kind = FeatureKind.Categorical,
            Count = counts.Values.Sum(),
            Missing = missing,
            Categories = ordered.Take(MaxCategories).Select(kv => new CategoryCount(kv.Key, kv.Value)).ToList(),
            OtherCount = ordered.Skip(MaxCategories).Sum(kv => kv.Value),
        };
    }
}
