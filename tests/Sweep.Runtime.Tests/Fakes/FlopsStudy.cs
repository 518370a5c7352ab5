namespace Sweep.Runtime.Tests.Fakes;

/// <summary>
/// A spec-based study written as the generator would emit it, with a <see cref="Quantity.Flops"/> derived column:
/// the planner must cost its trials by that column rather than by the engine's estimate.
/// </summary>
public sealed class FlopsStudy
{
    private static readonly int[] s_size = [10, 1000];

    public static readonly StudyDefinition<FlopsStudy> Definition = new FlopsDefinition();

    public int Size { get; init; }

    public double Flops => 6.0 * Size * 500;

    public DataSpec Data => DataSpec.TeacherStudent(inputs: 4, train: 16, test: 16);

    public ModelSpec Model => ModelSpec.Linear();

    public TrainSpec Train => TrainSpec.LeastSquares();

    private sealed class FlopsDefinition : StudyDefinition<FlopsStudy>
    {
        public FlopsDefinition()
            : base(new StudyDescriptor(
                name: "flops",
                typeName: "Sweep.Runtime.Tests.Fakes.FlopsStudy",
                description: null,
                axes: [new AxisDescriptor("Size", AxisKind.Int32, "int", ["10", "1000"], null)],
                seeds: [0, 1],
                derived: [new DerivedDescriptor("Flops", Quantity.Flops)],
                evaluations: [],
                laws: [],
                hasConstraint: false,
                runMode: StudyRunMode.Specs))
        {
        }

        protected override TrialGrid<FlopsStudy> BuildGrid(GridOptions options, IReadOnlyList<int> seeds)
            => new Grid(this, seeds, Resolve(options, 0, s_size, AxisParsers.Int32));

        protected override FlopsStudy CreateDefault() => new();

        protected override TrialSpec? DescribeTrial(FlopsStudy study)
            => new(study.Data, study.Model, study.Train, [new NamedEvaluation(TrialContext.DefaultEvaluation, ShiftSpec.None)]);

        private sealed class Grid : TrialGrid<FlopsStudy>
        {
            private readonly int[] _size;

            public Grid(FlopsDefinition definition, IReadOnlyList<int> seeds, int[] size)
                : base(definition, seeds, GridAxis.Of(definition.Descriptor.Axes[0], size))
            {
                _size = size;
            }

            protected override FlopsStudy CreateStudy(ReadOnlySpan<int> valueIndexes) => new() { Size = _size[valueIndexes[0]] };

            protected override void ReadDerived(FlopsStudy study, Span<double> values) => values[0] = study.Flops;
        }
    }
}
