using ILGPU;
using ILGPU.Runtime;

namespace Sweep.Kernels.Accelerators;

/// <summary>
/// The summed Huber objective of a scaling-law fit and its gradient, for a batch of rows (problem, point), in double
/// precision: <c>f = Σ_i w_i·Huber_δ(log ŷ(θ; x_i) − log y_i)</c> over the points of the row's problem. Two stages, no
/// barriers and no atomics, so every accelerator (the CPU simulator included) runs the same code and the sums come
/// out in the same order every time:
/// <list type="number">
/// <item><see cref="Partials"/>: thread (lane, row) sums the points lane, lane + L, lane + 2L, … of the row's problem
/// (consecutive lanes read consecutive points, so a warp's loads are coalesced) into L partial sums of f and ∇f;</item>
/// <item><see cref="Totals"/>: one thread per row adds its L partials in lane order.</item>
/// </list>
/// exp and log are computed here from +, ×, ÷ and bit operations (<see cref="Exp"/>, <see cref="Log"/>) rather than
/// through <c>Math</c>: ILGPU's PTX backend maps double-precision <c>Math.Exp</c> to CUDA's libdevice, which needs a
/// CUDA toolkit on the machine, and the simulator would otherwise check .NET's exp instead of the one the GPU runs.
/// </summary>
[Float64Kernels]
internal static partial class FitObjectiveKernels
{
    /// <summary>Laws the kernels know; the order matches <c>FitArgs.Law</c>.</summary>
    public const int Chinchilla = 0;

    /// <summary>Kaplan's joint law, θ = (log N_c, log D_c, α_N/α_D, α_D).</summary>
    public const int Kaplan = 1;

    /// <summary><c>E + A·x^−α</c>, θ = (log E, log A, α).</summary>
    public const int Power = 2;

    /// <summary><c>A·x^−α</c>, θ = (log A, α).</summary>
    public const int PowerNoIrreducible = 3;

    /// <summary>The smoothly broken power law, θ = (log E, log B, c0, c1, log d1, log f1).</summary>
    public const int Broken = 4;

    /// <summary>The most fit parameters of any law (the broken power law's six).</summary>
    public const int MaxParameters = 6;

    private const double Log2E = 1.4426950408889634;

    // ln 2 split so that k·Ln2Hi is exact for |k| < 2^11 (Cody–Waite).
    private const double Ln2Hi = 0.693147180369123816490;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Ln2 = 0.6931471805599453;
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>
    /// Stage 1. <paramref name="index"/>.X is the lane, .Y the row. Row r evaluates problem <c>rowProblems[r]</c> at
    /// <c>points[r·P .. (r+1)·P)</c>; problem p owns points <c>ranges[2p] .. ranges[2p] + ranges[2p+1]</c> of the data
    /// columns. Writes <c>partials[(r·L + lane)·(P+1) + k]</c>: k = 0 the objective, k = 1..P the gradient.
    /// </summary>
    internal static void Partials(
        Index2D index,
        ArrayView1D<double, Stride1D.Dense> logX1,
        ArrayView1D<double, Stride1D.Dense> logX2,
        ArrayView1D<double, Stride1D.Dense> logY,
        ArrayView1D<double, Stride1D.Dense> weights,
        ArrayView1D<int, Stride1D.Dense> ranges,
        ArrayView1D<int, Stride1D.Dense> rowProblems,
        ArrayView1D<double, Stride1D.Dense> points,
        ArrayView1D<double, Stride1D.Dense> partials,
        FitArgs a)
    {
        int lane = index.X, row = index.Y;
        int p = a.Parameters;
        int problem = rowProblems[row];
        int first = ranges[2 * problem], count = ranges[(2 * problem) + 1];
        int pointBase = row * p;
        var theta = new Theta(
            points[pointBase],
            points[pointBase + 1],
            p > 2 ? points[pointBase + 2] : 0.0,
            p > 3 ? points[pointBase + 3] : 0.0,
            p > 4 ? points[pointBase + 4] : 0.0,
            p > 5 ? points[pointBase + 5] : 0.0);
        bool joint = a.Law == Chinchilla || a.Law == Kaplan;
        Sums sums = default;
        for (int i = lane; i < count; i += a.Lanes)
        {
            int j = first + i;
            Terms t = PointTerms(a.Law, theta, logX1[j], joint ? logX2[j] : 0.0);
            sums = sums.Add(t, logY[j], weights[j], a.Delta);
        }

        int o = ((row * a.Lanes) + lane) * (p + 1);
        partials[o] = sums.F;
        partials[o + 1] = sums.G0;
        partials[o + 2] = sums.G1;
        if (p > 2)
        {
            partials[o + 3] = sums.G2;
        }

        if (p > 3)
        {
            partials[o + 4] = sums.G3;
        }

        if (p > 4)
        {
            partials[o + 5] = sums.G4;
        }

        if (p > 5)
        {
            partials[o + 6] = sums.G5;
        }
    }

