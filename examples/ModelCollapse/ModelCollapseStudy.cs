using System.Globalization;
using Sweep;

namespace ModelCollapse;

/// <summary>Which data each generation of <see cref="ModelCollapseStudy"/> fits.</summary>
public enum Regime
{
    /// <summary>Only the previous generation's n samples: the real data is used once, by generation 0.</summary>
    Replace = 0,

    /// <summary>Every sample so far: the n real ones and the n synthetic ones of each earlier generation.</summary>
    Accumulate = 1,

    /// <summary>n samples, a fraction <see cref="ModelCollapseStudy.FreshFraction"/> of them fresh real data, the rest from the previous generation.</summary>
    FreshMix = 2,
}

/// <summary>
/// How do models collapse when trained on their own samples? Generation 0 fits a Gaussian (mean and maximum-likelihood
/// variance) to n samples of the real distribution N(0, σ₀²); each later generation draws n samples from the previous
/// fit and refits, under one of three data <see cref="Regime"/>s.
/// </summary>
/// <remarks>
/// <para>
/// Expected: with <see cref="Regime.Replace"/> the fitted variance shrinks geometrically, since each MLE fit loses a
/// factor (n−1)/n in expectation: E[σ²_t] = σ₀²·((n−1)/n)^(t+1) after generation t (t + 1 fits; Shumailov et al.
/// 2024's "curse of recursion"). The tails go first: in a typical seed the fit's mass beyond 3σ₀ falls to zero within
/// a few dozen generations at n = 10, and the real data's cross-entropy under the fit grows without bound, faster for
/// small n. The mean meanwhile wanders (E[μ_t²] approaches σ₀²), so the odd collapsed fit sits out in a tail and the
/// tail mass averaged over seeds is not a monotone curve; its median is. <see cref="Regime.Accumulate"/> keeps every
/// sample, so later generations barely move the fit and the variance stays near σ₀² (Gerstgrasser et al. 2024);
/// <see cref="Regime.FreshMix"/> anchors each generation to fresh real data and settles at a stationary variance
/// below σ₀² instead of collapsing.
/// </para>
/// <para>
/// Each trial records, for generations 0, 1, 2, 5, 10, 20, 50 and 100 (evaluations <c>gen-0</c> … <c>gen-100</c>):
/// <c>variance</c> and <c>mean</c> of the fit, <c>tail_mass</c> (the fit's probability of |x| &gt; 3σ₀; 0.0027 for the
/// real distribution) and <c>test_loss</c> (the expected negative log-likelihood of real data under the fit, in nats;
/// 1.419 for a perfect fit). Trials take microseconds, so many seeds are cheap.
/// </para>
/// </remarks>
[Study("model-collapse", Seeds = 200, Description = "Gaussian refit on its own samples: replace vs accumulate vs fresh-data mix")]
public partial class ModelCollapseStudy
{
    /// <summary>Standard deviation σ₀ of the real distribution N(0, σ₀²).</summary>
    public const double TrueSigma = 1.0;

    /// <summary>The fraction of each <see cref="Regime.FreshMix"/> generation's samples that are fresh real data.</summary>
    public const double FreshFraction = 0.1;

    /// <summary>The generations whose fit is recorded, as evaluation <c>gen-t</c>; the last is the last one run.</summary>
    public static IReadOnlyList<int> Checkpoints { get; } = [0, 1, 2, 5, 10, 20, 50, 100];

    [Axis]
    public Regime Regime { get; init; }

    /// <summary>Samples per generation, n.</summary>
    [Axis, Values(10, 100, 1000)]
    public int SampleSize { get; init; }

    /// <summary>The evaluation name of generation <paramref name="generation"/>.</summary>
    /// <param name="generation">The generation, from 0.</param>
    /// <returns><c>gen-t</c>.</returns>
    public static string Evaluation(int generation) => "gen-" + generation.ToString(CultureInfo.InvariantCulture);

    [Trial]
    public void Run(TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Random random = context.CreateRandom();
        int n = SampleSize;
        int fresh = Regime == Regime.FreshMix ? Math.Max(1, (int)Math.Round(FreshFraction * n)) : 0;

        // Generation 0 fits the real data; Accumulate keeps feeding the same running statistics afterwards.
        RunningMoments data = new();
        for (int i = 0; i < n; i++)
        {
            data.Add(TrueSigma * NextGaussian(random));
        }

        (double mean, double variance) = (data.Mean, data.Variance);
        int next = 0;
        for (int generation = 0; generation <= Checkpoints[^1]; generation++)
        {
            if (generation > 0)
            {
                // Sample from the previous fit (and, for FreshMix, from the real distribution), then refit.
                double sigma = Math.Sqrt(variance);
                if (Regime != Regime.Accumulate)
                {
                    data = new RunningMoments();
                }

                for (int i = 0; i < n; i++)
                {
                    data.Add(i < fresh ? TrueSigma * NextGaussian(random) : mean + sigma * NextGaussian(random));
                }

                (mean, variance) = (data.Mean, data.Variance);
            }

            if (generation == Checkpoints[next])
            {
                string evaluation = Evaluation(generation);
                context.Record(evaluation, Metric.TestLoss, CrossEntropy(mean, variance));
                context.Record(evaluation, "variance", variance);
                context.Record(evaluation, "mean", mean);
                context.Record(evaluation, "tail_mass", TailMass(mean, variance));
                next++;
            }
        }
    }

    /// <summary>E[−log N(x; μ, σ²)] for x ~ N(0, σ₀²), in nats.</summary>
    private static double CrossEntropy(double mean, double variance)
        => 0.5 * Math.Log(2 * Math.PI * variance) + (TrueSigma * TrueSigma + mean * mean) / (2 * variance);

    /// <summary>P(|x| &gt; 3σ₀) for x ~ N(μ, σ²).</summary>
    private static double TailMass(double mean, double variance)
    {
        double scale = Math.Sqrt(2 * variance);
        double edge = 3 * TrueSigma;
        return 0.5 * (Erfc((edge - mean) / scale) + Erfc((edge + mean) / scale));
    }

    /// <summary>The complementary error function, to a relative error below 1.2e-7 (Numerical Recipes' <c>erfcc</c>).</summary>
    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double tail = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? tail : 2.0 - tail;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double NextGaussian(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    /// <summary>Count, mean and maximum-likelihood variance of a stream of values (Welford's update).</summary>
    private sealed class RunningMoments
    {
        private long _count;
        private double _sumOfSquares;

        public double Mean { get; private set; }

        public double Variance => _sumOfSquares / _count;

        public void Add(double value)
        {
            _count++;
            double delta = value - Mean;
            Mean += delta / _count;
            _sumOfSquares += delta * (value - Mean);
        }
    }
}
