namespace Sweep.Analysis;

/// <summary>One candidate law's leave-one-scale-out score.</summary>
/// <param name="Law">The law's name.</param>
/// <param name="Parameters">Its parameter count.</param>
/// <param name="InSampleLogRmse">Log-RMSE of the fit on all data.</param>
/// <param name="LeaveOneScaleOutLogRmse">Log-RMSE over all points, each predicted by a fit that did not see its scale.</param>
/// <param name="PerScaleLogRmse">Log-RMSE of each left-out scale (ascending scales; NaN where the fold could not be fitted).</param>
/// <param name="Rank">1 for the best (lowest <see cref="Score"/>).</param>
public sealed record LawComparison(string Law, int Parameters, double InSampleLogRmse, double LeaveOneScaleOutLogRmse, IReadOnlyList<double> PerScaleLogRmse, int Rank)
{
    /// <summary>
    /// What the ranking uses: the leave-one-scale-out log-RMSE times √(s / (s − p)) for s distinct cells (x values, or
    /// (N, D) pairs) and p parameters (the degrees-of-freedom correction of a residual standard error), so a flexible law must predict
    /// clearly better, not just as well, to beat a simpler one on few scales; +∞ when s ≤ p + 1.
    /// </summary>
    public double Score { get; init; } = double.NaN;
}

/// <summary>Candidate laws compared on one data set.</summary>
/// <param name="Scales">The distinct scales, ascending (the order of <see cref="LawComparison.PerScaleLogRmse"/>).</param>
/// <param name="Laws">One entry per law, in the order given.</param>
public sealed record LawComparisonResult(IReadOnlyList<double> Scales, IReadOnlyList<LawComparison> Laws);

/// <summary>Compares candidate laws on the same data by how well each predicts a scale it was not fitted to.</summary>
public static class ModelComparison
{
    /// <summary>Starts of each held-out fold's refit by default: the full fit's best distinct optima.</summary>
    public const int DefaultFoldStarts = 8;

    /// <summary>
    /// The law with rank 1 in <paramref name="comparison"/>, or null when no law could be scored.
    /// </summary>
    /// <param name="comparison">A comparison.</param>
    public static LawComparison? Winner(IReadOnlyList<LawComparison> comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return comparison.FirstOrDefault(c => c.Rank == 1 && double.IsFinite(c.Score));
    }

    /// <summary>The penalty factor of <see cref="LawComparison.Score"/>: √(s / (s − p)), +∞ when s ≤ p + 1.</summary>
    /// <param name="scales">Distinct scales.</param>
    /// <param name="parameters">The law's parameters.</param>
    public static double Penalty(int scales, int parameters) => scales <= parameters + 1 ? double.PositiveInfinity : Math.Sqrt(scales / (double)(scales - parameters));

    /// <summary>
    /// For each law and each distinct scale s (x, or N for joint laws), fits the law without s and predicts the points
    /// at s. Laws are ranked by the pooled log-RMSE, penalised for parameters (<see cref="LawComparison.Score"/>).
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="laws">Candidate laws (each must accept the data).</param>
    /// <param name="options">Fit settings (bootstrap is ignored).</param>
    /// <param name="foldStarts">
    /// Starts of each fold's refit: the best distinct optima of the full-data fit (warm starts, much faster; the held-out
    /// scale moves the optimum only a little); 0 refits every fold from the law's whole start grid.
    /// </param>
    /// <param name="progress">Told (fits done, fits in all) after every fit, or null.</param>
    public static IReadOnlyList<LawComparison> LeaveOneScaleOut(
        FitData data, IEnumerable<ScalingLaw> laws, FitOptions? options = null, int foldStarts = DefaultFoldStarts, IProgress<(int Done, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(laws);
        ArgumentOutOfRangeException.ThrowIfNegative(foldStarts);
        options = (options ?? FitOptions.Default) with { Bootstrap = null };
        var scales = data.Scales;
        ScalingLaw[] candidates = [.. laws];
        int total = candidates.Length * (scales.Count + 1), done = 0;
        data.CellIds(out int cells);
        var rows = new List<(ScalingLaw Law, double InSample, double Loso, double[] PerScale)>();
        foreach (ScalingLaw law in candidates)
        {
            FitOptions lawOptions = options.Starts is { } s && s.Dimension != law.ParameterCount ? options with { Starts = null } : options;
            LawFit all = ScalingFitter.Fit(data, law, lawOptions);
            progress?.Report((++done, total));
            FitOptions foldOptions = foldStarts == 0 ? lawOptions : lawOptions with { Starts = StartGrid.FromPoints(all.DistinctOptima.Take(foldStarts)) };
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
                    progress?.Report((++done, total));
                    continue;
                }

                LawFit fold = ScalingFitter.Fit(train, law, foldOptions);
                progress?.Report((++done, total));
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

        // Rank by the penalised score; ties (both infinite) go to fewer parameters, then to the order given.
        double Score((ScalingLaw Law, double InSample, double Loso, double[] PerScale) r)
            => double.IsNaN(r.Loso) ? double.PositiveInfinity : r.Loso * Penalty(cells, r.Law.ParameterCount);
        var ranked = rows.Select((r, i) => (r, i)).OrderBy(t => Score(t.r)).ThenBy(t => t.r.Law.ParameterCount).ThenBy(t => t.i).ToList();
        return [.. rows.Select(r => new LawComparison(
            r.Law.Name, r.Law.ParameterCount, r.InSample, r.Loso, r.PerScale, ranked.FindIndex(t => ReferenceEquals(t.r.Law, r.Law) && t.r.PerScale == r.PerScale) + 1)
        {
            Score = Score(r),
        })];
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
