namespace MlopsKit.Models;

/// <summary>The training distribution of one input feature, as stored in <c>training_profile.json</c> (the reference for drift: PSI, KS).</summary>
/// <remarks>
/// Numeric features have nine decile edges <c>q0.1 … q0.9</c> (numpy's default linear interpolation) and ten bins with open outer
/// ends: bin 0 is <c>x ≤ q0.1</c>, bin <c>i</c> is <c>q(i/10) &lt; x ≤ q((i+1)/10)</c>, bin 9 is <c>x &gt; q0.9</c> (see <see cref="BinOf"/>).
/// Tied training values can make edges repeat, leaving some bins empty. Categorical features keep the
/// <see cref="TrainingProfile.MaxCategories"/> most frequent values; the rest is counted in <see cref="OtherCount"/>.
/// </remarks>
public sealed record FeatureProfile
{
    /// <summary>The bin or category label used for values outside the known categories.</summary>
    public const string Other = "other";

    /// <summary>Column name, as in the model signature.</summary>
    public required string Name { get; init; }

    /// <summary>Numeric or categorical.</summary>
    public required FeatureKind Kind { get; init; }

    /// <summary>Training rows with a value (missing values excluded).</summary>
    public long Count { get; init; }

    /// <summary>Training rows with a missing value (null, NaN, empty text).</summary>
    public long Missing { get; init; }

    /// <summary>Mean of the values; null for categorical features or when <see cref="Count"/> is 0.</summary>
    public double? Mean { get; init; }

    /// <summary>Sample standard deviation (n − 1, as pandas' <c>describe</c>); null with fewer than two values.</summary>
    public double? Std { get; init; }

    /// <summary>Smallest value; null for categorical features or when <see cref="Count"/> is 0.</summary>
    public double? Min { get; init; }

    /// <summary>Largest value; null for categorical features or when <see cref="Count"/> is 0.</summary>
    public double? Max { get; init; }

    /// <summary>The nine decile edges <c>q0.1 … q0.9</c>, ascending; empty for categorical features.</summary>
    public IReadOnlyList<double> BinEdges { get; init; } = [];

    /// <summary>Training values per bin (one more than <see cref="BinEdges"/>); they sum to <see cref="Count"/>.</summary>
    public IReadOnlyList<long> BinCounts { get; init; } = [];

    /// <summary>
    /// The 101 training percentiles <c>q0 … q100</c> (same quantile rule as <see cref="BinEdges"/>, so <c>q0</c> is <see cref="Min"/>
    /// and every tenth one is a decile edge): the reference CDF of the KS statistic. Empty for categorical features and in profiles
    /// written before percentiles were stored, where KS falls back to the coarser decile CDF (see <see cref="ReferenceQuantiles"/>).
    /// </summary>
    public IReadOnlyList<double> Percentiles { get; init; } = [];

    /// <summary>The most frequent categories, most frequent first (ties by ordinal value); empty for numeric features.</summary>
    public IReadOnlyList<CategoryCount> Categories { get; init; } = [];

    /// <summary>Training values outside <see cref="Categories"/>.</summary>
    public long OtherCount { get; init; }

    /// <summary>The bin a numeric value falls in: the number of edges strictly below it (numpy's <c>searchsorted(edges, x, 'left')</c>).</summary>
    public int BinOf(double value)
    {
        var edges = BinEdges;
        int lo = 0, hi = edges.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (edges[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>The category label a value counts under: itself when it is a known category, else <see cref="Other"/>.</summary>
    public string CategoryOf(string value)
    {
        foreach (var c in Categories)
            if (string.Equals(c.Value, value, StringComparison.Ordinal)) return c.Value;
        return Other;
    }

    /// <summary>
    /// Quantiles of the training values at evenly spaced probabilities <c>k/K</c> for <c>k = 0 … K</c>, ascending: the
    /// <see cref="Percentiles"/> (K = 100) when stored, else <see cref="Min"/>, the deciles and <see cref="Max"/> (K = 10); empty when
    /// neither is known. Linear interpolation between them is the reference CDF of the KS statistic.
    /// </summary>
    public IReadOnlyList<double> ReferenceQuantiles()
    {
        if (Percentiles.Count > 1) return Percentiles;
        if (Kind != FeatureKind.Numeric || BinEdges.Count == 0 || Min is not { } min || Max is not { } max) return [];
        return [min, .. BinEdges, max];
    }

    /// <summary>The training proportion of each bin (numeric) or of each category then <see cref="Other"/> (categorical); empty when no values.</summary>
    public IReadOnlyList<double> TrainingProportions()
    {
        var counts = Kind == FeatureKind.Numeric ? BinCounts : [.. Categories.Select(c => c.Count), OtherCount];
        var total = counts.Sum();
        return total == 0 ? [] : counts.Select(c => (double)c / total).ToList();
    }
}
