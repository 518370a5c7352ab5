namespace Sweep.Runtime.Tests.Fakes;

/// <summary>
/// A [Trial]-method study written by hand exactly as the generator would emit it, so runtime tests need no
/// generator: loss = 1/Width + Offset + seed/100. Widths in <see cref="FailingWidths"/> throw.
/// </summary>
public sealed class ToyStudy
{
    private static readonly int[] s_width = [1, 2, 4];
    private static readonly string[] s_mode = ["a", "b"];

    public static readonly StudyDefinition<ToyStudy> Definition = new ToyDefinition(sourceHash: null);

    /// <summary>Widths whose trials throw (tests set and clear it).</summary>
    public static HashSet<int> FailingWidths { get; } = [];

    /// <summary>How long each trial sleeps, to make runs interruptible.</summary>
    public static int SleepMilliseconds { get; set; }

    private static int s_calls;

    public static int Calls => Volatile.Read(ref s_calls);

    /// <summary>A metric name every trial also records (tests of names that clash with a column), or null.</summary>
    public static string? AlsoRecord { get; set; }

    public static void Reset()
    {
        FailingWidths.Clear();
        SleepMilliseconds = 0;
        AlsoRecord = null;
        Interlocked.Exchange(ref s_calls, 0);
    }

    /// <summary>The same study as if the generator had hashed its source as <paramref name="sourceHash"/> (an edit of its code changes it).</summary>
    public static StudyDefinition<ToyStudy> WithSource(string sourceHash) => new ToyDefinition(sourceHash);

    public int Width { get; init; }

    public string Mode { get; init; } = "a";

    public double Offset => Mode == "a" ? 0 : 10;

    public long Parameters => 10L * Width;

    public void Run(TrialContext context)
    {
        Interlocked.Increment(ref s_calls);
        if (SleepMilliseconds > 0)
        {
            Thread.Sleep(SleepMilliseconds);
        }

        if (FailingWidths.Contains(Width))
        {
            throw new InvalidOperationException($"width {Width} is cursed");
        }

        context.Record(Metric.TestLoss, 1.0 / Width + Offset + context.Seed / 100.0);
        context.Record("shifted", Metric.TestLoss, 2.0 / Width + Offset);
        if (AlsoRecord is string name)
        {
            context.Record(name, 1.0);
        }
    }

    private sealed class ToyDefinition : StudyDefinition<ToyStudy>
    {
        public ToyDefinition(string? sourceHash)
            : base(new StudyDescriptor(
                name: "toy",
                typeName: "Sweep.Runtime.Tests.Fakes.ToyStudy",
                description: "a hand-written study",
                axes:
                [
                    new AxisDescriptor("Width", AxisKind.Int32, "int", ["1", "2", "4"], null),
                    new AxisDescriptor("Mode", AxisKind.String, "string", ["a", "b"], null),
                ],
                seeds: [0, 1],
                derived: [new DerivedDescriptor("Parameters", Quantity.Parameters)],
                evaluations: [],
                laws: [],
                hasConstraint: false,
                runMode: StudyRunMode.TrialMethod) { SourceHash = sourceHash })
        {
        }

        protected override TrialGrid<ToyStudy> BuildGrid(GridOptions options, IReadOnlyList<int> seeds)
            => new Grid(this, seeds, Resolve(options, 0, s_width, AxisParsers.Int32), Resolve(options, 1, s_mode, AxisParsers.String));

        protected override ToyStudy CreateDefault() => new();

        protected override void RunTrial(ToyStudy study, TrialContext context) => study.Run(context);

        private sealed class Grid : TrialGrid<ToyStudy>
        {
            private readonly int[] _width;
            private readonly string[] _mode;

            public Grid(ToyDefinition definition, IReadOnlyList<int> seeds, int[] width, string[] mode)
                : base(definition, seeds, GridAxis.Of(definition.Descriptor.Axes[0], width), GridAxis.Of(definition.Descriptor.Axes[1], mode))
            {
                _width = width;
                _mode = mode;
            }

            protected override ToyStudy CreateStudy(ReadOnlySpan<int> valueIndexes)
                => new() { Width = _width[valueIndexes[0]], Mode = _mode[valueIndexes[1]] };

            protected override void ReadDerived(ToyStudy study, Span<double> values) => values[0] = study.Parameters;
        }
    }
}
