using Sweep.Generators.Tests.Infrastructure;

namespace Sweep.Generators.Tests;

/// <summary>
/// Compile-and-run: generated definitions, loaded from memory and found through <see cref="StudyCatalog"/> (their
/// module initializers registered them), behave as the Sweep.Dsl contract says: descriptor, grid order and keys,
/// constraints, zip groups, typed overrides, derived columns, specs, laws and trial methods.
/// </summary>
public sealed class GeneratedStudyRuntimeTests
{
    [Fact]
    public void MlpWidth_DescriptorMatchesDeclaration()
    {
        StudyDescriptor descriptor = CompiledStudies.Find(TestStudies.MlpWidth, "mlp-width").Descriptor;

        Assert.Equal("mlp-width", descriptor.Name);
        Assert.Equal("Demo.MlpWidth", descriptor.TypeName);
        Assert.Equal("Loss against MLP width, for two data sizes.", descriptor.Description);
        Assert.Equal(["Width", "TrainSize"], descriptor.Axes.Select(a => a.Name));
        Assert.Equal(["16", "32", "64"], descriptor.Axes[0].Values);
        Assert.All(descriptor.Axes, a => Assert.Equal(AxisKind.Int32, a.Kind));
        Assert.Equal([0, 1, 2], descriptor.Seeds);
        Assert.Equal(
            [("Parameters", Quantity.Parameters), ("Flops", Quantity.Flops), ("Layers", Quantity.None)],
            descriptor.Derived.Select(d => (d.Name, d.Quantity)));
        Assert.Equal(["Clean", "Wider"], descriptor.Evaluations);
        Assert.Equal(["LossVsParams"], descriptor.Laws);
        Assert.True(descriptor.HasConstraint);
        Assert.Equal(StudyRunMode.Specs, descriptor.RunMode);
        Assert.Equal(18, descriptor.DeclaredGridSize);
        Assert.Matches("^[0-9a-f]{32}$", descriptor.SourceHash);
    }

    [Fact]
    public void MlpWidth_GridVisitsFirstAxisSlowestSeedsFastestAndSkipsConstrainedPoints()
    {
        TrialGrid grid = CompiledStudies.Find(TestStudies.MlpWidth, "mlp-width").CreateGrid();

        Trial[] trials = [.. grid];

        Assert.Equal(18, grid.CandidateCount);
        Assert.Equal(15, trials.Length);
        Assert.Equal(
            [
                "Width=16;TrainSize=2000;seed=0", "Width=16;TrainSize=2000;seed=1", "Width=16;TrainSize=2000;seed=2",
                "Width=16;TrainSize=8000;seed=0", "Width=16;TrainSize=8000;seed=1", "Width=16;TrainSize=8000;seed=2",
                "Width=32;TrainSize=2000;seed=0",
            ],
            trials.Take(7).Select(t => t.Key));
        Assert.Equal("Width=64;TrainSize=2000;seed=2", trials[^1].Key);
        Assert.DoesNotContain(trials, t => t.Key.StartsWith("Width=64;TrainSize=8000;", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (long)i), trials.Select(t => t.Index));
    }

    [Fact]
    public void MlpWidth_TrialsCarryTypedAxesDerivedValuesSpecsAndLaws()
    {
        StudyDefinition definition = CompiledStudies.Find(TestStudies.MlpWidth, "mlp-width");
        Trial trial = definition.CreateGrid().First();

        Assert.Equal([16, 2000], trial.Axes.Select(a => Assert.IsType<int>(a.Value)));
        Assert.Equal([("Parameters", 545.0), ("Flops", 6.0 * 545 * 2000), ("Layers", 2.0)], trial.Derived.Select(d => (d.Name, d.Value)));
        Assert.Equal(6.0 * 545 * 2000, trial.EstimatedFlops);

        TrialSpec spec = Assert.IsType<TrialSpec>(trial.Describe());
        Assert.Equal(2000, spec.Data.Train);
        Assert.Equal([16, 16], Assert.IsType<MlpModel>(spec.Model).Hidden);
        Assert.Equal(["Clean", "Wider"], spec.Evaluations.Select(e => e.Name));
        Assert.Equal(2.0, Assert.IsType<CovariateShift>(spec.Evaluations[1].Shift).Scale);
        Assert.Throws<InvalidOperationException>(() => trial.Run(new RecordingContext(0, trial.Key)));

        NamedLaw law = Assert.Single(definition.DescribeLaws());
        Assert.Equal("LossVsParams", law.Name);
        Assert.Equal("TrainSize", Assert.IsType<PowerLawSpec>(law.Law).By);
    }

