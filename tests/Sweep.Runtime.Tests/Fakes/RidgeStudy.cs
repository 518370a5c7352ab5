namespace Sweep.Runtime.Tests.Fakes;

/// <summary>A spec-based study written by hand as the generator would emit it: random-features ridge regression.</summary>
public sealed class RidgeStudy
{
    private static readonly int[] s_features = [4, 16, 64];
    private static readonly int[] s_trainSize = [64, 256];

    public static readonly StudyDefinition<RidgeStudy> Definition = new RidgeDefinition();

    public int Features { get; init; }

    public int TrainSize { get; init; }

    public DataSpec Data => DataSpec.TeacherStudent(inputs: 8, teacherWidth: 16, noise: 0.1, train: TrainSize, test: 256);

    public ModelSpec Model => ModelSpec.RandomFeatures(Features);

    public TrainSpec Train => TrainSpec.LeastSquares(ridge: 1e-4);

    public ShiftSpec Clean => ShiftSpec.None;

    public ShiftSpec Wider => ShiftSpec.Covariate(scale: 2.0);

    public bool WithinBudget() => Features <= 4 * TrainSize;

    private sealed class RidgeDefinition : StudyDefinition<RidgeStudy>
    {
        public RidgeDefinition()
            : base(new StudyDescriptor(
                name: "ridge",
                typeName: "Sweep.Runtime.Tests.Fakes.RidgeStudy",
                description: null,
                axes:
                [
                    new AxisDescriptor("Features", AxisKind.Int32, "int", ["4", "16", "64"], null),
                    new AxisDescriptor("TrainSize", AxisKind.Int32, "int", ["64", "256"], null),
                ],
                seeds: [0, 1],
                derived: [],
                evaluations: ["Clean", "Wider"],
                laws: [],
                hasConstraint: true,
                runMode: StudyRunMode.Specs))
        {
        }

        protected override TrialGrid<RidgeStudy> BuildGrid(GridOptions options, IReadOnlyList<int> seeds)
            => new Grid(this, seeds, Resolve(options, 0, s_features, AxisParsers.Int32), Resolve(options, 1, s_trainSize, AxisParsers.Int32));

        protected override RidgeStudy CreateDefault() => new();

        protected override TrialSpec? DescribeTrial(RidgeStudy study)
            => new(study.Data, study.Model, study.Train, [new NamedEvaluation("Clean", study.Clean), new NamedEvaluation("Wider", study.Wider)]);

        private sealed class Grid : TrialGrid<RidgeStudy>
        {
            private readonly int[] _features;
            private readonly int[] _trainSize;

            public Grid(RidgeDefinition definition, IReadOnlyList<int> seeds, int[] features, int[] trainSize)
                : base(definition, seeds, GridAxis.Of(definition.Descriptor.Axes[0], features), GridAxis.Of(definition.Descriptor.Axes[1], trainSize))
            {
                _features = features;
                _trainSize = trainSize;
            }

            protected override RidgeStudy CreateStudy(ReadOnlySpan<int> valueIndexes)
                => new() { Features = _features[valueIndexes[0]], TrainSize = _trainSize[valueIndexes[1]] };

            protected override bool Admits(RidgeStudy study) => study.WithinBudget();
        }
    }
}
