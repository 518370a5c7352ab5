namespace Sweep.Training.Collapse;

/// <summary>
/// Sample moments of a set of rows, kept centred (count, mean, and the sum of centred outer products) so that a fit
/// whose variance has collapsed by many orders of magnitude keeps its digits; two sets combine exactly (Chan et al.).
/// </summary>
internal sealed record Moments(long Count, double[] Mean, double[] Scatter)
{
    public static Moments Of(DenseSamples samples, int start, int count)
    {
        int d = samples.Dims;
        var mean = new double[d];
        for (int i = start; i < start + count; i++)
        {
            ReadOnlySpan<double> x = samples.Row(i);
            for (int j = 0; j < d; j++)
            {
                mean[j] += x[j];
            }
        }

        for (int j = 0; j < d; j++)
        {
            mean[j] /= count;
        }

        var scatter = new double[d * d];
        Span<double> e = stackalloc double[d];
        for (int i = start; i < start + count; i++)
        {
            ReadOnlySpan<double> x = samples.Row(i);
            for (int j = 0; j < d; j++)
            {
                e[j] = x[j] - mean[j];
            }

            for (int a = 0; a < d; a++)
            {
                for (int b = 0; b < d; b++)
                {
                    scatter[(a * d) + b] += e[a] * e[b];
                }
            }
        }

        return new Moments(count, mean, scatter);
    }

    public Moments Add(Moments other)
    {
        int d = Mean.Length;
        long n = Count + other.Count;
        var mean = new double[d];
        var scatter = new double[d * d];
        for (int j = 0; j < d; j++)
        {
            mean[j] = Mean[j] + ((other.Mean[j] - Mean[j]) * other.Count / n);
        }

        double weight = (double)Count * other.Count / n;
        for (int a = 0; a < d; a++)
        {
            for (int b = 0; b < d; b++)
            {
                scatter[(a * d) + b] = Scatter[(a * d) + b] + other.Scatter[(a * d) + b]
                    + ((other.Mean[a] - Mean[a]) * (other.Mean[b] - Mean[b]) * weight);
            }
        }

        return new Moments(n, mean, scatter);
    }
}

/// <summary>A fitted Gaussian N(μ, Σ) with the square root of Σ it samples with and its eigenvalues.</summary>
internal sealed class GaussianFit
{
    public GaussianFit(double[] mean, double[] covariance)
    {
        int d = mean.Length;
        Mean = mean;
        Covariance = covariance;
        if (d == 1)
        {
            Root = [Math.Sqrt(Math.Max(0, covariance[0]))];
            Eigenvalues = [covariance[0]];
            Eigenvectors = [1.0];
        }
        else
        {
            (Eigenvalues, Eigenvectors) = CollapseMath.SymmetricEigen(covariance, d);
            Root = CollapseMath.SqrtPsd(covariance, d);
        }
    }

    public double[] Mean { get; }

    public double[] Covariance { get; }

    public double[] Root { get; }

    public double[] Eigenvalues { get; }

    public double[] Eigenvectors { get; }

    public int Dims => Mean.Length;

    public double VariancePerDim => Enumerable.Range(0, Dims).Sum(i => Covariance[(i * Dims) + i]) / Dims;

    public DenseSamples Sample(int count, ulong seed)
    {
        int d = Dims;
        var z = new double[count * d];
        ChainRandom.FillNormals(seed, 0, z);
        if (d == 1)
        {
            for (int i = 0; i < count; i++)
            {
                z[i] = Mean[0] + (Root[0] * z[i]);
            }

            return new DenseSamples(1, z);
        }

        var x = new double[count * d];
        for (int i = 0; i < count; i++)
        {
            for (int r = 0; r < d; r++)
            {
                double s = Mean[r];
                for (int k = 0; k < d; k++)
                {
                    s += Root[(r * d) + k] * z[(i * d) + k];
                }

                x[(i * d) + r] = s;
            }
        }

        return new DenseSamples(d, x);
    }

