using Sweep.Hosting;
using Sweep.IntegrationTests.Studies;
using Sweep.Storage;

namespace Sweep.IntegrationTests;

/// <summary>Studies compiled by the real generator, registered by its module initializers and run end to end.</summary>
public sealed class GeneratedStudyTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "sweep-it", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public void ModuleInitializers_RegisterEveryStudy()
    {
        string[] names = StudyCatalog.All.Select(s => s.Descriptor.Name).ToArray();
        Assert.Contains("counting", names);
        Assert.Contains("shapes", names);
        Assert.Same(CountingStudy.Definition, StudyCatalog.Find("counting"));
    }

    [Fact]
    public void TypedGrid_FollowsDeclarationOrder_WithGeometricBoolAndSeeds()
    {
        Trial<CountingStudy>[] trials = [.. CountingStudy.Definition.CreateGrid().Trials];

        Assert.Equal(3 * 2 * 2, trials.Length);
        Assert.Equal("Width=2;Wide=false;seed=0", trials[0].Key);
        Assert.Equal("Width=2;Wide=false;seed=1", trials[1].Key);
        Assert.Equal("Width=2;Wide=true;seed=0", trials[2].Key);
        Assert.Equal([2, 8, 32], trials.Select(t => t.Study.Width).Distinct());
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), trials.Select(t => t.Index));
        Assert.Equal(3.0 * 8, trials.First(t => t.Study.Width == 8).Derived.Single(d => d.Quantity == Quantity.Parameters).Value);
    }

    [Fact]
    public void ZippedAxes_MoveTogether_AndTheConstraintFilters()
    {
        TrialGrid<ShapeStudy> grid = ShapeStudy.Definition.CreateGrid();
        Trial<ShapeStudy>[] trials = [.. grid.Trials];

        Assert.Equal(3 * 2 * 2, grid.CandidateCount);
        Assert.All(trials, t => Assert.Equal(t.Study.Features switch { 16 => 128, 64 => 256, _ => 512 }, t.Study.TrainSize));
        Assert.DoesNotContain(trials, t => t.Study.Map == FeatureMap.Fourier && t.Study.Features == 256);
        Assert.Equal(5 * 2, trials.Length);
        Assert.Equal([7, 11], trials.Select(t => t.Seed).Distinct());
    }

    [Fact]
    public void Overrides_ParseTyped_AndRejectBadValues()
    {
        TrialGrid<CountingStudy> grid = CountingStudy.Definition.CreateGrid(GridOptions.Default.WithOverride("width", "4", "1e1").WithOverride("Wide", "yes"));
        Assert.Equal([4, 10], grid.Trials.Select(t => t.Study.Width).Distinct());
        Assert.All(grid.Trials, t => Assert.True(t.Study.Wide));

        GridException error = Assert.Throws<GridException>(() => ShapeStudy.Definition.CreateGrid(GridOptions.Default.WithOverride("Map", "Gaussian")));
        Assert.Contains("Map", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Gaussian'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Relu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StoresEveryTrial_RecordsTheFailure_AndResumes()
    {
        using StringWriter output = new();
        using StringWriter error = new();
        SweepAppOptions options = new() { Output = output, Error = error, Interactive = false, HandleSignals = false };

        int first = await SweepApp.RunAsync(["run", "counting", "--out", _out, "--parallel", "2"], options);

        Assert.Equal(1, first);
        using (ResultStore store = ResultStore.Open(Path.Combine(_out, ResultStore.DefaultFileName)))
        {
            IReadOnlyList<StoredTrial> trials = store.ReadTrials("counting");
            Assert.Equal(12, trials.Count);
            StoredTrial failed = Assert.Single(trials, t => t.Status == TrialStatus.Failed);
            Assert.Equal("Width=32;Wide=true;seed=1", failed.Key);
            Assert.Contains("diverged at width 32", failed.Error, StringComparison.Ordinal);
            foreach (StoredTrial trial in trials.Where(t => t.Status == TrialStatus.Done))
            {
                double expected = CountingStudy.Expected((int)trial.Axis("Width")!.Value.Number!, trial.Axis("Wide")!.Value.Text == "true", trial.Seed);
                Assert.Equal(expected, trial.Metrics["test"][Metric.TestLoss], 12);
            }
        }

        Assert.True(File.Exists(Path.Combine(_out, "report-counting.md")));
        int second = await SweepApp.RunAsync(["run", "counting", "--out", _out], options);
        Assert.Equal(1, second);
        Assert.Contains("0 done, 1 failed, 11 already done", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpecStudy_RunsOnTheEngine_WithBothEvaluations()
    {
        using StringWriter output = new();
        SweepAppOptions options = new() { Output = output, Error = output, Interactive = false, HandleSignals = false };

        int code = await SweepApp.RunAsync(["run", "shapes", "--out", _out, "--no-report"], options);

        Assert.Equal(0, code);
        using ResultStore store = ResultStore.Open(Path.Combine(_out, ResultStore.DefaultFileName));
        IReadOnlyList<StoredTrial> trials = store.ReadTrials("shapes");
        Assert.Equal(10, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Equal(TrialStatus.Done, t.Status);
            Assert.True(t.Metrics["Noisy"][Metric.TestLoss] > t.Metrics["Clean"][Metric.TestLoss], $"input noise should hurt {t.Key}");
        });
    }
}
