namespace Sweep.Dsl.Tests;

/// <summary>
/// The collapse chain's Dsl: chains refuse what cannot run (naming the parameter or property), name their checkpoints
/// gen-t, compare by value; the policies map from axes; the chains' sources, models and fits guard and count like the
/// other specs.
/// </summary>
public sealed class CollapseSpecTests
{
    public static TheoryData<string, Func<object>> Invalid => new()
    {
        { "generations", () => CollapseSpec.Chain(generations: 0) },
        { "checkpoints", () => CollapseSpec.Chain(generations: 10, checkpoints: [0, 11]) },
        { "Checkpoints", () => CollapseSpec.Chain(generations: 10, checkpoints: [-1, 5]) },
        { "Generations", () => CollapseSpec.Chain(generations: 10) with { Generations = 0 } },
        { "Temperature", () => CollapseSpec.Chain(generations: 10) with { Temperature = -0.1 } },
        { "Temperature", () => CollapseSpec.Chain(generations: 10) with { Temperature = double.PositiveInfinity } },
        { "fraction", () => DataPolicy.FreshMix(1.5) },
        { "fraction", () => DataPolicy.FreshMix(double.NaN) },
        { "fraction", () => DataPolicy.Of(DataPolicyKind.FreshMix, -0.1) },
        { "kind", () => DataPolicy.Of((DataPolicyKind)9) },
        { "dims", () => DataSpec.Gaussian(dims: 0) },
        { "sigma", () => DataSpec.Gaussian(sigma: 0) },
        { "correlation", () => DataSpec.Gaussian(dims: 2, correlation: 1) },
        { "vocabulary", () => DataSpec.ZipfMarkov(vocabulary: 1) },
        { "exponent", () => DataSpec.ZipfMarkov(exponent: -1) },
        { "context", () => DataSpec.ZipfMarkov(context: 0) },
        { "sequence", () => DataSpec.ZipfMarkov(sequence: 0) },
        { "train", () => DataSpec.ZipfMarkov(train: 0) },
        { "components", () => ModelSpec.GaussianMixture(0) },
        { "order", () => ModelSpec.NGram(0) },
        { "iterations", () => TrainSpec.Em(iterations: 0) },
        { "smoothing", () => TrainSpec.Counts(-1) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidValue_ThrowsNamingTheParameter(string parameter, Func<object> create)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(create);

        Assert.Equal(parameter, error.ParamName);
        Assert.DoesNotContain("Actual value", error.Message.Split('(')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointListedTwiceOrNone_Throws()
    {
        Assert.Equal("Checkpoints", Assert.Throws<ArgumentException>(() => CollapseSpec.Chain(generations: 5, checkpoints: [1, 1])).ParamName);
        Assert.Equal("Checkpoints", Assert.Throws<ArgumentException>(() => CollapseSpec.Chain(generations: 5, checkpoints: [])).ParamName);
    }

    [Fact]
    public void Chain_DefaultsToReplaceAndEveryGeneration_AndNamesItsCheckpointsInOrder()
    {
        CollapseSpec every = CollapseSpec.Chain(generations: 3);
        CollapseSpec some = CollapseSpec.Chain(generations: 50, DataPolicy.Accumulate, [20, 0, 5]);

        Assert.Equal(DataPolicy.Replace, every.Policy);
        Assert.Equal([0, 1, 2, 3], every.Checkpoints);
        Assert.Equal([0, 5, 20], some.Checkpoints);
        Assert.Equal(["gen-0", "gen-5", "gen-20"], some.Evaluations.Select(e => e.Name));
        Assert.All(some.Evaluations, e => Assert.Same(ShiftSpec.None, e.Shift));
        Assert.Equal(1.0, some.Temperature);
        Assert.False(some.FreshInputs);
    }

    [Theory]
    [InlineData("gen-0", true, 0)]
    [InlineData("gen-120", true, 120)]
    [InlineData("gen-01", false, 0)]
    [InlineData("gen--1", false, 0)]
    [InlineData("Clean", false, 0)]
    [InlineData("gen-", false, 0)]
    public void TryParseEvaluation_ReadsExactlyTheNamesEvaluationNameWrites(string name, bool parses, int generation)
    {
        Assert.Equal(parses, CollapseSpec.TryParseEvaluation(name, out int t));
        Assert.Equal(generation, t);
        if (parses)
        {
            Assert.Equal(name, CollapseSpec.EvaluationName(t));
        }
    }

    [Fact]
    public void Chains_CompareByValue_AndKeepNoCallerList()
    {
        int[] checkpoints = [0, 10];
        CollapseSpec a = CollapseSpec.Chain(10, DataPolicy.FreshMix(0.2), checkpoints);
        CollapseSpec b = CollapseSpec.Chain(10, DataPolicy.FreshMix(0.2), [10, 0]);
        checkpoints[1] = 5;

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal([0, 10], a.Checkpoints);
        Assert.NotEqual(a, a with { Temperature = 0.5 });
        Assert.NotEqual(a, a with { FreshInputs = true });
        Assert.NotEqual(a, CollapseSpec.Chain(10, DataPolicy.FreshMix(0.3), [0, 10]));
        Assert.Contains("Checkpoints = [0, 10]", a.ToString(), StringComparison.Ordinal);
        Assert.Contains("FreshMix(0.2)", a.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DataPolicyKind.Replace, 0.3, DataPolicyKind.Replace, 0)]
    [InlineData(DataPolicyKind.Accumulate, 0.3, DataPolicyKind.Accumulate, 0)]
    [InlineData(DataPolicyKind.AccumulateSubsample, 0.3, DataPolicyKind.AccumulateSubsample, 0)]
    [InlineData(DataPolicyKind.FreshMix, 0.3, DataPolicyKind.FreshMix, 0.3)]
    public void Of_MapsAnAxisToItsPolicy_KeepingTheFractionOfFreshMixOnly(DataPolicyKind kind, double fraction, DataPolicyKind expected, double kept)
    {
        DataPolicy policy = DataPolicy.Of(kind, fraction);

        Assert.Equal((expected, kept), (policy.Kind, policy.FreshFraction));
    }

    [Fact]
    public void ForChain_MakesTheCheckpointsTheEvaluations()
    {
        CollapseSpec chain = CollapseSpec.Chain(generations: 4, checkpoints: [1, 4]);

        TrialSpec spec = TrialSpec.ForChain(DataSpec.Gaussian(train: 10), ModelSpec.Gaussian(), TrainSpec.Moments(), chain);

        Assert.Same(chain, spec.Chain);
        Assert.Equal(["gen-1", "gen-4"], spec.Evaluations.Select(e => e.Name));
        Assert.Null(new TrialSpec(spec.Data, spec.Model, spec.Train, spec.Evaluations).Chain);
        Assert.Throws<ArgumentNullException>(() => TrialSpec.ForChain(spec.Data, spec.Model, spec.Train, null!));
    }

    [Fact]
    public void SourcesModelsAndFits_DescribeThemselvesAndCountTheirParameters()
    {
        ZipfMarkovData text = DataSpec.ZipfMarkov(vocabulary: 10, context: 3);
        GaussianData gaussian = DataSpec.Gaussian(dims: 3, correlation: -0.5);

        Assert.Equal((30, 10, true), (text.Inputs, text.Outputs, text.IsClassification));
        Assert.Equal((3, 3, false), (gaussian.Inputs, gaussian.Outputs, gaussian.IsClassification));
        Assert.Equal(3 + 6, ModelSpec.Gaussian().Parameters(inputs: 3, outputs: 3));
        Assert.Equal((2 * 3 * 4) + 3, ModelSpec.GaussianMixture(4).Parameters(inputs: 3, outputs: 3));
        Assert.Equal(11L * 11 * 9, ModelSpec.NGram(3).Parameters(inputs: 30, outputs: 10));
        Assert.Equal(9, ModelSpec.NGram(1).Parameters(inputs: 30, outputs: 10));
        Assert.Equal(long.MaxValue, ModelSpec.NGram(40).Parameters(inputs: 1, outputs: 1000));
        Assert.Equal(6, ModelSpec.LinearThroughOrigin().Parameters(inputs: 3, outputs: 2));
        Assert.Equal(VarianceEstimator.Unbiased, TrainSpec.Moments(VarianceEstimator.Unbiased).Variance);
        Assert.Equal(VarianceEstimator.MaximumLikelihood, TrainSpec.Moments().Variance);
        Assert.Equal(DataSpec.ZipfMarkov(vocabulary: 10, context: 3), text);
        Assert.NotEqual(DataSpec.ZipfMarkov(vocabulary: 10, context: 3, sourceSeed: 1), text);
    }
}
