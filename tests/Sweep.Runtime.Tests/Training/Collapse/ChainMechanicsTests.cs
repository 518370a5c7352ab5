using Sweep.Kernels;
using Sweep.Training;
using Sweep.Training.Collapse;
using static Sweep.Runtime.Tests.Training.Collapse.ChainHarness;

namespace Sweep.Runtime.Tests.Training.Collapse;

/// <summary>How a chain feeds its generations under each policy, draws its randomness, and refuses what cannot run.</summary>
public sealed class ChainMechanicsTests : IDisposable
{
    private readonly ChainHarness _chains = new();

    public void Dispose() => _chains.Dispose();

    [Fact]
    public void Policies_FitMRowsOrTheGrowingPool()
    {
        const int m = 12;
        TrialSpec Spec(DataPolicy policy) => TrialSpec.ForChain(DataSpec.Gaussian(train: m), ModelSpec.Gaussian(), TrainSpec.Moments(), CollapseSpec.Chain(6, policy));

        foreach ((DataPolicy policy, Func<int, double> rows) in (ReadOnlySpan<(DataPolicy, Func<int, double>)>)[
            (DataPolicy.Replace, _ => m), (DataPolicy.Accumulate, t => t * m), (DataPolicy.AccumulateSubsample, _ => m), (DataPolicy.FreshMix(0.25), _ => m)])
        {
            var run = _chains.Run(Spec(policy), 1)[0];
            Assert.False(run["gen-0"].ContainsKey(Metric.Tokens));
            Assert.Equal(Enumerable.Range(1, 6).Select(rows), Enumerable.Range(1, 6).Select(t => run[CollapseSpec.EvaluationName(t)][Metric.Tokens]));
            Assert.All(Enumerable.Range(1, 6), t => Assert.Equal(2, run[CollapseSpec.EvaluationName(t)][Metric.Parameters]));
        }
    }

    [Fact]
    public void FreshMixOfNone_IsReplace_AndOfAll_RefitsRealDataEveryGeneration()
    {
        const int m = 10, seeds = 2000;
        TrialSpec Spec(DataPolicy policy) => TrialSpec.ForChain(DataSpec.Gaussian(train: m), ModelSpec.Gaussian(), TrainSpec.Moments(), CollapseSpec.Chain(10, policy, [1, 10]));

        Assert.Equal(_chains.Run(Spec(DataPolicy.Replace), 5), _chains.Run(Spec(DataPolicy.FreshMix(0)), 5), new RunComparer());

        // All fresh: every generation is an independent maximum-likelihood fit to M real samples, E[σ̂²] = (M−1)/M with
        // sd √(2(M−1))/M; the mean of N seeds is within 4 of its standard errors.
        double[] variances = Values(_chains.Run(Spec(DataPolicy.FreshMix(1)), seeds), 10, Metric.FittedVariance);
        double se = Math.Sqrt(2.0 * (m - 1)) / m / Math.Sqrt(seeds);
        Assert.InRange(variances.Average(), ((m - 1.0) / m) - (4 * se), ((m - 1.0) / m) + (4 * se));
    }

    [Fact]
    public void Chains_AreDeterministicPerSeed()
    {
        TrialSpec spec = TrialSpec.ForChain(DataSpec.ZipfMarkov(vocabulary: 16, train: 300, test: 300), ModelSpec.NGram(2), TrainSpec.Counts(0.1), CollapseSpec.Chain(4, DataPolicy.AccumulateSubsample));

        var first = _chains.Run(spec, 3);
        var again = _chains.Run(spec, 3);

        Assert.Equal(first, again, new RunComparer());
        Assert.NotEqual(first[0]["gen-4"][Metric.TestLoss], first[1]["gen-4"][Metric.TestLoss]);
    }

    [Fact]
    public void Choose_DrawsDistinctRowsUniformlyFromThePool()
    {
        const int generations = 5, m = 200;
        var counts = new int[generations];
        for (ulong seed = 0; seed < 100; seed++)
        {
            HashSet<long> chosen = ChainRunner.Choose(generations * m, m, seed);
            Assert.Equal(m, chosen.Count);
            Assert.All(chosen, i => Assert.InRange(i, 0, (generations * m) - 1));
            foreach (long i in chosen)
            {
                counts[i / m]++;
            }
        }

        // Each generation holds 1/5 of the pool: 100 draws of 200 put 4 000 rows in each, ± about 4·√(20 000·0.2·0.8·(800/999)).
        Assert.All(counts, c => Assert.InRange(c, 4000 - 210, 4000 + 210));
    }

