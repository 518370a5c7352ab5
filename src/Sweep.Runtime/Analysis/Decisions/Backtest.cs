namespace Sweep.Analysis;

/// <summary>One held-out point of a back-test.</summary>
/// <param name="Row">Source row.</param>
/// <param name="X">Scale x (or N).</param>
/// <param name="D">D for joint data, else NaN.</param>
/// <param name="Observed">The measured value.</param>
/// <param name="Predicted">The prediction of the fit on the remaining scales.</param>
/// <param name="Lower">Lower bound of the bootstrap interval of the prediction (NaN without a bootstrap).</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Covered">Whether the interval contains the observation.</param>
public sealed record BacktestPoint(int Row, double X, double D, double Observed, double Predicted, double Lower, double Upper, bool Covered);

/// <summary>Result of an extrapolation back-test.</summary>
/// <param name="Law">The law's name.</param>
/// <param name="HeldOutScales">The largest distinct scales that were held out.</param>
/// <param name="TrainingPoints">Points the law was fitted to.</param>
/// <param name="Points">Each held-out point with its prediction.</param>
/// <param name="LogRmse">Root-mean-square of log(predicted / observed) over held-out points.</param>
/// <param name="Coverage">Fraction of held-out points inside their bootstrap interval (NaN without a bootstrap).</param>
public sealed record BacktestResult(
    string Law, IReadOnlyList<double> HeldOutScales, int TrainingPoints, IReadOnlyList<BacktestPoint> Points, double LogRmse, double Coverage)
{
    internal LawFit? TrainingFitCore { get; init; }

    /// <summary>The condition that chose the held-out rows (<see cref="FitColumns.Holdout"/>), or null when the largest scales were held out.</summary>
    public string? Holdout { get; init; }

    /// <summary>The fit on the remaining scales (not serialised).</summary>
    public LawFit TrainingFit() => TrainingFitCore ?? throw new InvalidOperationException("This result was not produced by Backtest.Run.");
}

/// <summary>
/// Extrapolation back-test: fit on all but the largest K distinct scales (x, or N for joint laws), predict the held-out
/// points, and report log-RMSE and whether the bootstrap interval of each prediction covered the measurement.
/// </summary>
public static class Backtest
{
    /// <summary>Runs the back-test.</summary>
    /// <param name="data">All data.</param>
    /// <param name="law">The law.</param>
    /// <param name="holdOutLargest">How many of the largest distinct scales to hold out (K ≥ 1).</param>
    /// <param name="options">Fit settings; set <see cref="FitOptions.Bootstrap"/> for coverage.</param>
    public static BacktestResult Run(FitData data, ScalingLaw law, int holdOutLargest, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(law);
        ArgumentOutOfRangeException.ThrowIfLessThan(holdOutLargest, 1);
        var scales = data.Scales;
        if (holdOutLargest >= scales.Count)
        {
            throw new FitDataException(
                $"{data.Source}, column '{data.Columns.X}': holding out {holdOutLargest} of {scales.Count} distinct scales leaves nothing to fit.",
                data.Source, column: data.Columns.X);
        }

        double cut = scales[scales.Count - holdOutLargest];
        return Run(data, law, i => data.X[i] >= cut, options);
    }

    /// <summary>
    /// Runs the back-test on the split of <see cref="FitData.HeldOut"/> (the rows <see cref="FitColumns.Holdout"/>
    /// marks): fit on the others, predict those.
    /// </summary>
    /// <param name="data">All data, with held-out flags.</param>
    /// <param name="law">The law.</param>
    /// <param name="options">Fit settings; set <see cref="FitOptions.Bootstrap"/> for coverage.</param>
    public static BacktestResult RunHoldout(FitData data, ScalingLaw law, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(law);
        IReadOnlyList<bool> held = data.HeldOut ?? throw new ArgumentException("The data have no held-out flags (FitColumns.Holdout).", nameof(data));
        int count = held.Count(h => h);
        if (count == 0 || count == data.Count)
        {
            throw new FitDataException(
                $"{data.Source}, holdout '{data.Columns.Holdout}': it holds out {count} of {data.Count} rows; a back-test needs rows on both sides.",
                data.Source, column: data.Columns.X);
        }

        return Run(data, law, i => held[i], options) with { Holdout = data.Columns.Holdout };
    }

    private static BacktestResult Run(FitData data, ScalingLaw law, Func<int, bool> heldOut, FitOptions? options)
    {
        FitData train = data.Where(i => !heldOut(i));
        FitData test = data.Where(heldOut);
        LawFit fit = ScalingFitter.Fit(train, law, options);
        var points = new List<BacktestPoint>();
        double ss = 0;
        int covered = 0;
        for (int i = 0; i < test.Count; i++)
        {
            double x = test.X[i], d = test.IsJoint ? test.D[i] : double.NaN;
            ParameterEstimate prediction = fit.PredictWithInterval(x, d);
            double err = Math.Log(prediction.Estimate / test.Y[i]);
            ss += err * err;
            bool inside = prediction.Covers(test.Y[i]);
            covered += inside ? 1 : 0;
            points.Add(new BacktestPoint(test.Rows[i], x, d, test.Y[i], prediction.Estimate, prediction.Lower, prediction.Upper, inside));
        }

        return new BacktestResult(
            law.Name,
            test.Scales,
            train.Count,
            points,
            Math.Sqrt(ss / test.Count),
            fit.Bootstrap is null ? double.NaN : covered / (double)test.Count)
        {
            TrainingFitCore = fit,
        };
    }
}