    /// <summary>ln N(x; μ, Σ); −∞ off the support of a singular fit.</summary>
    public double LogDensity(ReadOnlySpan<double> x)
    {
        int d = Dims;
        double log = d * Math.Log(2 * Math.PI), quadratic = 0;
        for (int k = 0; k < d; k++)
        {
            double projection = 0;
            for (int i = 0; i < d; i++)
            {
                projection += Eigenvectors[(i * d) + k] * (x[i] - Mean[i]);
            }

            log += Math.Log(Eigenvalues[k]);
            quadratic += projection * projection / Eigenvalues[k];
        }

        return -0.5 * (log + quadratic);
    }
}

/// <summary>
/// A Gaussian (<see cref="GaussianModel"/>) refitted by its sample moments (<see cref="MomentsTrain"/>) generation after
/// generation, on the host in double precision. Metrics per checkpoint: <c>fitted_variance</c> (tr Σ̂ / d),
/// <c>test_loss</c> (the cross-entropy of the real distribution under the fit, in nats: exact for Gaussian data, the mean
/// over the real test samples for mixture data), <c>tail_mass</c> (the fit's probability of the real rarest decile:
/// exact in one dimension, else the share of as many draws from the fit as the test set holds) and, for Gaussian data,
/// <c>w2_distance</c> in closed form.
/// </summary>
internal sealed class GaussianChain : ChainFamily<DenseSamples, Moments>
{
    private readonly DensitySource _source;
    private readonly VarianceEstimator _estimator;
    private readonly IReadOnlyList<long> _seeds;
    private readonly int _test;
    private readonly double[] _sourceRoot;
    private readonly DenseSamples?[] _tests;

    public GaussianChain(DataSpec data, MomentsTrain train, IReadOnlyList<long> seeds)
    {
        _source = DensityChains.Source(data);
        _estimator = train.Variance;
        _seeds = seeds;
        _test = data.Test;
        _sourceRoot = CollapseMath.SqrtPsd(_source.Covariance, _source.Dims);
        _tests = new DenseSamples?[seeds.Count];
    }

    public override DenseSamples Real(int trial, int count, ulong seed) => _source.Sample(count, seed);

    public override Moments Data(DenseSamples sample, int start, int count) => Moments.Of(sample, start, count);

    public override Moments Data(DenseSamples sample, IReadOnlyList<int> rows) => Moments.Of(sample.Select(rows), 0, rows.Count);

    public override Moments Add(Moments left, Moments right) => left.Add(right);

    public override long Rows(Moments data) => data.Count;

    public override IReadOnlyList<(string Metric, double Value)> Truth(int trial, DenseSamples real)
    {
        int d = _source.Dims;
        double entropy = _source.IsGaussian
            ? 0.5 * ((d * Math.Log(2 * Math.PI * Math.E)) + _source.LogDeterminant)
            : DensityChains.CrossEntropy(Test(trial), _source.LogDensity);
        List<(string, double)> metrics =
        [
            (Metric.FittedVariance, _source.VariancePerDim),
            (Metric.TestLoss, entropy),
            (Metric.TailMass, _source.IsGaussian ? 0.1 : _source.TailShare(_source.Sample(_test, ChainRunner.Seed(_seeds[trial], ChainRunner.Purpose.Probe, 0)))),
        ];
        if (_source.IsGaussian)
        {
            metrics.Add((Metric.Wasserstein2, 0.0));
        }

        return metrics;
    }

    public override IReadOnlyList<(DenseSamples? Next, IReadOnlyList<(string Metric, double Value)> Metrics)> Generation(
        int generation, IReadOnlyList<Moments> data, bool sample, bool measure, int count)
    {
        var results = new (DenseSamples?, IReadOnlyList<(string, double)>)[data.Count];
        for (int k = 0; k < data.Count; k++)
        {
            GaussianFit fit = Fit(data[k]);
            DenseSamples? next = sample ? fit.Sample(count, ChainRunner.Seed(_seeds[k], ChainRunner.Purpose.Sample, generation)) : null;
            results[k] = (next, measure ? Measure(k, generation, fit) : []);
        }

        return results;
    }

    private GaussianFit Fit(Moments moments)
    {
        double divisor = _estimator == VarianceEstimator.Unbiased ? moments.Count - 1 : moments.Count;
        return new GaussianFit((double[])moments.Mean.Clone(), [.. moments.Scatter.Select(s => s / divisor)]);
    }

