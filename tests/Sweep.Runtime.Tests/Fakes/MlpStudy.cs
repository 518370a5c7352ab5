namespace Sweep.Runtime.Tests.Fakes;

/// <summary>
/// A spec-based study written by hand as the generator would emit it: a tiny MLP trained with Adam, swept over width
/// and learning rate with three seeds, so trials of one width can train as one batch (learning rates and seeds may
/// differ within a batch, widths may not). Evaluated clean and under an FGSM attack. Width 0 makes the spec throw.
/// </summary>
public sealed class MlpStudy
{
    private static readonly int[] s_width = [4, 8];
    private static readonly double[] s_learningRate = [1e-2, 3e-2];

    public static readonly StudyDefinition<MlpStudy> Definition = new MlpDefinition();

    public int Width { get; init; }

    public double LearningRate { get; init; }

    public DataSpec Data => DataSpec.TeacherStudent(inputs: 4, teacherWidth: 8, noise: 0.1, train: 64, test: 64);

    public ModelSpec Model => ModelSpec.Mlp(Width);

    public TrainSpec Train => TrainSpec.Adam(lr: LearningRate, steps: 30, batch: 16);

    public ShiftSpec Clean => ShiftSpec.None;

    public ShiftSpec Attack => ShiftSpec.Fgsm(epsilon: 0.05);

    private sealed class MlpDefinition : StudyDefinition<MlpStudy>
    {
        public MlpDefinition()
            : base(new StudyDescriptor(
                name: "mlp",
                typeName: "Sweep.Runtime.Tests.Fakes.MlpStudy",
                description: null,
                axes:
                [
                    new AxisDescriptor("Width", AxisKind.Int32, "int", ["4", "8"], null),
                    new AxisDescriptor("LearningRate", AxisKind.Double, "double", ["0.01", "0.03"], null),
                ],
                seeds: [0, 1, 2],
                derived: [],
                evaluations: ["Clean", "Attack"],
                laws: [],
                hasConstraint: false,
                runMode: StudyRunMode.Specs))
        {
        }

        protected override TrialGrid<MlpStudy> BuildGrid(GridOptions options, IReadOnlyList<int> seeds)
            => new Grid(this, seeds, Resolve(options, 0, s_width, AxisParsers.Int32), Resolve(options, 1, s_learningRate, AxisParsers.Double));

        protected override MlpStudy CreateDefault() => new();

        protected override TrialSpec? DescribeTrial(MlpStudy study)
            => new(study.Data, study.Model, study.Train, [new NamedEvaluation("Clean", study.Clean), new NamedEvaluation("Attack", study.Attack)]);

        private sealed class Grid : TrialGrid<MlpStudy>
        {
            private readonly int[] _width;
            private readonly double[] _learningRate;

            public Grid(MlpDefinition definition, IReadOnlyList<int> seeds, int[] width, double[] learningRate)
                : base(definition, seeds, GridAxis.Of(definition.Descriptor.Axes[0], width), GridAxis.Of(definition.Descriptor.Axes[1], learningRate))
            {
                _width = width;
                _learningRate = learningRate;
            }

            protected override MlpStudy CreateStudy(ReadOnlySpan<int> valueIndexes)
                => new() { Width = _width[valueIndexes[0]], LearningRate = _learningRate[valueIndexes[1]] };
        }
    }
}