    [Fact]
    public void Chain_TrialsCarryTheirChainWithTheCheckpointsAsEvaluationsAndThePolicyFromTheAxis()
    {
        StudyDefinition definition = CompiledStudies.Find(TestStudies.Chain, "gaussian-chain");
        Trial[] trials = [.. definition.CreateGrid()];

        Assert.Equal(4 * 2 * 2, trials.Length);
        Assert.Equal(StudyRunMode.Specs, definition.Descriptor.RunMode);
        Trial mix = trials.First(t => DataPolicyKind.FreshMix.Equals(t.Axes[0].Value) && 100.Equals(t.Axes[1].Value));
        TrialSpec spec = Assert.IsType<TrialSpec>(mix.Describe());
        CollapseSpec chain = Assert.IsType<CollapseSpec>(spec.Chain);
        Assert.Equal(20, chain.Generations);
        Assert.Equal(DataPolicy.FreshMix(0.25), chain.Policy);
        Assert.Equal(["gen-0", "gen-1", "gen-5", "gen-20"], spec.Evaluations.Select(e => e.Name));
        Assert.All(spec.Evaluations, e => Assert.IsType<NoShift>(e.Shift));
        Assert.Equal(100, Assert.IsType<GaussianData>(spec.Data).Train);
        Assert.Equal(VarianceEstimator.Unbiased, Assert.IsType<MomentsTrain>(spec.Train).Variance);
        Assert.Equal(DataPolicy.Replace, trials[0].Describe()!.Chain!.Policy);
    }

    [Fact]
    public void Overrides_ParseTypedValuesAndSeeds()
    {
        StudyDefinition definition = CompiledStudies.Find(TestStudies.MlpWidth, "mlp-width");

        Trial[] trials = [.. definition.CreateGrid(GridOptions.Default.WithOverride("width", "8", "1e1").WithOverride("TrainSize", "1_000").WithSeeds(5))];

        Assert.Equal(["Width=8;TrainSize=1000;seed=5", "Width=10;TrainSize=1000;seed=5"], trials.Select(t => t.Key));
        Assert.Equal([8, 10], trials.Select(t => Assert.IsType<int>(t.Axes[0].Value)));
    }

    [Theory]
    [InlineData("Width", "abc", "'abc' is not a valid int.")]
    [InlineData("Width", "1.5", "'1.5' is not a valid int.")]
    [InlineData("TrainSize", "99999999999", "'99999999999' is not a valid int.")]
    [InlineData("Width", "16,16", "'16' is given twice.")]
    public void Overrides_RejectBadValuesNamingAxisAndValue(string axis, string values, string message)
    {
        StudyDefinition definition = CompiledStudies.Find(TestStudies.MlpWidth, "mlp-width");

        GridException error = Assert.Throws<GridException>(() => definition.CreateGrid(GridOptions.Default.WithOverride(axis, values.Split(','))));

        Assert.Equal((axis, message), (error.Axis, error.Message));
    }

    [Fact]
    public void KitchenSink_ZipsAxesAndParsesEveryKind()
    {
        StudyDefinition definition = CompiledStudies.Find(TestStudies.KitchenSink, "kitchen-sink");
        TrialGrid grid = definition.CreateGrid();

        // 3 zipped shapes × 3 solvers × 2 flags × 3 activations × 4 rates × 2 scales × 2 budgets × 2 fallbacks × 2 classes.
        Assert.Equal(3L * 3 * 2 * 3 * 4 * 2 * 2 * 2 * 2, grid.PointCount);
        Assert.Equal([11, 23, 42], grid.Seeds);
        Trial[] trials = [.. grid];
        Assert.Equal(grid.CandidateCount, trials.Length);
        Assert.Equal(
            "Width=64;Depth=2;Solver=Direct;Normalize=false;Activation=relu;LearningRate=0.0001;Scale=0.5;Budget=10000000000;Fallback=Stochastic;class=1;seed=11",
            trials[0].Key);
        Assert.Equal([(64, 2L), (128, 3L), (256, 4L)], trials.Select(t => ((int)t.Axes[0].Value, (long)t.Axes[1].Value)).Distinct().Order());
        Assert.Contains(trials, t => t.Key.Contains("Activation=say \"hi\"%3B a%3Db;", StringComparison.Ordinal));
        Assert.Equal(
            [typeof(int), typeof(long), typeof(string), typeof(bool), typeof(string), typeof(double), typeof(float), typeof(long), typeof(string), typeof(int)],
            trials[0].Axes.Select(a => a.Value.GetType() is { IsEnum: true } ? typeof(string) : a.Value.GetType()));

        Trial[] overridden = [.. definition.CreateGrid(GridOptions.Default
            .WithOverride("Solver", "stochastic")
            .WithOverride("Normalize", "yes")
            .WithOverride("Width", "32").WithOverride("Depth", "6")
            .WithOverride("Activation", "tanh")
            .WithOverride("LearningRate", "3e-4")
            .WithOverride("Scale", "2")
            .WithOverride("Budget", "5_000_000_000")
            .WithOverride("Fallback", "Iterative")
            .WithOverride("class", "7")
            .WithOverride("seed", "1"))];
        Trial only = Assert.Single(overridden);
        Assert.Equal("Width=32;Depth=6;Solver=Stochastic;Normalize=true;Activation=tanh;LearningRate=0.0003;Scale=2;Budget=5000000000;Fallback=Iterative;class=7;seed=1", only.Key);
        Assert.Equal(3e-4, only.Axes[5].Value);
        Assert.Equal(2f, only.Axes[6].Value);
    }

