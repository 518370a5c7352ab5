using Sweep.Running;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Running;

public sealed class SweepPlannerTests
{
    private static readonly Dictionary<string, StoredState> s_nothingStored = [];

    [Fact]
    public void Plan_OfAStudyWithFlopsColumn_CostsEachTrialByItsDerivedFlops_NotTheEngineEstimate()
    {
        SweepPlan plan = SweepPlanner.Plan(FlopsStudy.Definition.CreateGrid(), s_nothingStored, new RunOptions(), _ => 1e99);

        Assert.Equal("FLOPs", plan.CostUnit);
        Assert.All(plan.Trials, t => Assert.Equal(6.0 * (int)t.Trial.Axes[0].Value * 500, t.Cost));
        Assert.Equal(2 * (6.0 * 10 * 500) + 2 * (6.0 * 1000 * 500), plan.PendingCost);
    }

    [Fact]
    public void Plan_OfASpecStudy_CostsEachTrialByTheEngineEstimate()
    {
        using KernelsEngine engine = new(Kernels.BackendKind.Cpu);

        SweepPlan plan = SweepPlanner.Plan(RidgeStudy.Definition.CreateGrid(), s_nothingStored, new RunOptions(), engine.EstimateCost);

        Assert.Equal("FLOPs", plan.CostUnit);
        Assert.All(plan.Trials, t => Assert.Equal(engine.EstimateCost(t.Description.Spec!), t.Cost));
        double small = plan.Trials.First(t => t.Trial.Key.StartsWith("Features=4;TrainSize=64;", StringComparison.Ordinal)).Cost;
        double large = plan.Trials.First(t => t.Trial.Key.StartsWith("Features=64;TrainSize=256;", StringComparison.Ordinal)).Cost;
        Assert.True(large > 10 * small, $"a 16× wider model on 4× the data should cost far more ({large} vs {small})");
    }

    [Fact]
    public void Plan_WithoutAnEstimate_CountsTrials()
    {
        SweepPlan plan = SweepPlanner.Plan(ToyStudy.Definition.CreateGrid(), s_nothingStored, new RunOptions(), estimate: null);

        Assert.Equal("trials", plan.CostUnit);
        Assert.All(plan.Trials, t => Assert.Equal(1.0, t.Cost));
        Assert.Equal(12.0, plan.PendingCost);
    }

    [Fact]
    public void Plan_WhereOneTrialHasNoPositiveEstimate_CountsTrialsForAll()
    {
        SweepPlan plan = SweepPlanner.Plan(
            RidgeStudy.Definition.CreateGrid(), s_nothingStored, new RunOptions(), spec => ((RandomFeaturesModel)spec.Model).Features == 16 ? 0 : 1e6);

        Assert.Equal("trials", plan.CostUnit);
        Assert.All(plan.Trials, t => Assert.Equal(1.0, t.Cost));
    }

    [Fact]
    public void Plan_DropsGridPointsTheConstraintRejects()
    {
        TrialGrid grid = RidgeStudy.Definition.CreateGrid(GridOptions.Default.WithOverride("Features", "4", "16", "64", "512"));

        SweepPlan plan = SweepPlanner.Plan(grid, s_nothingStored, new RunOptions(), estimate: null);

        // Features ≤ 4·TrainSize: 512 features need 128+ samples, so (512, 64) goes and (512, 256) stays.
        Assert.Equal(16, grid.CandidateCount);
        Assert.Equal(14, plan.Trials.Count);
        Assert.DoesNotContain(plan.Trials, t => t.Trial.Key.StartsWith("Features=512;TrainSize=64;", StringComparison.Ordinal));
        Assert.Contains(plan.Trials, t => t.Trial.Key.StartsWith("Features=512;TrainSize=256;", StringComparison.Ordinal));
        Assert.Equal(7, plan.Cells.Count);
        Assert.Equal(Enumerable.Range(0, 14).Select(i => (long)i), plan.Trials.Select(t => t.Trial.Index));
    }

    [Fact]
    public void Plan_SkipsDoneTrials_RerunsFailedOnes_AndHonoursMaxTrials()
    {
        List<Trial> trials = [.. ToyStudy.Definition.CreateGrid()];
        Dictionary<string, StoredState> stored = new()
        {
            [trials[0].Key] = Stored(TrialStatus.Done, trials[0]),
            [trials[1].Key] = Stored(TrialStatus.Failed, trials[1]),
            [trials[2].Key] = Stored(TrialStatus.Done, trials[2]),
        };

        SweepPlan plan = SweepPlanner.Plan(ToyStudy.Definition.CreateGrid(), stored, new RunOptions { MaxTrials = 4 }, estimate: null);

        Assert.Equal((12, 2, 1), (plan.Trials.Count, plan.AlreadyDone, plan.PreviouslyFailed));
        Assert.Equal([trials[1].Key, trials[3].Key, trials[4].Key, trials[5].Key], plan.Pending.Select(p => p.Trial.Key));
        Assert.Equal(PlannedStatus.Failed, plan.Pending[0].Status);
        Assert.Equal([1, 1, 0], plan.Cells.Take(3).Select(c => c.Done));
    }

    [Fact]
    public void Plan_OfAShard_KeepsOnlyItsTrials()
    {
        SweepPlan plan = SweepPlanner.Plan(ToyStudy.Definition.CreateGrid(), s_nothingStored, new RunOptions { Shard = new ShardSpec(1, 3) }, estimate: null);

        Assert.Equal(4, plan.Trials.Count);
        Assert.All(plan.Trials, t => Assert.Equal(1, t.Trial.Index % 3));
    }

    [Fact]
    public void Plan_WhereATrialsSpecCannotBeBuilt_CountsTrials_AndLeavesTheFailureToTheTrial()
    {
        // RandomFeatures(0) throws; the planner must not, so the trial runs and is stored as failed with that message.
        TrialGrid grid = RidgeStudy.Definition.CreateGrid(GridOptions.Default.WithOverride("Features", "0", "4"));
        using KernelsEngine engine = new(Kernels.BackendKind.Cpu);

        SweepPlan plan = SweepPlanner.Plan(grid, s_nothingStored, new RunOptions(), engine.EstimateCost);

        Assert.Equal("trials", plan.CostUnit);
        Assert.Equal(8, plan.Pending.Count);
        Assert.Equal(4, plan.Pending.Count(p => p.Trial.Key.StartsWith("Features=0;", StringComparison.Ordinal)));
    }

    private static StoredState Stored(TrialStatus status, Trial trial)
    {
        TrialDescription description = TrialDescription.Describe(trial);
        return new StoredState(status, description.Identity, description.Json, MarkedStale: false);
    }
}
