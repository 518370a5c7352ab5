namespace Sweep.Analysis;

/// <summary>One compute budget of an IsoFLOP analysis.</summary>
/// <param name="Compute">The budget C.</param>
/// <param name="Points">Points at this budget.</param>
/// <param name="N">N at the parabola's minimum, with interval.</param>
/// <param name="D">C / (6·N), with interval.</param>
/// <param name="Loss">Loss at the minimum.</param>
/// <param name="Curvature">The parabola's quadratic coefficient in log N (must be positive for a minimum).</param>
/// <param name="InsideMeasuredRange">Whether the minimum lies within the budget's measured N.</param>
public sealed record IsoFlopBudget(double Compute, int Points, ParameterEstimate N, ParameterEstimate D, double Loss, double Curvature, bool InsideMeasuredRange);

/// <summary>Result of <see cref="IsoFlop.Fit"/> (Hoffmann et al.'s approach 2).</summary>
/// <param name="Budgets">Per-budget minima, of the budgets that have one (see <see cref="TooFewSizes"/> and <see cref="NoMinimum"/> for the rest).</param>
/// <param name="NExponent">a in N_opt ∝ C^a from a log-log fit of the minima.</param>
/// <param name="DExponent">b in D_opt ∝ C^b.</param>
/// <param name="NCoefficient">k in N_opt = k·C^a.</param>
/// <param name="DCoefficient">k in D_opt = k·C^b.</param>
/// <param name="ReplicasUsed">Bootstrap replicas that gave a valid fit of the minima.</param>
public sealed record IsoFlopResult(
    IReadOnlyList<IsoFlopBudget> Budgets, ParameterEstimate NExponent, ParameterEstimate DExponent,
    ParameterEstimate NCoefficient, ParameterEstimate DCoefficient, int ReplicasUsed)
{
    /// <summary>Budgets left out because they hold fewer than three distinct N (no parabola).</summary>
    public int TooFewSizes { get; init; }

    /// <summary>Budgets left out because their parabola opens downward (no minimum in N).</summary>
    public int NoMinimum { get; init; }

    /// <summary>N_opt predicted at <paramref name="compute"/> by the power law of the minima.</summary>
    /// <param name="compute">C in FLOPs.</param>
    public double OptimalN(double compute) => NCoefficient.Estimate * Math.Pow(compute, NExponent.Estimate);

    /// <summary>D_opt predicted at <paramref name="compute"/>.</summary>
    /// <param name="compute">C in FLOPs.</param>
    public double OptimalD(double compute) => DCoefficient.Estimate * Math.Pow(compute, DExponent.Estimate);
}

/// <summary>
/// IsoFLOP analysis: for each compute budget, a parabola of loss in log N through the runs at that budget; its
/// minimum is the budget's N_opt (D_opt = C/6N); a least-squares line through (log C, log N_opt) gives the exponent.
/// Budgets are the data's compute column (or 6ND), grouped when within 1% of each other. Bootstrap: points are
/// resampled with replacement within each budget.
/// </summary>
public static class IsoFlop
{
    /// <summary>Runs the analysis.</summary>
    /// <param name="data">Joint data (N, D, loss), optionally with a compute column.</param>
    /// <param name="replicas">Bootstrap replicas (0 for none).</param>
    /// <param name="seed">Bootstrap seed.</param>
    /// <param name="confidence">Interval level.</param>
    /// <exception cref="FitDataException">Fewer than two budgets, or fewer than two whose parabola has a minimum.</exception>
    public static IsoFlopResult Fit(FitData data, int replicas = 200, ulong seed = 20220329, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.IsJoint && data.Compute.Count == 0)
        {
            throw new FitDataException($"{data.Source}: IsoFLOP analysis needs N and D (or a compute column).", data.Source);
        }

        var groups = GroupBudgets(data.Compute);
        if (groups.Count < 2)
        {
            throw new FitDataException($"{data.Source}: IsoFLOP analysis needs at least two compute budgets; found {groups.Count}.", data.Source, column: data.Columns.Compute ?? data.Columns.D);
        }