    [Fact]
    public void KitchenSink_RejectsBadEnumAndZipLengths()
    {
        StudyDefinition definition = CompiledStudies.Find(TestStudies.KitchenSink, "kitchen-sink");

        GridException badEnum = Assert.Throws<GridException>(() => definition.CreateGrid(GridOptions.Default.WithOverride("Solver", "Newton")));
        GridException badBool = Assert.Throws<GridException>(() => definition.CreateGrid(GridOptions.Default.WithOverride("Normalize", "maybe")));
        GridException badZip = Assert.Throws<GridException>(() => definition.CreateGrid(GridOptions.Default.WithOverride("Width", "1", "2")));

        Assert.Equal(("Solver", "'Newton' is not a valid Solver (one of Direct, Iterative, Stochastic)."), (badEnum.Axis, badEnum.Message));
        Assert.Equal(("Normalize", "'maybe' is not a valid bool (true or false)."), (badBool.Axis, badBool.Message));
        Assert.Contains("Width and Depth are zipped in group 'shape' but have 2 and 3 values", badZip.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranges_RunTrialMethodWithRoundedGeometricValues()
    {
        StudyDefinition definition = CompiledStudies.Find(TestStudies.Ranges, "noise-sim");

        Assert.Equal(StudyRunMode.TrialMethod, definition.Descriptor.RunMode);
        Assert.Equal(["1", "2", "3", "5", "8"], definition.Descriptor.Axes[0].Values);
        Assert.Equal(["0", "0.1", "0.2", "0.3", "0.4", "0.5"], definition.Descriptor.Axes[1].Values);
        Assert.Equal(["0.0001", "0.001", "0.01", "0.1"], definition.Descriptor.Axes[2].Values);
        Assert.Equal(["-10", "0", "10"], definition.Descriptor.Axes[3].Values);
        Assert.Empty(definition.DescribeLaws());

        Trial trial = definition.CreateGrid(GridOptions.Default.WithOverride("Width", "4").WithOverride("Noise", "0.25").WithSeeds(9)).First();
        RecordingContext context = new(trial.Seed, trial.Key);
        trial.Run(context);

        Assert.Null(trial.Describe());
        (string evaluation, string metric, double value) = Assert.Single(context.Records);
        Assert.Equal((TrialContext.DefaultEvaluation, Metric.TestLoss), (evaluation, metric));
        Assert.InRange(value, 0.25 + 0.25, 0.25 + 0.25 + 1e-3);
    }

    [Fact]
    public void ExplicitSeeds_AreTheDefaultSeeds()
    {
        TrialGrid grid = CompiledStudies.Find(TestStudies.ExplicitSeeds, "seeded").CreateGrid();

        Assert.Equal(["Flag=false;seed=7", "Flag=false;seed=3", "Flag=true;seed=7", "Flag=true;seed=3"], grid.Select(t => t.Key));
    }

    [Fact]
    public void NestedAndGlobalStudies_RegisterAndDescribe()
    {
        StudyDefinition nested = CompiledStudies.Find(TestStudies.Nested, "nested-record");
        StudyDefinition global = CompiledStudies.Find(TestStudies.GlobalNamespace, "global-study");

        Assert.Equal("Demo.Nested.Studies.Holder.Inner", nested.Descriptor.TypeName);
        Assert.Equal(["Scale=1.5;seed=0", "Scale=2.5;seed=0"], nested.CreateGrid().Select(t => t.Key));
        TrialSpec spec = Assert.IsType<TrialSpec>(nested.CreateGrid().First().Describe());
        NamedEvaluation evaluation = Assert.Single(spec.Evaluations);
        Assert.Equal((TrialContext.DefaultEvaluation, ShiftSpec.None), (evaluation.Name, evaluation.Shift));
        Assert.Equal(1.5, Assert.IsType<LeastSquaresTrain>(spec.Train).Ridge);

        Assert.Equal("GlobalStudy", global.Descriptor.TypeName);
        Assert.Equal(["seed=0"], global.CreateGrid().Select(t => t.Key));
    }

    [Fact]
    public void TwoStudiesInOneFile_BothRegister()
    {
        StudyDefinition first = CompiledStudies.Find(TestStudies.TwoStudies, "pair-first");
        StudyDefinition second = CompiledStudies.Find(TestStudies.TwoStudies, "pair-second");

        Assert.Equal(["Letter=a;seed=0", "Letter=b;seed=0"], first.CreateGrid().Select(t => t.Key));
        Assert.Equal(["0", "0.5", "1"], second.Descriptor.Axes[0].Values);
        Assert.Equal(6, second.CreateGrid().Count());
    }

    /// <summary>A trial context that keeps what the trial records.</summary>
    private sealed class RecordingContext(int seed, string key) : TrialContext
    {
        public List<(string Evaluation, string Metric, double Value)> Records { get; } = [];

        public override int Seed => seed;

        public override string Key => key;

        public override CancellationToken CancellationToken => CancellationToken.None;

        public override void Record(string evaluation, string metric, double value) => Records.Add((evaluation, metric, value));
    }
}