    [Fact]
    public void Wasserstein2_MatchesTheClosedFormOfCommutingCovariances_AndAnIndependentMatrixSquareRoot()
    {
        // Diagonal covariances commute: W₂² = ‖μ‖² + Σ(√aᵢ − √bᵢ)².
        double[] root = [1, 0, 0, 0, 2, 0, 0, 0, 3];
        GaussianFit diagonal = new([1, 0, -1], [4, 0, 0, 0, 1, 0, 0, 0, 16]);
        Assert.Equal(Math.Sqrt(2 + 1 + 1 + 1), GaussianChain.Wasserstein2(root, diagonal), 12);

        // A correlated pair, against √ by the Denman–Beavers iteration (no eigenvectors).
        double[] sigma = [2, 0.8, 0.3, 0.8, 1, 0.2, 0.3, 0.2, 0.5];
        double[] fitted = [1, -0.3, 0.1, -0.3, 2, 0.4, 0.1, 0.4, 1.5];
        double[] mean = [0.2, -0.1, 0.4];
        double[] sigmaRoot = DenmanBeavers(sigma);
        double[] middle = DenmanBeavers(Multiply(Multiply(sigmaRoot, fitted), sigmaRoot));
        double expected = Math.Sqrt(mean.Sum(m => m * m) + Trace(sigma) + Trace(fitted) - (2 * Trace(middle)));
        Assert.Equal(expected, GaussianChain.Wasserstein2(sigmaRoot, new GaussianFit(mean, fitted)), 9);
    }

    [Fact]
    public void DensitySources_RarestDecileHoldsATenthOfTheirMass()
    {
        // 40 000 real draws, each in the decile with probability 0.1: within 4·√(0.09/40 000) = 0.006.
        foreach (DataSpec data in (DataSpec[])[DataSpec.Gaussian(), DataSpec.Gaussian(dims: 4, sigma: 2, correlation: 0.6), DataSpec.GaussianMixture(inputs: 2, classes: 3, separation: 3)])
        {
            DensitySource source = DensityChains.Source(data);
            Assert.InRange(source.TailShare(source.Sample(40_000, 99)), 0.094, 0.106);
        }
    }

    [Fact]
    public void Em_RecoversAWellSeparatedMixture()
    {
        GaussianMixtureData data = DataSpec.GaussianMixture(inputs: 2, classes: 3, separation: 8, train: 3000);
        DensitySource source = new(data);
        double[] means = SyntheticData.MixtureMeans(data);

        MixtureFit fit = MixtureFit.Em(source.Sample(3000, 5), 3, TrainSpec.Em(), seed: 1);

        Assert.All(fit.Weights, w => Assert.InRange(w, 0.3, 0.37));
        Assert.All(fit.Variances, v => Assert.InRange(v, 0.85, 1.15));
        for (int c = 0; c < 3; c++)
        {
            // Each true mean has a fitted one within 0.15.
            Assert.Contains(Enumerable.Range(0, 3), k => Math.Abs(fit.Means[2 * k] - means[2 * c]) + Math.Abs(fit.Means[(2 * k) + 1] - means[(2 * c) + 1]) < 0.15);
        }
    }

