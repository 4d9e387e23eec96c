namespace MlopsKit.Training;

/// <summary>Settings of <see cref="ElasticNetTrainer"/>; names and defaults follow scikit-learn's <c>ElasticNet</c>.</summary>
public sealed record ElasticNetOptions
{
    /// <summary>Overall penalty strength α (scikit-learn <c>alpha</c>), at least 0. Default: 1.0.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Share of the penalty that is L1 (scikit-learn <c>l1_ratio</c>), in [0, 1]; 1 is the lasso. Default: 0.5.</summary>
    public double L1Ratio { get; init; } = 0.5;

    /// <summary>Most passes over the features (scikit-learn <c>max_iter</c>), at least 1. Default: 1000.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Stopping tolerance (scikit-learn <c>tol</c>): stop once the duality gap is below it times ‖y − ȳ‖². Default: 1e-4.</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>The label column, a <see cref="float"/> scalar. Default: <c>Label</c>.</summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>The feature column, a known-size vector of <see cref="float"/>. Default: <c>Features</c>.</summary>
    public string FeatureColumnName { get; init; } = "Features";

    internal void Validate()
    {
        if (!(Alpha >= 0) || double.IsInfinity(Alpha))
            throw new ConfigException($"ElasticNetOptions.Alpha must be a finite number >= 0, not {Alpha}.");
        if (!(L1Ratio is >= 0 and <= 1))
            throw new ConfigException($"ElasticNetOptions.L1Ratio must be between 0 and 1, not {L1Ratio}.");
        if (MaxIterations < 1)
            throw new ConfigException($"ElasticNetOptions.MaxIterations must be at least 1, not {MaxIterations}.");
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
            throw new ConfigException($"ElasticNetOptions.Tolerance must be a finite number >= 0, not {Tolerance}.");
        if (string.IsNullOrWhiteSpace(LabelColumnName))
            throw new ConfigException("ElasticNetOptions.LabelColumnName must name a column.");
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
            throw new ConfigException("ElasticNetOptions.FeatureColumnName must name a column.");
    }
}
