namespace Sweep.Runtime.Tests.Fakes;

/// <summary>
/// A [Trial]-method study with [Law]s, written by hand as the generator would emit it. Its loss follows a known
/// Chinchilla law in N = 10·Width and D = Samples, <c>L = E + A/N^α + B/D^β</c> times a deterministic ±0.5% wobble,
/// so fits can be checked against <see cref="Truth"/>. Two of its laws cannot be fitted: <c>Margin</c> (L − 3 is
/// negative for the larger configurations) and <c>Missing</c> (no column <c>Depth</c>).
/// </summary>
public sealed class LawStudy
{
    /// <summary>(E, A, B, α, β) the losses are generated from.</summary>
    public static readonly double[] Truth = [0.5, 20, 50, 0.5, 0.4];

    private static readonly int[] s_width = [4, 8, 16, 32, 64, 128];
    private static readonly int[] s_samples = [100, 1000, 10000];

    public static readonly StudyDefinition<LawStudy> Definition = new LawDefinition();

    public int Width { get; init; }

    public int Samples { get; init; }

    public long Parameters => 10L * Width;

    public long Tokens => Samples;

    public LawSpec LossVsWidth => LawSpec.PowerLaw(x: nameof(Width), y: Metric.TestLoss, by: nameof(Samples));

    // Kaplan rather than Chinchilla: 400 starts instead of Hoffmann's 4,500 keep the tests that fit every law fast.
    public LawSpec Joint => LawSpec.Kaplan(n: nameof(Parameters), d: nameof(Tokens), loss: Metric.TestLoss);

    public LawSpec Margin => LawSpec.PowerLaw(x: nameof(Width), y: "margin");

    public LawSpec Missing => LawSpec.PowerLaw(x: "Depth", y: Metric.TestLoss);

    /// <summary>The noiseless loss of a configuration.</summary>
    public static double Loss(double n, double d) => Truth[0] + Truth[1] / Math.Pow(n, Truth[3]) + Truth[2] / Math.Pow(d, Truth[4]);

    public void Run(TrialContext context)
    {
        // A wobble that differs by seed and cell but is the same on every run: 0.5% log-noise.
        double u = (Width * 0.6180339887498949 + Samples * 0.7548776662466927 + context.Seed * 0.5698402909980532) % 1.0;
        double loss = Loss(Parameters, Tokens) * Math.Exp(0.01 * (u - 0.5));
        context.Record(Metric.TestLoss, loss);
        context.Record("margin", loss - 3);
    }

    private sealed class LawDefinition : StudyDefinition<LawStudy>
    {
        public LawDefinition()
            : base(new StudyDescriptor(
                name: "laws",
                typeName: "Sweep.Runtime.Tests.Fakes.LawStudy",
                description: "a hand-written study with laws",
                axes:
                [
                    new AxisDescriptor("Width", AxisKind.Int32, "int", ["4", "8", "16", "32", "64", "128"], null),
                    new AxisDescriptor("Samples", AxisKind.Int32, "int", ["100", "1000", "10000"], null),
                ],
                seeds: [0, 1],
                derived: [new DerivedDescriptor("Parameters", Quantity.Parameters), new DerivedDescriptor("Tokens", Quantity.Tokens)],
                evaluations: [],
                laws: ["LossVsWidth", "Joint", "Margin", "Missing"],
                hasConstraint: false,
                runMode: StudyRunMode.TrialMethod))
        {
        }

        protected override TrialGrid<LawStudy> BuildGrid(GridOptions options, IReadOnlyList<int> seeds)
            => new Grid(this, seeds, Resolve(options, 0, s_width, AxisParsers.Int32), Resolve(options, 1, s_samples, AxisParsers.Int32));

        protected override LawStudy CreateDefault() => new();

        protected override void RunTrial(LawStudy study, TrialContext context) => study.Run(context);

        protected override IReadOnlyList<NamedLaw> DescribeLaws(LawStudy study)
            => [new("LossVsWidth", study.LossVsWidth), new("Joint", study.Joint), new("Margin", study.Margin), new("Missing", study.Missing)];

        private sealed class Grid : TrialGrid<LawStudy>
        {
            private readonly int[] _width;
            private readonly int[] _samples;

            public Grid(LawDefinition definition, IReadOnlyList<int> seeds, int[] width, int[] samples)
                : base(definition, seeds, GridAxis.Of(definition.Descriptor.Axes[0], width), GridAxis.Of(definition.Descriptor.Axes[1], samples))
            {
                _width = width;
                _samples = samples;
            }

            protected override LawStudy CreateStudy(ReadOnlySpan<int> valueIndexes)
                => new() { Width = _width[valueIndexes[0]], Samples = _samples[valueIndexes[1]] };

            protected override void ReadDerived(LawStudy study, Span<double> values)
            {
                values[0] = study.Parameters;
                values[1] = study.Tokens;
            }
        }
    }
}
