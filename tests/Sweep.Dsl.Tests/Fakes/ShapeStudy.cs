namespace Sweep.Dsl.Tests.Fakes;

/// <summary>
/// A study written by hand as the generator would emit it, so grid behaviour can be tested without the generator:
/// Width (int) and Depth (long), zipped or not, Mode (string, values that need escaping in keys), a derived
/// Parameters and Flops, and an optional constraint.
/// </summary>
public sealed class ShapeStudy
{
    public int Width { get; init; }

    public long Depth { get; init; }

    public string Mode { get; init; } = "a";

    public long Parameters => Width * Depth;

    public double Flops => 6.0 * Parameters;

    /// <summary>A definition over the given values.</summary>
    /// <param name="zipped">Whether Width and Depth are zipped in group "shape".</param>
    /// <param name="admits">The constraint, or null for none.</param>
    /// <param name="width">The declared widths.</param>
    /// <param name="depth">The declared depths.</param>
    /// <param name="mode">The declared modes.</param>
    /// <param name="seeds">The default seeds.</param>
    /// <returns>The definition.</returns>
    public static StudyDefinition<ShapeStudy> Define(
        bool zipped = false,
        Func<ShapeStudy, bool>? admits = null,
        int[]? width = null,
        long[]? depth = null,
        string[]? mode = null,
        int[]? seeds = null)
        => new Definition(zipped, admits, width ?? [1, 2, 4], depth ?? [10, 20, 40], mode ?? ["a", "b"], seeds ?? [0, 1]);

    private sealed class Definition : StudyDefinition<ShapeStudy>
    {
        private readonly Func<ShapeStudy, bool>? _admits;
        private readonly int[] _width;
        private readonly long[] _depth;
        private readonly string[] _mode;

        public Definition(bool zipped, Func<ShapeStudy, bool>? admits, int[] width, long[] depth, string[] mode, int[] seeds)
            : base(new StudyDescriptor(
                name: "shape",
                typeName: "Sweep.Dsl.Tests.Fakes.ShapeStudy",
                description: null,
                axes:
                [
                    new AxisDescriptor("Width", AxisKind.Int32, "int", [.. width.Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture))], zipped ? "shape" : null),
                    new AxisDescriptor("Depth", AxisKind.Int64, "long", [.. depth.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))], zipped ? "shape" : null),
                    new AxisDescriptor("Mode", AxisKind.String, "string", mode, null),
                ],
                seeds: seeds,
                derived: [new DerivedDescriptor("Parameters", Quantity.Parameters), new DerivedDescriptor("Flops", Quantity.Flops)],
                evaluations: [],
                laws: ["Loss"],
                hasConstraint: admits is not null,
                runMode: StudyRunMode.TrialMethod))
        {
            _admits = admits;
            _width = width;
            _depth = depth;
            _mode = mode;
        }

        protected override TrialGrid<ShapeStudy> BuildGrid(GridOptions options, IReadOnlyList<int> seeds)
            => new Grid(
                this,
                seeds,
                Resolve(options, 0, _width, AxisParsers.Int32),
                Resolve(options, 1, _depth, AxisParsers.Int64),
                Resolve(options, 2, _mode, AxisParsers.String));

        protected override ShapeStudy CreateDefault() => new() { Width = _width[0], Depth = _depth[0] };

        protected override void RunTrial(ShapeStudy study, TrialContext context)
            => context.Record(Metric.TestLoss, 1.0 / study.Parameters);

        protected override IReadOnlyList<NamedLaw> DescribeLaws(ShapeStudy study)
            => [new NamedLaw("Loss", LawSpec.PowerLaw(x: nameof(Parameters), y: Metric.TestLoss, by: $"{nameof(Width)}{study.Width}"))];

        private sealed class Grid : TrialGrid<ShapeStudy>
        {
            private readonly Definition _definition;
            private readonly int[] _width;
            private readonly long[] _depth;
            private readonly string[] _mode;

            public Grid(Definition definition, IReadOnlyList<int> seeds, int[] width, long[] depth, string[] mode)
                : base(
                    definition,
                    seeds,
                    GridAxis.Of(definition.Descriptor.Axes[0], width),
                    GridAxis.Of(definition.Descriptor.Axes[1], depth),
                    GridAxis.Of(definition.Descriptor.Axes[2], mode))
            {
                _definition = definition;
                _width = width;
                _depth = depth;
                _mode = mode;
            }

            protected override ShapeStudy CreateStudy(ReadOnlySpan<int> valueIndexes)
                => new() { Width = _width[valueIndexes[0]], Depth = _depth[valueIndexes[1]], Mode = _mode[valueIndexes[2]] };

            protected override bool Admits(ShapeStudy study) => _definition._admits?.Invoke(study) ?? true;

            protected override void ReadDerived(ShapeStudy study, Span<double> values)
            {
                values[0] = study.Parameters;
                values[1] = study.Flops;
            }
        }
    }
}