    private List<(string, double)> Measure(int trial, int generation, GaussianFit fit)
    {
        int d = _source.Dims;
        List<(string, double)> metrics = [(Metric.FittedVariance, fit.VariancePerDim)];
        if (_source.IsGaussian)
        {
            metrics.Add((Metric.TestLoss, GaussianCrossEntropy(fit)));
            double tail = d == 1
                ? OneDimensionalTail(fit)
                : _source.TailShare(fit.Sample(_test, ChainRunner.Seed(_seeds[trial], ChainRunner.Purpose.Probe, generation)));
            metrics.Add((Metric.TailMass, tail));
            metrics.Add((Metric.Wasserstein2, Wasserstein2(_sourceRoot, fit)));
        }
        else
        {
            metrics.Add((Metric.TestLoss, DensityChains.CrossEntropy(Test(trial), fit.LogDensity)));
            metrics.Add((Metric.TailMass, _source.TailShare(fit.Sample(_test, ChainRunner.Seed(_seeds[trial], ChainRunner.Purpose.Probe, generation)))));
        }

        return metrics;
    }

    /// <summary>E_real[−ln N(x; μ̂, Σ̂)] = ½(d ln 2π + ln|Σ̂| + tr(Σ̂⁻¹Σ) + μ̂ᵀΣ̂⁻¹μ̂) for real x ~ N(0, Σ).</summary>
    private double GaussianCrossEntropy(GaussianFit fit)
    {
        int d = fit.Dims;
        double total = d * Math.Log(2 * Math.PI);
        ReadOnlySpan<double> sigma = _source.Covariance;
        for (int k = 0; k < d; k++)
        {
            double lambda = fit.Eigenvalues[k];
            if (!(lambda > 0))
            {
                return double.PositiveInfinity;
            }

            // uₖᵀ Σ uₖ / λₖ and (uₖ·μ̂)² / λₖ.
            double quadratic = 0, projection = 0;
            for (int i = 0; i < d; i++)
            {
                projection += fit.Eigenvectors[(i * d) + k] * fit.Mean[i];
                for (int j = 0; j < d; j++)
                {
                    quadratic += fit.Eigenvectors[(i * d) + k] * sigma[(i * d) + j] * fit.Eigenvectors[(j * d) + k];
                }
            }

            total += Math.Log(lambda) + ((quadratic + (projection * projection)) / lambda);
        }

        return 0.5 * total;
    }

    /// <summary>P(|x| &gt; σ·z₀.₉₅) for x ~ N(μ̂, σ̂²): the fit's mass in the real rarest decile, in one dimension.</summary>
    private double OneDimensionalTail(GaussianFit fit)
    {
        double edge = Math.Sqrt(_source.TailRadius * _source.Covariance[0]);
        double mu = fit.Mean[0], s = fit.Root[0];
        return s > 0
            ? CollapseMath.NormalUpper((edge - mu) / s) + CollapseMath.NormalUpper((edge + mu) / s)
            : Math.Abs(mu) > edge ? 1 : 0;
    }

    /// <summary>W₂(N(μ̂, Σ̂), N(0, Σ)) = √(‖μ̂‖² + tr Σ + tr Σ̂ − 2 tr (Σ^½ Σ̂ Σ^½)^½), given Σ^½.</summary>
    internal static double Wasserstein2(double[] sourceRoot, GaussianFit fit)
    {
        int d = fit.Dims;
        if (d == 1)
        {
            double difference = fit.Root[0] - sourceRoot[0];
            return Math.Sqrt((fit.Mean[0] * fit.Mean[0]) + (difference * difference));
        }

        var product = new double[d * d];
        var temp = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                double s = 0;
                for (int k = 0; k < d; k++)
                {
                    s += sourceRoot[(i * d) + k] * fit.Covariance[(k * d) + j];
                }

                temp[(i * d) + j] = s;
            }
        }

        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                double s = 0;
                for (int k = 0; k < d; k++)
                {
                    s += temp[(i * d) + k] * sourceRoot[(k * d) + j];
                }

                product[(i * d) + j] = s;
            }
        }

        (double[] values, _) = CollapseMath.SymmetricEigen(product, d);
        double sourceTrace = 0;
        for (int i = 0; i < d; i++)
        {
            for (int k = 0; k < d; k++)
            {
                sourceTrace += sourceRoot[(i * d) + k] * sourceRoot[(k * d) + i];
            }
        }

        double squared = CollapseMath.Dot(fit.Mean, fit.Mean) + sourceTrace + (d * fit.VariancePerDim) - (2 * values.Sum(v => Math.Sqrt(Math.Max(0, v))));
        return Math.Sqrt(Math.Max(0, squared));
    }

    private DenseSamples Test(int trial) => _tests[trial] ??= _source.Sample(_test, ChainRunner.Seed(_seeds[trial], ChainRunner.Purpose.Test, 0));
}

