namespace Sweep.Analysis;

/// <summary>Where two fitted arms cross.</summary>
/// <param name="Found">Whether the point-estimate curves cross inside the search range.</param>
/// <param name="Scale">The crossing scale (the one nearest the measured range), with bootstrap interval over replicas that cross.</param>
/// <param name="Crossings">Every crossing of the point-estimate curves in the search range, ascending.</param>
/// <param name="InsideMeasuredRange">Whether <see cref="Scale"/> lies within the scales both arms measured (else it is an extrapolation).</param>
/// <param name="MeasuredLow">Lowest scale both arms measured.</param>
/// <param name="MeasuredHigh">Highest scale both arms measured.</param>
/// <param name="LowerBelow">The arm with lower loss just below the crossing (or over the whole range when none).</param>
/// <param name="LowerAbove">The arm with lower loss just above the crossing.</param>
/// <param name="ReplicaPairs">Bootstrap replica pairs examined (replica i of one arm with replica i of the other).</param>
/// <param name="FractionCrossing">Fraction of replica pairs whose curves cross in the search range.</param>
/// <param name="ReplicaScales">The crossing of each replica pair that crosses (nearest the point estimate).</param>
public sealed record CrossoverResult(
    bool Found, ParameterEstimate Scale, IReadOnlyList<double> Crossings, bool InsideMeasuredRange, double MeasuredLow, double MeasuredHigh,
    string LowerBelow, string LowerAbove, int ReplicaPairs, double FractionCrossing, IReadOnlyList<double> ReplicaScales);

/// <summary>
/// The scale at which two separately fitted single-variable laws (e.g. with and without weight decay) predict equal
/// loss, its bootstrap distribution, and whether it is inside the measured range.
/// </summary>
public static class Crossover
{
    private const int GridPoints = 1024;

    /// <summary>Finds the crossing of <paramref name="first"/> and <paramref name="second"/>.</summary>
    /// <param name="first">One arm's fit (ideally with a bootstrap).</param>
    /// <param name="second">The other arm's fit.</param>
    /// <param name="firstName">Label of the first arm.</param>
    /// <param name="secondName">Label of the second arm.</param>
    /// <param name="searchLow">Lowest scale searched; the measured minimum / 1000 when null.</param>
    /// <param name="searchHigh">Highest scale searched; the measured maximum × 1000 when null.</param>
    /// <param name="d">For joint laws, the fixed second input D along which N varies.</param>
    public static CrossoverResult Find(
        LawFit first, LawFit second, string firstName = "first", string secondName = "second",
        double? searchLow = null, double? searchHigh = null, double d = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if ((first.Law.Inputs == 2 || second.Law.Inputs == 2) && !double.IsFinite(d))
        {
            throw new ArgumentException("Joint laws cross along N at a fixed D; pass d.", nameof(d));
        }

        double low = Math.Max(first.Data.X.Min(), second.Data.X.Min());
        double high = Math.Min(first.Data.X.Max(), second.Data.X.Max());
        double lo = Math.Log(searchLow ?? Math.Min(first.Data.X.Min(), second.Data.X.Min()) / 1000);
        double hi = Math.Log(searchHigh ?? Math.Max(first.Data.X.Max(), second.Data.X.Max()) * 1000);
        if (!(hi > lo))
        {
            throw new ArgumentException("The search range is empty.", nameof(searchHigh));
        }

        double center = 0.5 * (Math.Log(low) + Math.Log(high));
        double[] roots = Roots(first.Best, second.Best, lo, hi, d);
        int primary = Nearest(roots, Math.Log(low), Math.Log(high));
        bool found = primary >= 0;
        double target = found ? Math.Log(roots[primary]) : center;

        int pairs = Math.Min(first.Replicas.Count, second.Replicas.Count);
        var replicaScales = new List<double>();
        for (int i = 0; i < pairs; i++)
        {
            double[] r = Roots(first.Replicas[i], second.Replicas[i], lo, hi, d);
            int k = Nearest(r, target, target);
            if (k >= 0)
            {
                replicaScales.Add(r[k]);
            }
        }

        double scale = found ? roots[primary] : double.NaN;
        double confidence = first.Bootstrap?.Confidence ?? 0.95;
        ParameterEstimate estimate = replicaScales.Count >= 2
            ? ParameterEstimate.FromSamples("crossover", scale, replicaScales, confidence)
            : ParameterEstimate.Point("crossover", scale);

        // Which arm is lower on each side of the crossing (or everywhere, when the curves never cross).
        double below = found ? Math.Log(scale) - 1e-3 * (hi - lo) : center;
        double above = found ? Math.Log(scale) + 1e-3 * (hi - lo) : center;
        string lowerBelow = Gap(first.Best, second.Best, below, d) < 0 ? firstName : secondName;
        string lowerAbove = Gap(first.Best, second.Best, above, d) < 0 ? firstName : secondName;
        return new CrossoverResult(
            found, estimate, roots, found && scale >= low && scale <= high, low, high, lowerBelow, lowerAbove,
            pairs, pairs == 0 ? double.NaN : replicaScales.Count / (double)pairs, replicaScales);
    }

    /// <summary>Every x in [e^lo, e^hi] where the two laws predict equal loss (sign changes on a log grid, then bisection).</summary>
    private static double[] Roots(FittedLaw a, FittedLaw b, double lo, double hi, double d)
    {
        var roots = new List<double>();
        double step = (hi - lo) / (GridPoints - 1);
        double uPrev = lo, gPrev = Gap(a, b, lo, d);
        for (int k = 1; k < GridPoints; k++)
        {
            double u = lo + k * step;
            double g = Gap(a, b, u, d);
            if (double.IsFinite(g) && double.IsFinite(gPrev) && (g == 0 || Math.Sign(g) != Math.Sign(gPrev)) && gPrev != 0)
            {
                double left = uPrev, right = u, gl = gPrev;
                for (int it = 0; it < 100 && right - left > 1e-13 * Math.Max(1, Math.Abs(left)); it++)
                {
                    double mid = 0.5 * (left + right);
                    double gm = Gap(a, b, mid, d);
                    if (Math.Sign(gm) == Math.Sign(gl))
                    {
                        left = mid;
                        gl = gm;
                    }
                    else
                    {
                        right = mid;
                    }
                }

                roots.Add(Math.Exp(0.5 * (left + right)));
            }

            uPrev = u;
            gPrev = g;
        }

        return [.. roots];
    }

    /// <summary>log L_a − log L_b at x = e^u.</summary>
    private static double Gap(FittedLaw a, FittedLaw b, double u, double d)
    {
        double ld = double.IsFinite(d) ? Math.Log(d) : 0;
        return a.Law.LogPredict(a.ThetaSpan, u, ld) - b.Law.LogPredict(b.ThetaSpan, u, ld);
    }

    /// <summary>Index of the root closest (in log) to the interval [lo, hi]; −1 if none.</summary>
    private static int Nearest(double[] roots, double lo, double hi)
    {
        int best = -1;
        double bestDistance = double.PositiveInfinity;
        for (int i = 0; i < roots.Length; i++)
        {
            double u = Math.Log(roots[i]);
            double distance = u < lo ? lo - u : (u > hi ? u - hi : 0);
            if (distance < bestDistance)
            {
                best = i;
                bestDistance = distance;
            }
        }

        return best;
    }
}
