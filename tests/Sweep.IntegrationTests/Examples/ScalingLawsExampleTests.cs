using ScalingLaws;
using Sweep.Analysis;
using Sweep.IntegrationTests.Infrastructure;
using Sweep.Reporting;
using Sweep.Storage;

namespace Sweep.IntegrationTests.Examples;

/// <summary>
/// The scaling-laws example on a reduced grid (three widths × three data sizes × two seeds, MLPs trained with Adam):
/// test loss falls with model size at every data size and with data at every model size, and the joint law
/// L(N, D) = E + A/N^α + B/D^β fits the grid with both exponents positive.
/// </summary>
public sealed class ScalingLawsExampleTests : IDisposable
{
    private static readonly int[] s_widths = [8, 32, 128];
    private static readonly int[] s_sizes = [4_096, 16_384, 65_536];
    private readonly StudyRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task LossFallsWithParametersAndWithData_AndTheJointLawFits()
    {
        IReadOnlyList<StoredTrial> trials = await _run.RunAsync(
            ScalingLawsStudy.Definition, "--set", "Width=" + string.Join(",", s_widths), "--set", "TrainSize=" + string.Join(",", s_sizes), "--seeds", "2");
        Assert.Equal(s_widths.Length * s_sizes.Length * 2, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Done, t.Status));
        Assert.All(trials, t => Assert.Equal(t.Axis("TrainSize")!.Value.Number, t.Metrics["Clean"][Metric.Tokens]));

        // Every step up in width lowers the mean loss at every data size by at least 5%, and every step up in data at
        // every width (single-pass training: more data is also more steps).
        foreach (int size in s_sizes)
        {
            for (int i = 1; i < s_widths.Length; i++)
            {
                double smaller = MeanLoss(trials, s_widths[i - 1], size), larger = MeanLoss(trials, s_widths[i], size);
                Assert.True(larger < 0.95 * smaller, $"D = {size}: width {s_widths[i - 1]} loss {smaller:F4}, width {s_widths[i]} loss {larger:F4}");
            }
        }

        foreach (int width in s_widths)
        {
            for (int i = 1; i < s_sizes.Length; i++)
            {
                double less = MeanLoss(trials, width, s_sizes[i - 1]), more = MeanLoss(trials, width, s_sizes[i]);
                Assert.True(more < 0.95 * less, $"width {width}: D = {s_sizes[i - 1]} loss {less:F4}, D = {s_sizes[i]} loss {more:F4}");
            }
        }

        LawResults laws = StudyLaws.Fit(
            ScalingLawsStudy.Definition.Descriptor, ScalingLawsStudy.Definition.DescribeLaws(), trials, StudyLaws.ReportSettings(replicas: 0), "scaling-laws");
        LawResult joint = Assert.Single(laws.Fits, f => f.Name == "Joint");
        Assert.True(joint.Report is not null, joint.Error);
        Assert.True(joint.Report.Convergence.Converged, $"{joint.Report.Convergence.StopReason} after {joint.Report.Convergence.Iterations} iterations");
        Assert.Equal(trials.Count, joint.Points);
        double alpha = Parameter(joint, "alpha"), beta = Parameter(joint, "beta"), e = Parameter(joint, "E");
        Assert.InRange(alpha, 0.05, 3);
        Assert.InRange(beta, 0.05, 3);

        // The floor sits below every measured loss and above zero-ish: the label noise alone is 0.1² = 0.01.
        Assert.InRange(e, 0, trials.Min(t => t.Metrics["Clean"][Metric.TestLoss]));
        Assert.Equal(s_sizes.Length, laws.Fits.Count(f => f.Name == "LossVsParameters" && f.Report is not null));
    }

    private static double MeanLoss(IReadOnlyList<StoredTrial> trials, int width, int size)
        => trials.Where(t => t.Axis("Width")!.Value.Number == width && t.Axis("TrainSize")!.Value.Number == size).Average(t => t.Metrics["Clean"][Metric.TestLoss]);

    private static double Parameter(LawResult law, string name) => law.Report!.Parameters.Single(p => p.Name == name).Estimate;
}
