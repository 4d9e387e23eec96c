namespace MlopsKit.Training;

/// <summary>What an elastic-net fit found: the weights and intercept in double precision, and how the solver stopped.</summary>
/// <param name="Weights">One weight per feature slot (scikit-learn <c>coef_</c>).</param>
/// <param name="Bias">The intercept (scikit-learn <c>intercept_</c>).</param>
/// <param name="Iterations">Passes over the features (scikit-learn <c>n_iter_</c>).</param>
/// <param name="DualityGap">The final duality gap of the objective (½n⁻¹‖y − Xw − b‖² + penalty), as scikit-learn's <c>dual_gap_</c>.</param>
/// <param name="Converged">Whether the gap fell below the tolerance before <see cref="ElasticNetOptions.MaxIterations"/> ran out.</param>
public sealed record ElasticNetModel(IReadOnlyList<double> Weights, double Bias, int Iterations, double DualityGap, bool Converged)
{
    /// <summary>The prediction for one row of features, in double precision.</summary>
    public double Predict(IReadOnlyList<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count != Weights.Count)
            throw new ArgumentException($"expected {Weights.Count} features, got {features.Count}.", nameof(features));
        var sum = Bias;
        for (var j = 0; j < Weights.Count; j++)
            sum += Weights[j] * features[j];
        return sum;
    }
}
