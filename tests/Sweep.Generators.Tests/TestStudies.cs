namespace Sweep.Generators.Tests;

/// <summary>
/// Valid study sources shared by the snapshot, analyzer, incrementality and compile-and-run tests: each one must
/// generate code that compiles and must produce no diagnostic at all.
/// </summary>
internal static class TestStudies
{
    /// <summary>One axis and a trial method.</summary>
    public const string Minimal = """
        using Sweep;

        namespace Demo;

        [Study("minimal")]
        public partial class Minimal
        {
            [Axis, Values(1, 2, 3)] public int Size { get; init; }

            [Trial]
            public void Run(TrialContext context) => context.Record(Metric.TestLoss, 1.0 / Size);
        }
        """;

    /// <summary>The design's example: specs, evaluations, a law, a constraint and derived columns.</summary>
    public const string MlpWidth = """
        using Sweep;

        namespace Demo;

        [Study("mlp-width", Seeds = 3, Description = "Loss against MLP width, for two data sizes.")]
        public partial class MlpWidth
        {
            [Axis, Values(16, 32, 64)]   public int Width { get; init; }
            [Axis, Values(2_000, 8_000)] public int TrainSize { get; init; }

            [Derived(Quantity.Parameters)] public long Parameters => 33L * Width + Width + 1;
            [Derived(Quantity.Flops)]      public double Flops => 6.0 * Parameters * TrainSize;
            [Derived]                      public int Layers => 2;

            public DataSpec Data => DataSpec.TeacherStudent(inputs: 32, teacherWidth: 128, noise: 0.05, train: TrainSize);
            public ModelSpec Model => ModelSpec.Mlp(Width, Width);
            public TrainSpec Train => TrainSpec.Adam(lr: 3e-3, steps: 3_000, batch: 256);

            [Evaluate] public ShiftSpec Clean => ShiftSpec.None;
            [Evaluate] public ShiftSpec Wider => ShiftSpec.Covariate(scale: 2.0);

            [Law] public LawSpec LossVsParams => LawSpec.PowerLaw(x: Metric.Parameters, y: Metric.TestLoss, by: nameof(TrainSize));

            // Every point but the largest.
            [Constraint] public bool WithinBudget() => (long)Width * TrainSize <= 256_000;
        }
        """;

    /// <summary>A trial-method study with ranges: an int geometric range that rounds and collapses, a linear double range, a required axis.</summary>
    public const string Ranges = """
        using System;
        using Sweep;

        namespace Demo.Simulations;

        [Study("noise-sim", Seeds = 2)]
        internal partial class NoiseSimulation
        {
            [Axis, Geometric(1, 8, Steps = 6)]   public required int Width { get; init; }
            [Axis, Linear(0.0, 0.5, Steps = 6)]  public double Noise { get; init; }
            [Axis, Geometric(1e-4, 1e-1, Steps = 4)] public float LearningRate { get; set; }
            [Axis, Linear(-10, 10, Steps = 3)]   public long Offset { get; init; }

            [Trial]
            public void Simulate(TrialContext context)
            {
                Random random = context.CreateRandom();
                context.Record(Metric.TestLoss, Noise + (1.0 / Width) + (random.NextDouble() * 1e-3));
            }
        }
        """;

    /// <summary>Every axis type, a zip group, an explicit seed list, escaped strings and a keyword-named axis.</summary>
    public const string KitchenSink = """
        using Sweep;

        namespace Demo;

        public enum Solver { Direct, Iterative, Stochastic }

        [Study("kitchen-sink"), Seeds(11, 23, 42)]
        public partial class KitchenSink
        {
            [Axis, Values(64, 128, 256), Zip("shape")] public int Width { get; init; }
            [Axis, Values(2L, 3L, 4L), Zip("shape")]    public long Depth { get; init; }
            [Axis]                                      public Solver Solver { get; init; }
            [Axis]                                      public bool Normalize { get; init; }
            [Axis, Values("relu", "gelu", "say \"hi\"; a=b")] public string Activation { get; init; } = "relu";
            [Axis, Values(1e-4, 0.001, 0.1, 1)]         public double LearningRate { get; init; }
            [Axis, Values(0.5f, 1.5f)]                  public float Scale { get; init; }
            [Axis, Values(10_000_000_000L, 20_000_000_000L)] public long Budget { get; init; }
            [Axis, Values(Solver.Stochastic, Solver.Direct)] public Solver Fallback { get; init; }
            [Axis, Values(1, 2)]                        public int @class { get; init; }

            [Trial]
            public void Run(TrialContext context) => context.Record(Metric.TestLoss, Width * Depth);
        }
        """;

