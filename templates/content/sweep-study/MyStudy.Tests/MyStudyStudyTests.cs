using Sweep;
using Sweep.Hosting;
using Sweep.Storage;

namespace MyStudy.Tests;

/// <summary>The study's grid is the one declared (a snapshot), and one cell runs end to end into a store.</summary>
public sealed class MyStudyStudyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "my-study-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Grid_IsAsDeclared()
        => Snapshot.Match(string.Join('\n', MyStudyStudy.Definition.CreateGrid().Select(t => t.Key)), "txt");

    [Fact]
    public async Task OneCell_RunsEndToEnd_AndStoresEveryEvaluation()
    {
        using StringWriter output = new();
        SweepAppOptions options = new() { Output = output, Error = output, Interactive = false, HandleSignals = false, Studies = [MyStudyStudy.Definition] };

        int code = await SweepApp.RunAsync(
            ["run", "my-study", "--set", "Features=8", "--set", "TrainSize=256", "--seeds", "1", "--out", _folder, "--no-report"], options);

        Assert.True(code == 0, output.ToString());
        using ResultStore store = ResultStore.Open(Path.Combine(_folder, ResultStore.DefaultFileName));
        StoredTrial trial = Assert.Single(store.ReadTrials("my-study"));
        Assert.InRange(trial.Metrics["Clean"][Metric.TestLoss], 1e-6, 10);
        Assert.True(trial.Metrics["Wider"][Metric.TestLoss] > trial.Metrics["Clean"][Metric.TestLoss], "wider inputs are harder to predict");
    }
}