        double[] logN = [.. data.X.Select(v => Math.Log(v))];
        double[] loss = [.. data.Y];
        var full = Analyse(groups, logN, loss, null);
        int valid = full.Curvature.Count(c => c > 0);
        if (valid < 2)
        {
            int sized = full.Curvature.Count(c => !double.IsNaN(c));
            string compute = data.Columns.Compute is null ? "6·N·D" : $"column '{data.Columns.Compute}'";
            throw new FitDataException(
                $"{data.Source}: {groups.Count} compute budgets ({compute}, runs within 1% pooled), {sized} with three or more distinct N and {valid} with a minimum; "
                + "an IsoFLOP analysis needs at least two budgets whose loss has a minimum in N, so runs of three or more sizes at each of them (a Cartesian N × D grid has one size per budget).",
                data.Source, column: data.Columns.Compute ?? data.Columns.X);
        }

        var samples = new List<Estimates>();
        for (int r = 0; r < replicas; r++)
        {
            var rng = SplitMix64.ForStream(seed, (ulong)r);
            var pick = groups.Select(g => g.Members.Select(_ => g.Members[rng.NextInt(g.Members.Length)]).ToArray()).ToArray();
            var est = Analyse(groups, logN, loss, pick);
            if (double.IsFinite(est.Slope))
            {
                samples.Add(est);
            }
        }

        var budgets = new List<IsoFlopBudget>();
        for (int g = 0; g < groups.Count; g++)
        {
            if (!(full.Curvature[g] > 0))
            {
                continue;
            }

            double c = groups[g].Compute;
            double nOpt = Math.Exp(full.LogNOpt[g]);
            budgets.Add(new IsoFlopBudget(
                c,
                groups[g].Members.Length,
                Estimate("N_opt", nOpt, samples.Select(s => Math.Exp(s.LogNOpt[g]))),
                Estimate("D_opt", c / (6 * nOpt), samples.Select(s => c / (6 * Math.Exp(s.LogNOpt[g])))),
                full.LossAtMin[g],
                full.Curvature[g],
                full.Inside[g]));
        }

        // D_opt = C/(6 N_opt) so log D_opt = log(C/6) − log N_opt: exponent 1 − a, coefficient 1/(6k).
        return new IsoFlopResult(
            budgets,
            Estimate("a", full.Slope, samples.Select(s => s.Slope)),
            Estimate("b", 1 - full.Slope, samples.Select(s => 1 - s.Slope)),
            Estimate("k_N", Math.Exp(full.Intercept), samples.Select(s => Math.Exp(s.Intercept))),
            Estimate("k_D", 1 / (6 * Math.Exp(full.Intercept)), samples.Select(s => 1 / (6 * Math.Exp(s.Intercept)))),
            samples.Count)
        {
            TooFewSizes = full.Curvature.Count(double.IsNaN),
            NoMinimum = full.Curvature.Count(c => !double.IsNaN(c) && !(c > 0)),
        };

