namespace MlopsKit.Serving;

/// <summary>The drift statistics of monitoring.md §7: PSI over shared bins and the KS distance between two CDFs.</summary>
internal static class DriftStatistics
{
    /// <summary>Smallest proportion used in the PSI, so an empty bin does not give ln(0) (monitoring.md §7).</summary>
    public const double PsiEpsilon = 1e-4;

    /// <summary><c>Σ (a_i − e_i) · ln(a_i / e_i)</c> with both proportions raised to at least <see cref="PsiEpsilon"/>.</summary>
    /// <param name="expected">Training (reference) proportion of each bin.</param>
    /// <param name="actual">Served proportion of the same bins.</param>
    public static double Psi(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Count != actual.Count) throw new ArgumentException($"{expected.Count} expected proportions but {actual.Count} actual ones.", nameof(actual));
        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var e = Math.Max(expected[i], PsiEpsilon);
            var a = Math.Max(actual[i], PsiEpsilon);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    /// <summary>Proportion of each bin from counts; all zero when the counts are.</summary>
    public static double[] Proportions(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (var c in counts) total += c;
        var proportions = new double[counts.Length];
        for (var i = 0; i < counts.Length && total > 0; i++) proportions[i] = (double)counts[i] / total;
        return proportions;
    }

    /// <summary>Two-sample KS <c>D = sup |F_a(x) − F_b(x)|</c> of two empirical CDFs: walks both sorted samples, ties stepped together.</summary>
    public static double Ks(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        if (sortedA.IsEmpty || sortedB.IsEmpty) throw new ArgumentException("Both samples need at least one value.");
        int i = 0, j = 0;
        var d = 0.0;
        while (i < sortedA.Length && j < sortedB.Length)
        {
            var x = Math.Min(sortedA[i], sortedB[j]);
            while (i < sortedA.Length && sortedA[i] <= x) i++;
            while (j < sortedB.Length && sortedB[j] <= x) j++;
            d = Math.Max(d, Math.Abs(((double)i / sortedA.Length) - ((double)j / sortedB.Length)));
        }
        return d;
    }

    /// <summary>
    /// KS distance between the empirical CDF of <paramref name="sorted"/> and the reference CDF through the points
    /// <c>(quantiles[k], k/K)</c>, linear between distinct quantiles and stepping up at repeated ones.
    /// </summary>
    /// <remarks>
    /// The sample's CDF is constant between its values and the reference is non-decreasing, so the largest gap is at a sample value:
    /// either just below it (the reference's left limit against the share of smaller values) or at it (against the share ≤ it).
    /// </remarks>
    public static double KsAgainstQuantiles(ReadOnlySpan<double> sorted, IReadOnlyList<double> quantiles)
    {
        ArgumentNullException.ThrowIfNull(quantiles);
        if (sorted.IsEmpty) throw new ArgumentException("The sample needs at least one value.", nameof(sorted));
        if (quantiles.Count < 2) throw new ArgumentException("The reference needs at least two quantiles.", nameof(quantiles));
        var n = sorted.Length;
        var d = 0.0;
        var i = 0;
        while (i < n)
        {
            var x = sorted[i];
            var j = i;
            while (j < n && sorted[j] <= x) j++;
            d = Math.Max(d, Math.Max(
                Math.Abs(ReferenceCdf(quantiles, x, inclusive: false) - ((double)i / n)),
                Math.Abs(ReferenceCdf(quantiles, x, inclusive: true) - ((double)j / n))));
            i = j;
        }
        return d;
    }

    // inclusive: F(x) (quantiles ≤ x count); otherwise the left limit F(x−) (quantiles < x count).
    private static double ReferenceCdf(IReadOnlyList<double> q, double x, bool inclusive)
    {
        var last = q.Count - 1;
        int lo = 0, hi = q.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (inclusive ? q[mid] <= x : q[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        var k = lo - 1;
        if (k < 0) return 0;
        if (k >= last) return 1;
        return (k + ((x - q[k]) / (q[k + 1] - q[k]))) / last;
    }
}
