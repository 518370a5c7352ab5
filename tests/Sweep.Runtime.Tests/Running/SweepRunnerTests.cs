using Sweep.Running;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Running;

[Collection(ToyStudyCollection.Name)]
public sealed class SweepRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public SweepRunnerTests() => ToyStudy.Reset();

    public void Dispose()
    {
        ToyStudy.Reset();
        _folder.Dispose();
    }

    [Fact]
    public async Task Run_StoresEveryTrialOnce_WithMetricsPerEvaluation()
    {
        using ResultStore store = ResultStore.Open(_folder.File("sweep.db"));
        SweepRunner runner = new(store, new ManagedEngine());

        SweepOutcome outcome = await runner.RunAsync(ToyStudy.Definition.CreateGrid(), new RunOptions { Parallelism = 2 }, TestContext.Current.CancellationToken);

        Assert.Equal(12, outcome.GridTrials);
        Assert.Equal(12, outcome.Succeeded);
        IReadOnlyList<StoredTrial> trials = store.ReadTrials("toy");
        Assert.Equal(12, trials.Select(t => t.Key).Distinct().Count());
        StoredTrial first = trials.Single(t => t.Key == "Width=2;Mode=b;seed=1");
        Assert.Equal(0.5 + 10 + 0.01, first.Metrics["test"][Metric.TestLoss], 12);
        Assert.Equal(1.0 + 10, first.Metrics["shifted"][Metric.TestLoss], 12);
        Assert.Equal(20, first.Derived.Single().Value.Number);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ToyStudyCollection
{
    public const string Name = "ToyStudy static state";
}