        ParameterEstimate Estimate(string name, double value, IEnumerable<double> reps)
            => replicas < 2 ? ParameterEstimate.Point(name, value) : ParameterEstimate.FromSamples(name, value, reps, confidence);
    }

    /// <summary>Least-squares parabola <c>y = c0 + c1·x + c2·x²</c>; returns NaNs when fewer than 3 distinct x.</summary>
    /// <param name="x">Abscissae.</param>
    /// <param name="y">Ordinates.</param>
    public static (double C0, double C1, double C2) Parabola(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length;
        // Centre and scale x for conditioning, solve the 3×3 normal equations, then map back.
        double mean = Statistics.Mean(x), scale = 0;
        for (int i = 0; i < n; i++)
        {
            scale = Math.Max(scale, Math.Abs(x[i] - mean));
        }

        if (n < 3 || scale == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        double s0 = n, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
        for (int i = 0; i < n; i++)
        {
            double u = (x[i] - mean) / scale, u2 = u * u;
            s1 += u;
            s2 += u2;
            s3 += u2 * u;
            s4 += u2 * u2;
            t0 += y[i];
            t1 += y[i] * u;
            t2 += y[i] * u2;
        }

        double det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
        if (Math.Abs(det) < 1e-12 * Math.Max(1, s4 * s4))
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        double q0 = (t0 * (s2 * s4 - s3 * s3) - s1 * (t1 * s4 - s3 * t2) + s2 * (t1 * s3 - s2 * t2)) / det;
        double q1 = (s0 * (t1 * s4 - t2 * s3) - t0 * (s1 * s4 - s3 * s2) + s2 * (s1 * t2 - t1 * s2)) / det;
        double q2 = (s0 * (s2 * t2 - s3 * t1) - s1 * (s1 * t2 - t1 * s2) + t0 * (s1 * s3 - s2 * s2)) / det;

        // y = q0 + q1·u + q2·u², u = (x − mean)/scale.
        double c2 = q2 / (scale * scale);
        double c1 = q1 / scale - 2 * q2 * mean / (scale * scale);
        double c0 = q0 - q1 * mean / scale + q2 * mean * mean / (scale * scale);
        return (c0, c1, c2);
    }

    private static List<(double Compute, int[] Members)> GroupBudgets(IReadOnlyList<double> compute)
    {
        var order = Enumerable.Range(0, compute.Count).OrderBy(i => compute[i]).ToArray();
        var groups = new List<(double, int[])>();
        var current = new List<int>();
        double anchor = double.NaN;
        foreach (int i in order)
        {
            if (current.Count > 0 && Math.Abs(Math.Log(compute[i] / anchor)) > 0.01)
            {
                groups.Add((Math.Exp(current.Average(k => Math.Log(compute[k]))), [.. current]));
                current.Clear();
            }

            if (current.Count == 0)
            {
                anchor = compute[i];
            }

            current.Add(i);
        }

        groups.Add((Math.Exp(current.Average(k => Math.Log(compute[k]))), [.. current]));
        return groups;
    }

    private static Estimates Analyse(List<(double Compute, int[] Members)> groups, double[] logN, double[] loss, int[][]? pick)
    {
        int g = groups.Count;
        var est = new Estimates(new double[g], new double[g], new double[g], new bool[g]);
        var xs = new List<double>();
        var ys = new List<double>();
        var lc = new List<double>();
        for (int k = 0; k < g; k++)
        {
            int[] members = pick?[k] ?? groups[k].Members;
            double[] x = [.. members.Select(i => logN[i])];
            double[] y = [.. members.Select(i => loss[i])];
            var (c0, c1, c2) = x.Distinct().Count() >= 3 ? Parabola(x, y) : (double.NaN, double.NaN, double.NaN);
            double xMin = -c1 / (2 * c2);
            est.Curvature[k] = c2;
            bool valid = c2 > 0 && double.IsFinite(xMin);
            est.LogNOpt[k] = valid ? xMin : double.NaN;
            est.LossAtMin[k] = valid ? c0 + c1 * xMin + c2 * xMin * xMin : double.NaN;
            est.Inside[k] = valid && xMin >= x.Min() && xMin <= x.Max();
            if (valid)
            {
                xs.Add(xMin);
                lc.Add(Math.Log(groups[k].Compute));
            }
        }

        if (xs.Count >= 2)
        {
            var (intercept, slope, _) = Statistics.LinearFit([.. lc], [.. xs]);
            est.Intercept = intercept;
            est.Slope = slope;
        }

        return est;
    }

    private sealed record Estimates(double[] LogNOpt, double[] LossAtMin, double[] Curvature, bool[] Inside)
    {
        public double Slope { get; set; } = double.NaN;

        public double Intercept { get; set; } = double.NaN;
    }
}