/// <summary>
/// A Gaussian mixture with diagonal covariances (<see cref="GaussianMixtureModel"/>) refitted by expectation
/// maximisation (<see cref="EmTrain"/>) each generation, on the host in double precision. Metrics per checkpoint:
/// <c>fitted_variance</c> (the mixture's variance per dimension), <c>test_loss</c> (mean negative log-likelihood of the
/// real test samples) and <c>tail_mass</c> (the share of draws from the fit in the real rarest decile).
/// </summary>
internal sealed class MixtureChain : ChainFamily<DenseSamples, DenseSamples>
{
    private readonly DensitySource _source;
    private readonly GaussianMixtureModel _model;
    private readonly EmTrain _train;
    private readonly IReadOnlyList<long> _seeds;
    private readonly int _test;
    private readonly DenseSamples?[] _tests;

    public MixtureChain(DataSpec data, GaussianMixtureModel model, EmTrain train, IReadOnlyList<long> seeds)
    {
        _source = DensityChains.Source(data);
        _model = model;
        _train = train;
        _seeds = seeds;
        _test = data.Test;
        _tests = new DenseSamples?[seeds.Count];
    }

    public override DenseSamples Real(int trial, int count, ulong seed) => _source.Sample(count, seed);

    public override DenseSamples Data(DenseSamples sample, int start, int count) => sample.Select(start, count);

    public override DenseSamples Data(DenseSamples sample, IReadOnlyList<int> rows) => sample.Select(rows);

    public override DenseSamples Add(DenseSamples left, DenseSamples right) => left.Concat(right);

    public override long Rows(DenseSamples data) => data.Rows;

    public override IReadOnlyList<(string Metric, double Value)> Truth(int trial, DenseSamples real) =>
    [
        (Metric.FittedVariance, _source.VariancePerDim),
        (Metric.TestLoss, DensityChains.CrossEntropy(Test(trial), _source.LogDensity)),
        (Metric.TailMass, _source.IsGaussian ? 0.1 : _source.TailShare(_source.Sample(_test, ChainRunner.Seed(_seeds[trial], ChainRunner.Purpose.Probe, 0)))),
    ];

    public override IReadOnlyList<(DenseSamples? Next, IReadOnlyList<(string Metric, double Value)> Metrics)> Generation(
        int generation, IReadOnlyList<DenseSamples> data, bool sample, bool measure, int count)
    {
        var results = new (DenseSamples?, IReadOnlyList<(string, double)>)[data.Count];
        for (int k = 0; k < data.Count; k++)
        {
            MixtureFit fit = MixtureFit.Em(data[k], _model.Components, _train, ChainRunner.Seed(_seeds[k], ChainRunner.Purpose.Fit, generation));
            DenseSamples? next = sample ? fit.Sample(count, ChainRunner.Seed(_seeds[k], ChainRunner.Purpose.Sample, generation)) : null;
            IReadOnlyList<(string, double)> metrics = measure
                ?
                [
                    (Metric.FittedVariance, fit.VariancePerDim),
                    (Metric.TestLoss, DensityChains.CrossEntropy(Test(k), fit.LogDensity)),
                    (Metric.TailMass, _source.TailShare(fit.Sample(_test, ChainRunner.Seed(_seeds[k], ChainRunner.Purpose.Probe, generation)))),
                ]
                : [];
            results[k] = (next, metrics);
        }

        return results;
    }