    [Fact]
    public void Validation_RefusesWhatTheDslLetsThrough_AndTheChainOnlyKindsOutsideAChain()
    {
        TrialSpec gaussian = TrialSpec.ForChain(DataSpec.Gaussian(dims: 2, train: 2), ModelSpec.Gaussian(), TrainSpec.Moments(), CollapseSpec.Chain(10, checkpoints: [0, 10]));
        TrialSpec shortened = gaussian with { Chain = gaussian.Chain! with { Generations = 5 } };
        TrialSpec mismatched = TrialSpec.ForChain(DataSpec.TeacherStudent(inputs: 4), ModelSpec.Gaussian(), TrainSpec.Moments(), CollapseSpec.Chain(3));
        TrialSpec engine = TrialSpec.ForChain(DataSpec.TeacherStudent(inputs: 4, teacherWidth: 4), ModelSpec.Mlp(8), TrainSpec.LeastSquares(), CollapseSpec.Chain(3));
        NamedEvaluation[] clean = [new("clean", ShiftSpec.None)];

        Assert.Contains(CollapseValidation.Errors(shortened), e => e.StartsWith("Chain.Checkpoints: checkpoint 10 is beyond the last generation (5)", StringComparison.Ordinal));
        Assert.Contains(CollapseValidation.Errors(gaussian), e => e.StartsWith("Data.Train: a Gaussian's covariance in 2 dimension(s) needs more than 2 samples", StringComparison.Ordinal));
        Assert.Contains(CollapseValidation.Errors(mismatched), e => e.StartsWith("a collapse chain fits GaussianModel with MomentsTrain to TeacherStudentData, which it cannot", StringComparison.Ordinal));
        Assert.Contains(CollapseValidation.Errors(engine), e => e.StartsWith("least squares fits linear and random-features models only", StringComparison.Ordinal));
        Assert.Contains(CollapseValidation.Errors(gaussian with { Evaluations = clean }), e => e.StartsWith("Evaluations: a chain's evaluations are its checkpoints", StringComparison.Ordinal));
        Assert.Equal(CollapseValidation.Errors(shortened), SpecValidation.Errors(shortened));

        Assert.Contains(SpecValidation.Errors(new TrialSpec(DataSpec.Gaussian(), ModelSpec.Linear(), TrainSpec.LeastSquares(), clean)), e => e.StartsWith("GaussianData is fitted in collapse chains only", StringComparison.Ordinal));
        Assert.Contains(SpecValidation.Errors(new TrialSpec(DataSpec.TeacherStudent(inputs: 4), ModelSpec.LinearThroughOrigin(), TrainSpec.Adam(1e-3, 10), clean)), e => e.StartsWith("a linear model through the origin is fitted by least squares only", StringComparison.Ordinal));
        Assert.Contains(SpecValidation.Errors(new TrialSpec(DataSpec.ZipfMarkov(), ModelSpec.Mlp(8), TrainSpec.Adam(1e-3, 10), [new("wide", ShiftSpec.Covariate(2))])), e => e.StartsWith("evaluation 'wide': a covariate shift scales inputs", StringComparison.Ordinal));
        Assert.Empty(SpecValidation.Errors(new TrialSpec(DataSpec.ZipfMarkov(), ModelSpec.Mlp(8), TrainSpec.Adam(1e-3, 10), clean)));

        using ComputeBackend cpu = ComputeBackends.Create(BackendKind.Cpu);
        ArgumentException refused = Assert.Throws<ArgumentException>(() => CollapseChains.Run(cpu, [new TrainingTrial(shortened, 1)], TestContext.Current.CancellationToken));
        Assert.Contains("checkpoint 10 is beyond the last generation (5)", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TrialTraining.Run(cpu, new TrainingTrial(engine, 1), TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => CollapseChains.Run(cpu, [new TrainingTrial(gaussian with { Chain = null }, 1)], TestContext.Current.CancellationToken));
    }

    [Fact]
    public void LinearThroughOrigin_OutsideAChain_IsLeastSquaresWithoutIntercept()
    {
        using ComputeBackend cpu = ComputeBackends.Create(BackendKind.Cpu);
        TeacherStudentData data = DataSpec.TeacherStudent(inputs: 6, noise: 0, train: 50, test: 200);
        NamedEvaluation[] clean = [new("clean", ShiftSpec.None)];

        TrialResult origin = TrialTraining.Run(cpu, new TrainingTrial(new TrialSpec(data, ModelSpec.LinearThroughOrigin(), TrainSpec.LeastSquares(), clean), 3), TestContext.Current.CancellationToken);

        Assert.Equal(6, origin.Parameters);
        Assert.True(origin.Evaluations[0].Loss < 1e-10, $"a noiseless linear teacher without intercept is fitted exactly: {origin.Evaluations[0].Loss:G3}");
    }

    [Fact]
    public void ZipfMarkovSource_IsStationaryZipfianAndWindowsItsText()
    {
        ZipfMarkovData data = DataSpec.ZipfMarkov(vocabulary: 20, exponent: 1.0, contextStrength: 0.5, context: 2, sequence: 7, train: 30);
        ZipfMarkovSource source = new(data);
        double[] pi = source.StationaryDistribution.ToArray();

        for (int w = 0; w < 20; w++)
        {
            Assert.Equal(pi[w], Enumerable.Range(0, 20).Sum(u => pi[u] * source.Next(u)[w]), 12);
            Assert.Equal(1.0, source.Next(w).ToArray().Sum(), 12);
        }

        Assert.True(pi[0] > 5 * pi[^1], "token frequencies fall with rank");
        bool[] rare = source.RareTokens();
        Assert.InRange(Enumerable.Range(0, 20).Where(t => rare[t]).Sum(t => pi[t]), 0.05, 0.1);
        Assert.True(rare[19] && !rare[0]);

        int[][] text = source.Sequences(30, seed: 4);
        Assert.Equal([7, 7, 7, 7, 2], text.Select(s => s.Length));
        Dataset windows = ZipfMarkovSource.Windows(text, 20, 2);
        Assert.Equal((30, 40, 20), (windows.Rows, windows.Inputs, windows.Outputs));
        Assert.All(Enumerable.Range(0, 40), j => Assert.Equal(0f, windows.X[j]));   // a sequence's first token has no context
        Assert.Equal(1f, windows.X[(2 * 40) + text[0][0]]);                           // the third token's context: tokens 0 and 1
        Assert.Equal(1f, windows.X[(2 * 40) + 20 + text[0][1]]);
        Assert.Equal(text[0][2], windows.Y[2]);

        // As synthetic data (a trial outside a chain): the same windows of its own text, reproducibly.
        Dataset train = SyntheticData.Train(data, seed: 4);
        Assert.Equal((30, 40, 20, true), (train.Rows, train.Inputs, train.Outputs, train.IsClassification));
        Assert.Equal(train.Y, SyntheticData.Train(data, seed: 4).Y);
        Assert.All(train.Y, y => Assert.InRange(y, 0, 19));
    }

    private static double Trace(double[] a) => a[0] + a[4] + a[8];

    private static double[] Multiply(double[] a, double[] b)
    {
        var c = new double[9];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 3; k++)
                {
                    c[(i * 3) + j] += a[(i * 3) + k] * b[(k * 3) + j];
                }
            }
        }

        return c;
    }

    /// <summary>The principal square root of a 3×3 SPD matrix: Y ← (Y + Z⁻¹)/2, Z ← (Z + Y⁻¹)/2 from Y = A, Z = I.</summary>
    private static double[] DenmanBeavers(double[] a)
    {
        double[] y = (double[])a.Clone(), z = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        for (int i = 0; i < 60; i++)
        {
            double[] yi = Inverse(y), zi = Inverse(z);
            (y, z) = ([.. y.Zip(zi, (p, q) => (p + q) / 2)], [.. z.Zip(yi, (p, q) => (p + q) / 2)]);
        }

        return y;
    }

    private static double[] Inverse(double[] m)
    {
        double det = (m[0] * ((m[4] * m[8]) - (m[5] * m[7]))) - (m[1] * ((m[3] * m[8]) - (m[5] * m[6]))) + (m[2] * ((m[3] * m[7]) - (m[4] * m[6])));
        return
        [
            ((m[4] * m[8]) - (m[5] * m[7])) / det, ((m[2] * m[7]) - (m[1] * m[8])) / det, ((m[1] * m[5]) - (m[2] * m[4])) / det,
            ((m[5] * m[6]) - (m[3] * m[8])) / det, ((m[0] * m[8]) - (m[2] * m[6])) / det, ((m[2] * m[3]) - (m[0] * m[5])) / det,
            ((m[3] * m[7]) - (m[4] * m[6])) / det, ((m[1] * m[6]) - (m[0] * m[7])) / det, ((m[0] * m[4]) - (m[1] * m[3])) / det,
        ];
    }

    /// <summary>Two runs are equal when every seed's every metric is, bit for bit.</summary>
    private sealed class RunComparer : IEqualityComparer<IReadOnlyList<Dictionary<string, Dictionary<string, double>>>>
    {
        public bool Equals(IReadOnlyList<Dictionary<string, Dictionary<string, double>>>? x, IReadOnlyList<Dictionary<string, Dictionary<string, double>>>? y)
            => x!.Count == y!.Count && x.Zip(y).All(p => p.First.Count == p.Second.Count
                && p.First.All(e => p.Second.TryGetValue(e.Key, out var other) && e.Value.Count == other.Count && e.Value.All(m => other[m.Key].Equals(m.Value))));

        public int GetHashCode(IReadOnlyList<Dictionary<string, Dictionary<string, double>>> obj) => obj.Count;
    }
}
