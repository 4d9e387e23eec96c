namespace MlopsKit.Models;

/// <summary>How a feature is profiled: numeric (moments and decile bins) or categorical (category frequencies).</summary>
public enum FeatureKind
{
    /// <summary>A number: count, mean, std, min, max, decile bin edges and the training counts per bin.</summary>
    Numeric,

    /// <summary>Text or boolean: the most frequent categories and an <c>other</c> count.</summary>
    Categorical,
}