    private DenseSamples Test(int trial) => _tests[trial] ??= _source.Sample(_test, ChainRunner.Seed(_seeds[trial], ChainRunner.Purpose.Test, 0));
}

/// <summary>A Gaussian mixture with diagonal covariances, and expectation maximisation to fit one.</summary>
internal sealed class MixtureFit
{
    private readonly double[] _weights;
    private readonly double[] _means;
    private readonly double[] _variances;

    private MixtureFit(int dims, double[] weights, double[] means, double[] variances)
    {
        Dims = dims;
        _weights = weights;
        _means = means;
        _variances = variances;
    }

    public int Dims { get; }

    public int Components => _weights.Length;

    /// <summary>Iterations the fit took.</summary>
    public int Iterations { get; private set; }

    public IReadOnlyList<double> Weights => _weights;

    public IReadOnlyList<double> Means => _means;

    public IReadOnlyList<double> Variances => _variances;

    /// <summary>Σ_j Var(x_j) / d of the mixture.</summary>
    public double VariancePerDim
    {
        get
        {
            double total = 0;
            for (int j = 0; j < Dims; j++)
            {
                double mean = 0, second = 0;
                for (int c = 0; c < Components; c++)
                {
                    double m = _means[(c * Dims) + j];
                    mean += _weights[c] * m;
                    second += _weights[c] * (_variances[(c * Dims) + j] + (m * m));
                }

                total += second - (mean * mean);
            }

            return total / Dims;
        }
    }

    /// <summary>
    /// EM from K distinct rows as means (chosen by the seed), the data's variance per dimension and equal weights; stops
    /// when the mean log-likelihood gains less than the tolerance. Variances are floored at 1e-9 of the data's (and
    /// 1e-300), so a component on one point stays a proper density.
    /// </summary>
    public static MixtureFit Em(DenseSamples data, int components, EmTrain train, ulong seed)
    {
        int n = data.Rows, d = data.Dims, k = Math.Min(components, n);
        Moments all = Moments.Of(data, 0, n);
        var floor = new double[d];
        var means = new double[k * d];
        var variances = new double[k * d];
        var weights = new double[k];
        for (int j = 0; j < d; j++)
        {
            floor[j] = Math.Max(1e-300, 1e-9 * all.Scatter[(j * d) + j] / n);
        }

        List<int> chosen = [];
        for (long draw = 0; chosen.Count < k; draw++)
        {
            int row = Math.Min(n - 1, (int)(ChainRandom.Uniform(seed, 0, draw) * n));
            if (!chosen.Contains(row) || draw > 64L * n)
            {
                chosen.Add(row);
            }
        }

        for (int c = 0; c < k; c++)
        {
            weights[c] = 1.0 / k;
            data.Row(chosen[c]).CopyTo(means.AsSpan(c * d, d));
            for (int j = 0; j < d; j++)
            {
                variances[(c * d) + j] = Math.Max(floor[j], all.Scatter[(j * d) + j] / n);
            }
        }

        MixtureFit fit = new(d, weights, means, variances);
        var responsibilities = new double[n * k];
        double previous = double.NegativeInfinity;
        for (int iteration = 1; iteration <= train.Iterations; iteration++)
        {
            fit.Iterations = iteration;
            double likelihood = fit.Expect(data, responsibilities) / n;
            fit.Maximise(data, responsibilities, floor);
            if (likelihood - previous < train.Tolerance)
            {
                break;
            }

            previous = likelihood;
        }

        return fit;
    }

    public double LogDensity(ReadOnlySpan<double> x)
    {
        Span<double> logs = stackalloc double[Components];
        return LogComponents(x, logs);
    }

