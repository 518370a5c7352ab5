namespace Sweep.Analysis;

/// <summary>One candidate law's leave-one-scale-out score.</summary>
/// <param name="Law">The law's name.</param>
/// <param name="Parameters">Its parameter count.</param>
/// <param name="InSampleLogRmse">Log-RMSE of the fit on all data.</param>
/// <param name="LeaveOneScaleOutLogRmse">Log-RMSE over all points, each predicted by a fit that did not see its scale.</param>
/// <param name="PerScaleLogRmse">Log-RMSE of each left-out scale (ascending scales; NaN where the fold could not be fitted).</param>
/// <param name="Rank">1 for the best (lowest leave-one-scale-out error).</param>
public sealed record LawComparison(string Law, int Parameters, double InSampleLogRmse, double LeaveOneScaleOutLogRmse, IReadOnlyList<double> PerScaleLogRmse, int Rank);

/// <summary>Candidate laws compared on one data set.</summary>
/// <param name="Scales">The distinct scales, ascending (the order of <see cref="LawComparison.PerScaleLogRmse"/>).</param>
/// <param name="Laws">One entry per law, in the order given.</param>
public sealed record LawComparisonResult(IReadOnlyList<double> Scales, IReadOnlyList<LawComparison> Laws);

/// <summary>Compares candidate laws on the same data by how well each predicts a scale it was not fitted to.</summary>
public static class ModelComparison
{
    /// <summary>
    /// For each law and each distinct scale s (x, or N for joint laws), fits the law without s and predicts the points
    /// at s. Laws are ranked by the pooled log-RMSE.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="laws">Candidate laws (each must accept the data).</param>
    /// <param name="options">Fit settings (bootstrap is ignored).</param>
    public static IReadOnlyList<LawComparison> LeaveOneScaleOut(FitData data, IEnumerable<ScalingLaw> laws, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(laws);
        options = (options ?? FitOptions.Default) with { Bootstrap = null };
        var scales = data.Scales;
        var rows = new List<(ScalingLaw Law, double InSample, double Loso, double[] PerScale)>();
        foreach (ScalingLaw law in laws)
        {
            FitOptions lawOptions = options.Starts is { } s && s.Dimension != law.ParameterCount ? options with { Starts = null } : options;
            LawFit all = ScalingFitter.Fit(data, law, lawOptions);
            double inSample = LogRmse(all.Best, data);
            var perScale = new double[scales.Count];
            double ss = 0;
            int n = 0;
            for (int k = 0; k < scales.Count; k++)
            {
                double scale = scales[k];
                FitData train = data.Where(i => data.X[i] != scale);
                FitData test = data.Where(i => data.X[i] == scale);
                if (train.Count < law.ParameterCount)
                {
                    perScale[k] = double.NaN;
                    continue;
                }

                LawFit fold = ScalingFitter.Fit(train, law, lawOptions);
                double foldSs = 0;
                for (int i = 0; i < test.Count; i++)
                {
                    double err = Math.Log(fold.Predict(test.X[i], test.IsJoint ? test.D[i] : double.NaN) / test.Y[i]);
                    foldSs += err * err;
                }

                perScale[k] = Math.Sqrt(foldSs / test.Count);
                ss += foldSs;
                n += test.Count;
            }

            rows.Add((law, inSample, n == 0 ? double.NaN : Math.Sqrt(ss / n), perScale));
        }

        var ranked = rows.Select((r, i) => (r, i)).OrderBy(t => double.IsNaN(t.r.Loso) ? double.PositiveInfinity : t.r.Loso).ThenBy(t => t.i).ToList();
        return [.. rows.Select(r => new LawComparison(
            r.Law.Name, r.Law.ParameterCount, r.InSample, r.Loso, r.PerScale, ranked.FindIndex(t => ReferenceEquals(t.r.Law, r.Law) && t.r.PerScale == r.PerScale) + 1))];
    }

    /// <summary>Root-mean-square of log(predicted / observed) over <paramref name="data"/>.</summary>
    /// <param name="law">A fitted law.</param>
    /// <param name="data">The data.</param>
    public static double LogRmse(FittedLaw law, FitData data)
    {
        ArgumentNullException.ThrowIfNull(law);
        ArgumentNullException.ThrowIfNull(data);
        double ss = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double err = Math.Log(law.Predict(data.X[i], data.IsJoint ? data.D[i] : double.NaN) / data.Y[i]);
            ss += err * err;
        }

        return Math.Sqrt(ss / data.Count);
    }
}
