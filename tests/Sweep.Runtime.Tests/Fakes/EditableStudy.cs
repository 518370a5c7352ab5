namespace Sweep.Runtime.Tests.Fakes;

/// <summary>
/// A spec-based study written by hand, whose declaration a test edits between runs through <see cref="Current"/>, as a
/// user edits a study's source: its data noise, model size, training, an evaluation's shift and its derived column.
/// </summary>
public sealed class EditableStudy
{
    private static readonly int[] s_width = [4, 8];

    public static readonly StudyDefinition<EditableStudy> Definition = new EditableDefinition();

    /// <summary>The declaration as the study's source would say it now.</summary>
    public static Declaration Current { get; set; } = new();

    public int Width { get; init; }

    public double Flops => Current.FlopsPerWidth * Width;

    public DataSpec Data => DataSpec.TeacherStudent(inputs: 4, teacherWidth: 8, noise: Current.Noise, train: 64, test: 32);

    public ModelSpec Model => ModelSpec.RandomFeatures(Width * Current.FeaturesPerWidth);

    public TrainSpec Train => Current.LearningRate is double lr ? TrainSpec.Adam(lr, steps: 20, batch: 16) : TrainSpec.LeastSquares(ridge: Current.Ridge);

    public ShiftSpec Wider => ShiftSpec.Covariate(scale: Current.ShiftScale);

    /// <summary>What a test edits.</summary>
    public sealed record Declaration
    {
        public double Noise { get; init; } = 0.1;

        public int FeaturesPerWidth { get; init; } = 2;

        public double Ridge { get; init; } = 1e-3;

        /// <summary>Null trains by least squares; a value trains by Adam at that rate.</summary>
        public double? LearningRate { get; init; }

        public double ShiftScale { get; init; } = 2.0;

        public double FlopsPerWidth { get; init; } = 100;
    }

    private sealed class EditableDefinition : StudyDefinition<EditableStudy>
    {
        public EditableDefinition()
            : base(new StudyDescriptor(
                name: "editable",
                typeName: "Sweep.Runtime.Tests.Fakes.EditableStudy",
                description: null,
                axes: [new AxisDescriptor("Width", AxisKind.Int32, "int", ["4", "8"], null)],
                seeds: [0, 1],
                derived: [new DerivedDescriptor("Flops", Quantity.Flops)],
                evaluations: ["Clean", "Wider"],
                laws: [],
                hasConstraint: false,
                runMode: StudyRunMode.Specs))
        {
        }

        protected override TrialGrid<EditableStudy> BuildGrid(GridOptions options, IReadOnlyList<int> seeds)
            => new Grid(this, seeds, Resolve(options, 0, s_width, AxisParsers.Int32));

        protected override EditableStudy CreateDefault() => new();

        protected override TrialSpec? DescribeTrial(EditableStudy study)
            => new(study.Data, study.Model, study.Train, [new NamedEvaluation("Clean", ShiftSpec.None), new NamedEvaluation("Wider", study.Wider)]);

        private sealed class Grid(EditableDefinition definition, IReadOnlyList<int> seeds, int[] width)
            : TrialGrid<EditableStudy>(definition, seeds, GridAxis.Of(definition.Descriptor.Axes[0], width))
        {
            protected override EditableStudy CreateStudy(ReadOnlySpan<int> valueIndexes) => new() { Width = width[valueIndexes[0]] };

            protected override void ReadDerived(EditableStudy study, Span<double> values) => values[0] = study.Flops;
        }
    }
}
