using Sweep.Dsl.Tests.Fakes;

namespace Sweep.Dsl.Tests;

/// <summary>
/// The grid contract generated definitions rely on, through a definition written by hand: visiting order and keys,
/// zip groups, constraints, derived values, typed instances, overrides and seeds, and the errors of each.
/// </summary>
public sealed class TrialGridTests
{
    [Fact]
    public void Grid_VisitsTheFirstAxisSlowestAndSeedsFastest()
    {
        TrialGrid<ShapeStudy> grid = ShapeStudy.Define(width: [1, 2], depth: [10], mode: ["a", "b"]).CreateGrid();

        Trial<ShapeStudy>[] trials = [.. grid];

        Assert.Equal(4, grid.PointCount);
        Assert.Equal(8, grid.CandidateCount);
        Assert.Equal(
            [
                "Width=1;Depth=10;Mode=a;seed=0", "Width=1;Depth=10;Mode=a;seed=1", "Width=1;Depth=10;Mode=b;seed=0", "Width=1;Depth=10;Mode=b;seed=1",
                "Width=2;Depth=10;Mode=a;seed=0", "Width=2;Depth=10;Mode=a;seed=1", "Width=2;Depth=10;Mode=b;seed=0", "Width=2;Depth=10;Mode=b;seed=1",
            ],
            trials.Select(t => t.Key));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), trials.Select(t => t.Index));
        Assert.Equal([0, 1, 0, 1, 0, 1, 0, 1], trials.Select(t => t.Seed));
    }

    [Fact]
    public void Trials_CarryTypedAxesDerivedValuesAndTheirOwnInstance()
    {
        Trial<ShapeStudy>[] trials = [.. ShapeStudy.Define(width: [4], depth: [10], mode: ["a"]).CreateGrid()];

        Trial<ShapeStudy> first = trials[0];
        Assert.Equal([4, 10L, "a"], first.Axes.Select(a => a.Value));
        Assert.Equal(["4", "10", "a"], first.Axes.Select(a => a.Text));
        Assert.Equal([("Parameters", Quantity.Parameters, 40.0), ("Flops", Quantity.Flops, 240.0)], first.Derived.Select(d => (d.Name, d.Quantity, d.Value)));
        Assert.Equal(240.0, first.EstimatedFlops);
        Assert.Equal(4, first.Study.Width);
        Assert.Same(first.Study, first.Instance);
        Assert.NotSame(trials[0].Study, trials[1].Study);
    }

    [Fact]
    public void ZippedAxes_TakeTheirValuesTogether()
    {
        TrialGrid<ShapeStudy> grid = ShapeStudy.Define(zipped: true, mode: ["a"], seeds: [0]).CreateGrid();

        Assert.Equal(3, grid.PointCount);
        Assert.Equal([(1, 10L), (2, 20L), (4, 40L)], grid.Trials.Select(t => (t.Study.Width, t.Study.Depth)));
        Assert.Equal(3, grid.Study.DeclaredGridSize);
    }

    [Fact]
    public void ZippedOverride_OfAnotherLength_IsAGridException()
    {
        StudyDefinition<ShapeStudy> definition = ShapeStudy.Define(zipped: true);

        GridException error = Assert.Throws<GridException>(() => definition.CreateGrid(GridOptions.Default.WithOverride("Width", "1", "2")));

        Assert.Contains("zipped in group 'shape'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AxisWithoutValues_IsAGridException()
    {
        GridException error = Assert.Throws<GridException>(() => ShapeStudy.Define(mode: []).CreateGrid());

        Assert.Equal("axis Mode has no values.", error.Message);
    }

    [Fact]
    public void Constraint_SkipsPointsAndKeepsIndexesConsecutive()
    {
        TrialGrid<ShapeStudy> grid = ShapeStudy.Define(admits: s => s.Width * s.Depth <= 40, mode: ["a"], seeds: [0]).CreateGrid();

        Trial<ShapeStudy>[] trials = [.. grid];

        Assert.Equal(9, grid.CandidateCount);
        Assert.Equal([(1, 10L), (1, 20L), (1, 40L), (2, 10L), (2, 20L), (4, 10L)], trials.Select(t => (t.Study.Width, t.Study.Depth)));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (long)i), trials.Select(t => t.Index));
    }

    [Fact]
    public void KeyParts_EscapeTheCharactersKeysAreMadeOf()
    {
        Trial trial = ShapeStudy.Define(width: [1], depth: [1], mode: ["a=b;c%d"], seeds: [3]).CreateGrid().Single();

        Assert.Equal("Width=1;Depth=1;Mode=a%3Db%3Bc%25d;seed=3", trial.Key);
        Assert.Equal("a=b;c%d", trial.Axes[2].Text);
    }

    [Fact]
    public void Overrides_ReplaceDeclaredValuesByAxisNameIgnoringCase()
    {
        GridOptions options = GridOptions.Default.WithOverride("width", "8", "1_024").WithOverride("MODE", "z").WithSeeds(5);

        Trial<ShapeStudy>[] trials = [.. ShapeStudy.Define(depth: [10]).CreateGrid(options)];

        Assert.Equal([(8, "z", 5), (1024, "z", 5)], trials.Select(t => (t.Study.Width, t.Study.Mode, t.Seed)));
    }

    [Fact]
    public void SeedOverride_WinsOverSeedOptions()
    {
        GridOptions options = GridOptions.Default.WithSeedCount(3).WithOverride(GridOptions.SeedAxis, "7", "9");

        Trial[] trials = [.. ShapeStudy.Define(width: [1], depth: [1], mode: ["a"]).CreateGrid(options)];

        Assert.Equal([7, 9], trials.Select(t => t.Seed));
    }

    [Theory]
    [InlineData("Height", "16", "study 'shape' has no axis 'Height'; its axes are Width, Depth, Mode (and seed).")]
    [InlineData("Width", "wide", "'wide' is not a valid int.")]
    [InlineData("Width", "2,2", "'2' is given twice.")]
    [InlineData("Width", "", "no values given.")]
    [InlineData("seed", "one", "'one' is not a valid int seed.")]
    [InlineData("seed", "1,1", "seeds of study 'shape' repeat: 1, 1.")]
    public void BadOverride_IsAGridExceptionThatSaysWhat_AndNamesTheOverride_WithoutAnyFlag(string axis, string values, string message)
    {
        string[] texts = values.Length == 0 ? [] : values.Split(',');

        GridException error = Assert.Throws<GridException>(() => ShapeStudy.Define().CreateGrid(GridOptions.Default.WithOverride(axis, texts)));

        Assert.Equal((axis, message), (error.Axis, error.Message));
    }

    [Fact]
    public void Definition_RunsTrialsAndDescribesLawsFromTheDefaultInstance()
    {
        StudyDefinition<ShapeStudy> definition = ShapeStudy.Define(width: [2], depth: [10], mode: ["a"]);
        Trial trial = definition.CreateGrid().First();
        ListContext context = new(trial.Seed, trial.Key);

        trial.Run(context);

        Assert.Null(trial.Describe());
        Assert.Equal([(TrialContext.DefaultEvaluation, Metric.TestLoss, 1.0 / 20)], context.Records);
        NamedLaw law = Assert.Single(definition.DescribeLaws());
        Assert.Equal("Width2", Assert.IsType<PowerLawSpec>(law.Law).By);
    }

    [Fact]
    public void Descriptor_DefaultsEvaluationsAndFindsAxesIgnoringCase()
    {
        StudyDescriptor descriptor = ShapeStudy.Define().Descriptor;

        Assert.Equal([TrialContext.DefaultEvaluation], descriptor.Evaluations);
        Assert.Same(descriptor.Axes[1], descriptor.FindAxis("DEPTH"));
        Assert.Null(descriptor.FindAxis("Height"));
        Assert.Equal(36, descriptor.DeclaredGridSize);
        Assert.Null(descriptor.SourceHash);
    }

    [Fact]
    public void Catalog_RegistersOnceAndFindsExactNamesFirst()
    {
        StudyDefinition first = new NamedDefinition("dsl-tests-Catalog");
        StudyDefinition second = new NamedDefinition("dsl-tests-catalog");

        StudyCatalog.Register(first);
        StudyCatalog.Register(first);
        StudyCatalog.Register(second);

        Assert.Single(StudyCatalog.All, s => ReferenceEquals(s, first));
        Assert.Same(first, StudyCatalog.Find("dsl-tests-Catalog"));
        Assert.Same(second, StudyCatalog.Find("dsl-tests-catalog"));
        Assert.Null(StudyCatalog.Find("dsl-tests-none"));
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => StudyCatalog.Find("DSL-TESTS-CATALOG"));
        Assert.Contains("2 studies are named 'DSL-TESTS-CATALOG'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A definition with no axes, registered under a name.</summary>
    private sealed class NamedDefinition(string name) : StudyDefinition<object>(
        new StudyDescriptor(name, "Object", null, [], [0], [], [], [], hasConstraint: false, StudyRunMode.TrialMethod))
    {
        protected override TrialGrid<object> BuildGrid(GridOptions options, IReadOnlyList<int> seeds) => new Grid(this, seeds);

        protected override object CreateDefault() => new();

        private sealed class Grid(NamedDefinition definition, IReadOnlyList<int> seeds) : TrialGrid<object>(definition, seeds)
        {
            protected override object CreateStudy(ReadOnlySpan<int> valueIndexes) => new();
        }
    }
}