    /// <summary>Stage 2: <c>results[r·(P+1) + k] = Σ_lane partials[(r·L + lane)·(P+1) + k]</c>, lanes in order.</summary>
    internal static void Totals(Index1D row, ArrayView1D<double, Stride1D.Dense> partials, ArrayView1D<double, Stride1D.Dense> results, FitArgs a)
    {
        int width = a.Parameters + 1;
        int from = row * a.Lanes * width;
        for (int k = 0; k < width; k++)
        {
            double sum = 0.0;
            for (int lane = 0; lane < a.Lanes; lane++)
            {
                sum += partials[from + (lane * width) + k];
            }

            results[(row * width) + k] = sum;
        }
    }

    /// <summary>log ŷ at one point and its derivatives with respect to θ (unused ones zero).</summary>
    internal static Terms PointTerms(int law, Theta t, double lx1, double lx2)
    {
        if (law == Chinchilla)
        {
            // log ŷ = LSE(e, a − α·log N, b − β·log D), shifted by the largest term.
            double t1 = t.T1 - (t.T3 * lx1);
            double t2 = t.T2 - (t.T4 * lx2);
            double m = Max(t.T0, Max(t1, t2));
            double s0 = Exp(t.T0 - m), s1 = Exp(t1 - m), s2 = Exp(t2 - m);
            double s = s0 + s1 + s2;
            double p0 = s0 / s, p1 = s1 / s, p2 = s2 / s;
            return new Terms(m + Log(s), p0, p1, p2, -p1 * lx1, -p2 * lx2, 0.0);
        }

        if (law == Kaplan)
        {
            // log ŷ = α_D·LSE(r·(n_c − log N), d_c − log D).
            Lse k = LogSumExp(t.T2 * (t.T0 - lx1), t.T1 - lx2);
            double p1 = k.WeightU, p2 = 1.0 - k.WeightU;
            return new Terms(t.T3 * k.Value, t.T3 * p1 * t.T2, t.T3 * p2, t.T3 * p1 * (t.T0 - lx1), k.Value, 0.0, 0.0);
        }

        if (law == Power)
        {
            Lse l = LogSumExp(t.T0, t.T1 - (t.T2 * lx1));
            double pa = 1.0 - l.WeightU;
            return new Terms(l.Value, l.WeightU, pa, -pa * lx1, 0.0, 0.0, 0.0);
        }

        if (law == PowerNoIrreducible)
        {
            return new Terms(t.T0 - (t.T1 * lx1), 1.0, -lx1, 0.0, 0.0, 0.0, 0.0);
        }

        // Broken: log ŷ = LSE(e, b − c0·log x − c1·f·softplus((log x − log d1)/f)), f = exp(log f1).
        double f = Exp(t.T5);
        double z = (lx1 - t.T4) / f;
        double sp = Softplus(z), sig = Sigmoid(z);
        double tb = t.T1 - (t.T2 * lx1) - (t.T3 * f * sp);
        Lse b = LogSumExp(t.T0, tb);
        double pb = 1.0 - b.WeightU;
        return new Terms(b.Value, b.WeightU, pb, -pb * lx1, -pb * f * sp, pb * t.T3 * sig, -pb * t.T3 * f * (sp - (z * sig)));
    }

    /// <summary>
    /// e^x to a few ulp: x = k·ln2 + r with |r| ≤ ln2/2 (Cody–Waite), e^r by its Taylor series to r^13/13! (truncation
    /// below 5e-18), scaled by 2^k through the exponent bits. +∞ above 709.78, 0 below −708, NaN for NaN.
    /// </summary>
    internal static double Exp(double x)
    {
        if (!(x >= -708.0))
        {
            return x < -708.0 ? 0.0 : x;
        }

        if (x > 709.78)
        {
            return double.PositiveInfinity;
        }

        double h = x * Log2E;
        long k = (long)(h + (h >= 0.0 ? 0.5 : -0.5));
        double kf = k;
        double r = (x - (kf * Ln2Hi)) - (kf * Ln2Lo);
        double q = 1.0 / 6227020800.0;
        q = (q * r) + (1.0 / 479001600.0);
        q = (q * r) + (1.0 / 39916800.0);
        q = (q * r) + (1.0 / 3628800.0);
        q = (q * r) + (1.0 / 362880.0);
        q = (q * r) + (1.0 / 40320.0);
        q = (q * r) + (1.0 / 5040.0);
        q = (q * r) + (1.0 / 720.0);
        q = (q * r) + (1.0 / 120.0);
        q = (q * r) + (1.0 / 24.0);
        q = (q * r) + (1.0 / 6.0);
        q = (q * r) + 0.5;
        q = (q * r) + 1.0;
        q = (q * r) + 1.0;

        // k ∈ [−1022, 1024]; split the scale in two so that k = 1024 (x just below 709.78) does not overflow 2^k.
        long half = k / 2;
        double scaleA = Interop.IntAsFloat((ulong)(half + 1023) << 52);
        double scaleB = Interop.IntAsFloat((ulong)(k - half + 1023) << 52);
        return q * scaleA * scaleB;
    }

