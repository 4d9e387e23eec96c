namespace MlopsKit.Training;

/// <summary>Cyclic coordinate descent for the elastic net with scikit-learn's centring and duality-gap stopping rule.</summary>
/// <remarks>
/// Minimises ½n⁻¹‖y − Xw − b‖² + α·ρ‖w‖₁ + ½α(1 − ρ)‖w‖² the way scikit-learn 1.2's <c>enet_coordinate_descent</c>
/// does: centre X and y, scale the penalties by n, sweep the features in order, and once the largest weight change
/// of a sweep is small relative to the largest weight, stop when the duality gap is below tol·‖y − ȳ‖².
/// </remarks>
internal static class CoordinateDescent
{
    /// <summary>Fits on <paramref name="columns"/> (one array of n values per feature) and labels <paramref name="y"/>; the gap is reported divided by n, as scikit-learn's <c>dual_gap_</c>.</summary>
    public static ElasticNetModel Fit(double[][] columns, double[] y, ElasticNetOptions options)
    {
        var n = y.Length;
        var d = columns.Length;
        if (n == 0)
            throw new ArgumentException("the training data has no rows.", nameof(y));

        // Centre (fit_intercept=True): the intercept is recovered from the means afterwards.
        var yMean = Mean(y);
        var r = new double[n];
        for (var i = 0; i < n; i++)
            r[i] = y[i] - yMean;
        var yc = (double[])r.Clone();
        var x = new double[d][];
        var xMean = new double[d];
        var colNorm2 = new double[d];
        for (var j = 0; j < d; j++)
        {
            xMean[j] = Mean(columns[j]);
            x[j] = new double[n];
            for (var i = 0; i < n; i++)
                x[j][i] = columns[j][i] - xMean[j];
            colNorm2[j] = Dot(x[j], x[j]);
        }

        var l1 = options.Alpha * options.L1Ratio * n;
        var l2 = options.Alpha * (1.0 - options.L1Ratio) * n;
        var w = new double[d];
        var tol = options.Tolerance * Dot(yc, yc);
        var gap = tol + 1.0;
        var converged = false;
        var iterations = 0;
        for (var iter = 0; iter < options.MaxIterations; iter++)
        {
            iterations = iter + 1;
            double wMax = 0, dwMax = 0;
            for (var j = 0; j < d; j++)
            {
                if (colNorm2[j] == 0.0)
                    continue;
                var old = w[j];
                if (old != 0.0)
                    AddScaled(r, x[j], old);                     // r += w_j x_j
                var rho = Dot(x[j], r);
                var updated = Math.Sign(rho) * Math.Max(Math.Abs(rho) - l1, 0.0) / (colNorm2[j] + l2);
                w[j] = updated;
                if (updated != 0.0)
                    AddScaled(r, x[j], -updated);                // r -= w_j x_j
                dwMax = Math.Max(dwMax, Math.Abs(updated - old));
                wMax = Math.Max(wMax, Math.Abs(updated));
            }

            if (wMax == 0.0 || dwMax / wMax < options.Tolerance || iter == options.MaxIterations - 1)
            {
                gap = DualityGap(x, r, yc, w, l1, l2);
                if (gap < tol)
                {
                    converged = true;
                    break;
                }
            }
        }

        var bias = yMean;
        for (var j = 0; j < d; j++)
            bias -= xMean[j] * w[j];
        return new ElasticNetModel(w, bias, iterations, gap / n, converged);
    }

    private static double DualityGap(double[][] x, double[] r, double[] y, double[] w, double l1, double l2)
    {
        // XᵀR − l2·w, its sup-norm, and the gap of the scaled dual point, as in scikit-learn.
        var dualNorm = 0.0;
        for (var j = 0; j < x.Length; j++)
            dualNorm = Math.Max(dualNorm, Math.Abs(Dot(x[j], r) - (l2 * w[j])));
        var rNorm2 = Dot(r, r);
        var wNorm2 = Dot(w, w);
        double scale, gap;
        if (dualNorm > l1)
        {
            scale = l1 / dualNorm;
            gap = 0.5 * (rNorm2 + (rNorm2 * scale * scale));
        }
        else
        {
            scale = 1.0;
            gap = rNorm2;
        }

        var l1Norm = 0.0;
        foreach (var v in w)
            l1Norm += Math.Abs(v);
        return gap + (l1 * l1Norm) - (scale * Dot(r, y)) + (0.5 * l2 * (1 + (scale * scale)) * wNorm2);
    }

    private static double Mean(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
            sum += v;
        return sum / values.Length;
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    private static void AddScaled(double[] target, double[] source, double factor)
    {
        for (var i = 0; i < target.Length; i++)
            target[i] += factor * source[i];
    }
}
