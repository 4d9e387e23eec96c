using MlopsKit.Serving;

namespace MlopsKit.Tests.Serving;

/// <summary>The PSI and KS calculators behind <c>model_feature_psi</c> and <c>model_feature_ks_statistic</c>, and the drift window.</summary>
public sealed class DriftStatisticsTests
{
    [Fact]
    public void Psi_matches_the_worked_example_of_the_spec()
    {
        // monitoring.md §7: 0.2·ln(1.4) + (−0.2)·ln(0.6) = 0.0673 + 0.1022 = 0.1695.
        Assert.Equal(0.1695, DriftStatistics.Psi([0.5, 0.5], [0.7, 0.3]), 4);
        Assert.Equal(0, DriftStatistics.Psi([0.5, 0.5], [0.5, 0.5]));
    }

    [Fact]
    public void Psi_raises_empty_bins_to_epsilon_instead_of_taking_the_log_of_zero()
    {
        Assert.Equal(0, DriftStatistics.Psi([0.5, 0.5, 0], [0.5, 0.5, 0]));
        var expected = ((0.5 - 1) * Math.Log(0.5 / 1)) + ((0.5 - 1e-4) * Math.Log(0.5 / 1e-4));
        Assert.Equal(expected, DriftStatistics.Psi([1, 0], [0.5, 0.5]), 12);
        Assert.Throws<ArgumentException>(() => DriftStatistics.Psi([1], [0.5, 0.5]));
    }

    [Fact]
    public void Two_sample_ks_matches_the_example_of_the_spec()
    {
        Assert.Equal(0.5, DriftStatistics.Ks([1, 2, 3, 4], [3, 4, 5, 6]));
        Assert.Equal(0.5, DriftStatistics.Ks([3, 4, 5, 6], [1, 2, 3, 4]));
        Assert.Equal(0, DriftStatistics.Ks([1, 2, 2, 3], [1, 2, 2, 3]));
        Assert.Equal(1, DriftStatistics.Ks([1, 2], [3, 4]));
    }

    [Fact]
    public void Ks_against_quantiles_uses_the_linear_cdf_between_them()
    {
        // Reference CDF through (1, 0), (2, 1/3), (3, 2/3), (4, 1): just below 4 it approaches 1 while only one served value in four
        // (the 3) is below 4, so D = 0.75; the two-sample KS of the same numbers is 0.5, as the reference here is continuous.
        Assert.Equal(0.75, DriftStatistics.KsAgainstQuantiles([3, 4, 5, 6], [1, 2, 3, 4]), 12);
        // Between the quantiles the reference is linear: at 2.5 it is 0.5, so a lone served value there is 0.5 away on either side.
        Assert.Equal(0.5, DriftStatistics.KsAgainstQuantiles([2.5], [1, 2, 3, 4]), 12);
        // Served values spread evenly over the reference range: the gap is at most one step of the sample's CDF.
        var uniform = Enumerable.Range(0, 1000).Select(i => (i + 0.5) / 1000).ToArray();
        Assert.True(DriftStatistics.KsAgainstQuantiles(uniform, [0, 0.25, 0.5, 0.75, 1]) <= 0.001);
        Assert.Equal(1, DriftStatistics.KsAgainstQuantiles([5, 6], [0, 1]));
        Assert.Equal(1, DriftStatistics.KsAgainstQuantiles([-2, -1], [0, 1]));
    }

    [Fact]
    public void Ks_against_repeated_quantiles_steps_like_a_discrete_distribution_within_one_percentile()
    {
        // A 0/1 feature with 40 % zeros: percentiles q0 … q40 are 0, q41 … q100 are 1, so the reference CDF jumps to 0.4 at 0,
        // rises linearly to 0.41 just below 1 (the percentile grid's resolution) and jumps to 1 at 1.
        double[] percentiles = [.. Enumerable.Repeat(0.0, 41), .. Enumerable.Repeat(1.0, 60)];
        double[] same = [.. Enumerable.Repeat(0.0, 40), .. Enumerable.Repeat(1.0, 60)];
        Assert.Equal(0.01, DriftStatistics.KsAgainstQuantiles(same, percentiles), 12);
        // 80 % zeros served: at 0 the reference is 0.4, the sample 0.8.
        double[] drifted = [.. Enumerable.Repeat(0.0, 80), .. Enumerable.Repeat(1.0, 20)];
        Assert.Equal(0.4, DriftStatistics.KsAgainstQuantiles(drifted, percentiles), 12);
    }

    [Fact]
    public void The_drift_window_keeps_only_the_last_values_it_was_given()
    {
        var window = new FeatureWindow(3);
        Assert.Empty(window.Snapshot());
        window.Append([1, 2]);
        Assert.Equal([1, 2], window.Snapshot().Order());
        window.Append([3, 4]);
        Assert.Equal([2, 3, 4], window.Snapshot().Order());
        window.Append([5, 6, 7, 8]);
        Assert.Equal([6, 7, 8], window.Snapshot().Order());
        window.Append([9]);
        Assert.Equal([7, 8, 9], window.Snapshot().Order());
    }
}
