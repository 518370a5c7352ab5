using Sweep.Running;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Fakes;

/// <summary>Builds <see cref="TrialRecord"/>s from the toy study's real grid, without running anything.</summary>
public static class Records
{
    public static IReadOnlyList<Trial> ToyTrials() => [.. ToyStudy.Definition.CreateGrid()];

    public static TrialRecord Done(Trial trial, double loss, double wallSeconds = 0.25)
        => TrialRecord.From(
            TrialDescription.Describe(trial), TrialStatus.Done, null, wallSeconds, "cpu", null,
            [new MetricValue("test", Metric.TestLoss, loss), new MetricValue("shifted", Metric.TestLoss, 2 * loss)]);

    public static TrialRecord Failed(Trial trial, string error)
        => TrialRecord.From(TrialDescription.Describe(trial), TrialStatus.Failed, error, 0.5, "cpu", null, []);
}