    /// <summary>An explicit seed list wins over <c>Seeds = n</c>.</summary>
    public const string ExplicitSeeds = """
        using Sweep;

        namespace Demo;

        [Study("seeded", Seeds = 5), Seeds(7, 3)]
        public partial class Seeded
        {
            [Axis] public bool Flag { get; init; }

            [Trial]
            public void Run(TrialContext context) => context.Record(Metric.TestLoss, context.Seed);
        }
        """;

    /// <summary>A record study nested in a static class and a struct, in a file-scoped namespace.</summary>
    public const string Nested = """
        using Sweep;

        namespace Demo.Nested;

        public static partial class Studies
        {
            internal partial struct Holder
            {
                [Study("nested-record", Description = "A record nested two levels deep.")]
                public partial record Inner
                {
                    [Axis, Values(1.5, 2.5)] public double Scale { get; init; }

                    public DataSpec Data => DataSpec.TeacherStudent(inputs: 4);
                    public ModelSpec Model => ModelSpec.Linear();
                    public TrainSpec Train => TrainSpec.LeastSquares(ridge: Scale);
                }
            }
        }
        """;

    /// <summary>A study in the global namespace with no axes at all.</summary>
    public const string GlobalNamespace = """
        using Sweep;

        [Study("global-study")]
        public partial class GlobalStudy
        {
            public DataSpec Data => DataSpec.GaussianMixture(inputs: 2);
            public ModelSpec Model => ModelSpec.Linear();
            public TrainSpec Train => TrainSpec.Sgd(lr: 0.1, steps: 10);
        }
        """;

    /// <summary>Two studies in one file: two generated files.</summary>
    public const string TwoStudies = """
        using Sweep;

        namespace Demo.Pair;

        [Study("pair-first")]
        public partial class First
        {
            [Axis, Values("a", "b")] public string Letter { get; init; } = "a";

            [Trial] public void Run(TrialContext context) { }
        }

        [Study("pair-second", Seeds = 2)]
        public partial class Second
        {
            [Axis, Linear(0, 1, Steps = 3)] public double Mix { get; init; }

            [Trial] public void Run(TrialContext context) { }
        }
        """;

    /// <summary>A collapse chain: an enum policy axis, a fresh fraction, checkpoints, a temperature and a law on a checkpoint.</summary>
    public const string Chain = """
        using Sweep;

        namespace Demo;

        [Study("gaussian-chain", Seeds = 2)]
        public partial class GaussianChain
        {
            [Axis] public DataPolicyKind Policy { get; init; }
            [Axis, Values(10, 100)] public int SampleSize { get; init; }

            public DataSpec Data => DataSpec.Gaussian(sigma: 1.0, train: SampleSize);
            public ModelSpec Model => ModelSpec.Gaussian();
            public TrainSpec Train => TrainSpec.Moments(VarianceEstimator.Unbiased);
            public CollapseSpec Chain => CollapseSpec.Chain(generations: 20, DataPolicy.Of(Policy, freshFraction: 0.25), checkpoints: [0, 1, 5, 20]) with { Temperature = 1.0 };

            [Law] public LawSpec Variance => LawSpec.PowerLaw(x: nameof(SampleSize), y: Metric.FittedVariance, by: nameof(Policy), evaluation: "gen-20");
        }
        """;

    /// <summary>Every valid source by name, for theories.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [nameof(Minimal)] = Minimal,
        [nameof(MlpWidth)] = MlpWidth,
        [nameof(Ranges)] = Ranges,
        [nameof(KitchenSink)] = KitchenSink,
        [nameof(ExplicitSeeds)] = ExplicitSeeds,
        [nameof(Nested)] = Nested,
        [nameof(GlobalNamespace)] = GlobalNamespace,
        [nameof(TwoStudies)] = TwoStudies,
        [nameof(Chain)] = Chain,
    };

    /// <summary>The names in <see cref="All"/>, as theory data.</summary>
    public static TheoryData<string> Names => [.. All.Keys];
}