    public DenseSamples Sample(int count, ulong seed)
    {
        int d = Dims;
        var x = new double[count * d];
        ChainRandom.FillNormals(seed, 0, x);
        Span<double> cumulative = stackalloc double[Components];
        double sum = 0;
        for (int c = 0; c < Components; c++)
        {
            sum += _weights[c];
            cumulative[c] = sum;
        }

        for (int i = 0; i < count; i++)
        {
            int c = ChainRandom.Categorical(cumulative, ChainRandom.Uniform(seed, 1, i));
            for (int j = 0; j < d; j++)
            {
                x[(i * d) + j] = _means[(c * d) + j] + (Math.Sqrt(_variances[(c * d) + j]) * x[(i * d) + j]);
            }
        }

        return new DenseSamples(d, x);
    }

    /// <summary>The E-step: responsibilities, and the total log-likelihood.</summary>
    private double Expect(DenseSamples data, double[] responsibilities)
    {
        int k = Components;
        double total = 0;
        Span<double> logs = stackalloc double[k];
        for (int i = 0; i < data.Rows; i++)
        {
            double log = LogComponents(data.Row(i), logs);
            total += log;
            for (int c = 0; c < k; c++)
            {
                responsibilities[(i * k) + c] = Math.Exp(logs[c] - log);
            }
        }

        return total;
    }

    /// <summary>The M-step: weights, means and variances from the responsibilities.</summary>
    private void Maximise(DenseSamples data, double[] responsibilities, double[] floor)
    {
        int n = data.Rows, d = Dims, k = Components;
        Span<double> mean = stackalloc double[d];
        Span<double> variance = stackalloc double[d];
        for (int c = 0; c < k; c++)
        {
            double mass = 0;
            mean.Clear();
            for (int i = 0; i < n; i++)
            {
                double r = responsibilities[(i * k) + c];
                mass += r;
                ReadOnlySpan<double> x = data.Row(i);
                for (int j = 0; j < d; j++)
                {
                    mean[j] += r * x[j];
                }
            }

            if (mass <= 1e-300)
            {
                _weights[c] = 0;
                continue;
            }

            for (int j = 0; j < d; j++)
            {
                mean[j] /= mass;
            }

            variance.Clear();
            for (int i = 0; i < n; i++)
            {
                double r = responsibilities[(i * k) + c];
                ReadOnlySpan<double> x = data.Row(i);
                for (int j = 0; j < d; j++)
                {
                    double e = x[j] - mean[j];
                    variance[j] += r * e * e;
                }
            }

            _weights[c] = mass / n;
            for (int j = 0; j < d; j++)
            {
                _means[(c * d) + j] = mean[j];
                _variances[(c * d) + j] = Math.Max(floor[j], variance[j] / mass);
            }
        }
    }

    /// <summary>ln of each weighted component's density at x into <paramref name="logs"/>; returns ln Σ of them.</summary>
    private double LogComponents(ReadOnlySpan<double> x, Span<double> logs)
    {
        int d = Dims;
        for (int c = 0; c < Components; c++)
        {
            if (_weights[c] <= 0)
            {
                logs[c] = double.NegativeInfinity;
                continue;
            }

            double log = Math.Log(_weights[c]) - (0.5 * d * Math.Log(2 * Math.PI));
            for (int j = 0; j < d; j++)
            {
                double v = _variances[(c * d) + j], e = x[j] - _means[(c * d) + j];
                log -= 0.5 * (Math.Log(v) + (e * e / v));
            }

            logs[c] = log;
        }

        return CollapseMath.LogSumExp(logs[..Components]);
    }
}

/// <summary>What the density chains share: their real distribution, calibrated once, and the cross-entropy on a test set.</summary>
internal static class DensityChains
{
    /// <summary>The real distribution of a density chain, its rarest decile calibrated on 20 000 draws of a fixed seed (the same for every trial).</summary>
    public static DensitySource Source(DataSpec data)
    {
        DensitySource source = new(data);
        source.CalibrateTail(source.Sample(20_000, 0x7A11));
        return source;
    }

    /// <summary>The mean of −ln p(x) over a test set, in nats.</summary>
    public static double CrossEntropy(DenseSamples test, LogDensity logDensity)
    {
        double total = 0;
        for (int i = 0; i < test.Rows; i++)
        {
            total -= logDensity(test.Row(i));
        }

        return total / test.Rows;
    }

    /// <summary>A log-density.</summary>
    public delegate double LogDensity(ReadOnlySpan<double> x);
}