    /// <summary>
    /// ln x to a few ulp for positive normal x: x = m·2^e with m ∈ [√½, √2), ln m = 2·atanh((m − 1)/(m + 1)) by its
    /// series to the 19th power (truncation below 3e-17). −∞ at 0, NaN below 0 or for NaN, +∞ at +∞.
    /// </summary>
    internal static double Log(double x)
    {
        if (!(x > 0.0) || x > double.MaxValue)
        {
            return x == 0.0 ? double.NegativeInfinity : x > 0.0 ? x : double.NaN;
        }

        ulong bits = Interop.FloatAsInt(x);
        double e = (long)(bits >> 52) - 1023;
        double m = Interop.IntAsFloat((bits & 0x000FFFFFFFFFFFFFUL) | 0x3FF0000000000000UL);
        if (m > Sqrt2)
        {
            m *= 0.5;
            e += 1.0;
        }

        double f = (m - 1.0) / (m + 1.0);
        double f2 = f * f;
        double s = 1.0 / 19.0;
        s = (s * f2) + (1.0 / 17.0);
        s = (s * f2) + (1.0 / 15.0);
        s = (s * f2) + (1.0 / 13.0);
        s = (s * f2) + (1.0 / 11.0);
        s = (s * f2) + (1.0 / 9.0);
        s = (s * f2) + (1.0 / 7.0);
        s = (s * f2) + (1.0 / 5.0);
        s = (s * f2) + (1.0 / 3.0);
        double twoF = f + f;
        return (e * Ln2) + ((twoF * f2 * s) + twoF);
    }

    private static double Max(double a, double b) => a >= b ? a : b;

    /// <summary>log(e^u + e^v), stable for any magnitudes, and the softmax weight of u.</summary>
    private static Lse LogSumExp(double u, double v)
    {
        double m = Max(u, v);
        double eu = Exp(u - m), ev = Exp(v - m);
        double s = eu + ev;
        return new Lse(m + Log(s), eu / s);
    }

    private static double Softplus(double z) => Max(z, 0.0) + Log(1.0 + Exp(z >= 0.0 ? -z : z));

    private static double Sigmoid(double z)
    {
        if (z >= 0.0)
        {
            return 1.0 / (1.0 + Exp(-z));
        }

        double e = Exp(z);
        return e / (1.0 + e);
    }

    /// <summary>The fit parameters of one row (up to <see cref="MaxParameters"/>; unused ones zero).</summary>
    internal readonly struct Theta(double t0, double t1, double t2, double t3, double t4, double t5)
    {
        public readonly double T0 = t0;
        public readonly double T1 = t1;
        public readonly double T2 = t2;
        public readonly double T3 = t3;
        public readonly double T4 = t4;
        public readonly double T5 = t5;
    }

    /// <summary>A log-sum-exp of two terms and the softmax weight of the first.</summary>
    internal readonly struct Lse(double value, double weightU)
    {
        public readonly double Value = value;
        public readonly double WeightU = weightU;
    }

    /// <summary>log ŷ at a point and ∂log ŷ/∂θ_k.</summary>
    internal readonly struct Terms(double pred, double d0, double d1, double d2, double d3, double d4, double d5)
    {
        public readonly double Pred = pred;
        public readonly double D0 = d0;
        public readonly double D1 = d1;
        public readonly double D2 = d2;
        public readonly double D3 = d3;
        public readonly double D4 = d4;
        public readonly double D5 = d5;
    }

    /// <summary>Running sums of the objective and its gradient.</summary>
    internal readonly struct Sums(double f, double g0, double g1, double g2, double g3, double g4, double g5)
    {
        public readonly double F = f;
        public readonly double G0 = g0;
        public readonly double G1 = g1;
        public readonly double G2 = g2;
        public readonly double G3 = g3;
        public readonly double G4 = g4;
        public readonly double G5 = g5;

        /// <summary>Adds one point's Huber term <c>w·ψ·(r − ψ/2)</c> and its gradient <c>w·ψ·∂log ŷ</c>, ψ = clamp(r, −δ, δ).</summary>
        public Sums Add(Terms t, double logY, double w, double delta)
        {
            double r = t.Pred - logY;
            double psi = r < -delta ? -delta : r > delta ? delta : r;
            double q = w * psi;
            return new Sums(
                F + (q * (r - (0.5 * psi))),
                G0 + (q * t.D0),
                G1 + (q * t.D1),
                G2 + (q * t.D2),
                G3 + (q * t.D3),
                G4 + (q * t.D4),
                G5 + (q * t.D5));
        }
    }
}
