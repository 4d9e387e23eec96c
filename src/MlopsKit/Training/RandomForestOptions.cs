namespace MlopsKit.Training;

/// <summary>Settings of the multiclass random forest; defaults follow scikit-learn's <c>RandomForestClassifier</c> where ML.NET allows.</summary>
public sealed record RandomForestOptions
{
    /// <summary>Trees per class (scikit-learn <c>n_estimators</c>), at least 1. Default: 100.</summary>
    public int NumberOfTrees { get; init; } = 100;

    /// <summary>Most leaves per tree, at least 2 (scikit-learn grows trees fully; ML.NET needs a cap). Default: 32.</summary>
    public int NumberOfLeaves { get; init; } = 32;

    /// <summary>Fewest training rows in a leaf (scikit-learn <c>min_samples_leaf</c>), at least 1. Default: 1.</summary>
    public int MinimumExampleCountPerLeaf { get; init; } = 1;

    /// <summary>Seed of the bagging and feature sampling (scikit-learn <c>random_state</c>). Default: 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The label column, a key (map text labels with <c>Transforms.Conversion.MapValueToKey</c>). Default: <c>Label</c>.</summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>The feature column, a known-size vector of <see cref="float"/>. Default: <c>Features</c>.</summary>
    public string FeatureColumnName { get; init; } = "Features";

    internal void Validate()
    {
        if (NumberOfTrees < 1)
            throw new ConfigException($"RandomForestOptions.NumberOfTrees must be at least 1, not {NumberOfTrees}.");
        if (NumberOfLeaves < 2)
            throw new ConfigException($"RandomForestOptions.NumberOfLeaves must be at least 2, not {NumberOfLeaves}.");
        if (MinimumExampleCountPerLeaf < 1)
            throw new ConfigException($"RandomForestOptions.MinimumExampleCountPerLeaf must be at least 1, not {MinimumExampleCountPerLeaf}.");
        if (string.IsNullOrWhiteSpace(LabelColumnName))
            throw new ConfigException("RandomForestOptions.LabelColumnName must name a column.");
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
            throw new ConfigException("RandomForestOptions.FeatureColumnName must name a column.");
    }
}
