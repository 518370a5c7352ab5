using Calibration;
using Sweep.IntegrationTests.Infrastructure;
using Sweep.Storage;

namespace Sweep.IntegrationTests.Examples;

/// <summary>
/// The calibration example on a reduced grid: width buys clean accuracy but hardly any accuracy under noisy inputs,
/// and the calibration error under that shift grows with width while the clean one stays small; temperature scaling
/// on the clean validation split finds the wider networks more overconfident (T grows with width) and leaves the
/// shifted ECE well above the clean one.
/// </summary>
public sealed class CalibrationExampleTests : IDisposable
{
    private static readonly int[] s_widths = [4, 16, 64, 256];
    private readonly StudyRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task ScaleBuysCleanAccuracy_ButUnderNoisyInputsOnlyOverconfidence()
    {
        IReadOnlyList<StoredTrial> trials = await _run.RunAsync(CalibrationStudy.Definition, "--set", "Width=" + string.Join(",", s_widths));
        Assert.Equal(s_widths.Length * 3, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Done, t.Status));

        Dictionary<int, double> cleanAccuracy = Mean(trials, "Clean", Metric.TestAccuracy);
        Dictionary<int, double> noisyAccuracy = Mean(trials, "NoisyInputs", Metric.TestAccuracy);
        Dictionary<int, double> cleanEce = Mean(trials, "Clean", Metric.CalibrationError);
        Dictionary<int, double> noisyEce = Mean(trials, "NoisyInputs", Metric.CalibrationError);
        string curves = $"accuracy clean: {Describe(cleanAccuracy)}\naccuracy noisy: {Describe(noisyAccuracy)}\nECE clean: {Describe(cleanEce)}\nECE noisy: {Describe(noisyEce)}";

        // Width 4 → 64 buys at least 3 points of clean accuracy, and under noise less than half of that.
        double cleanGain = cleanAccuracy[64] - cleanAccuracy[4];
        double noisyGain = noisyAccuracy[64] - noisyAccuracy[4];
        Assert.True(cleanGain >= 0.03, $"clean accuracy gained {cleanGain:F3} from width 4 to 64\n{curves}");
        Assert.True(noisyGain < cleanGain / 2, $"noisy accuracy gained {noisyGain:F3}, clean {cleanGain:F3}\n{curves}");

        // Clean calibration stays good at every width; under noise the ECE is at least 1.5× the clean one, and it
        // grows with width (monotonically over these four, and by at least 1.5× from the smallest to the largest).
        Assert.All(s_widths, w => Assert.True(cleanEce[w] < 0.06, $"clean ECE {cleanEce[w]:F3} at width {w}\n{curves}"));
        Assert.All(s_widths, w => Assert.True(noisyEce[w] > 1.5 * cleanEce[w], $"at width {w} the noisy ECE is not 1.5× the clean one\n{curves}"));
        Assert.True(s_widths.Zip(s_widths.Skip(1)).All(p => noisyEce[p.Second] > noisyEce[p.First]), $"the noisy ECE does not grow with width\n{curves}");
        Assert.True(noisyEce[256] > 1.5 * noisyEce[4], $"the noisy ECE grew less than 1.5×\n{curves}");

        // Temperature scaling (T fitted per trial on the clean validation split): the fitted T grows with width (the
        // wider networks are the more overconfident), the clean test NLL does not get worse by more than noise, and
        // under noisy inputs the scaled model's ECE stays at least 1.5× its clean one at every width (Ovadia et al.
        // 2019: a temperature fitted in distribution does not calibrate under shift), though at width 256 it is lower
        // than the unscaled one.
        Dictionary<int, double> temperature = Mean(trials, "Clean", Metric.Temperature);
        Dictionary<int, double> cleanNll = Mean(trials, "Clean", Metric.NegativeLogLikelihood);
        Dictionary<int, double> cleanScaledNll = Mean(trials, "Clean", Metric.CalibratedNegativeLogLikelihood);
        Dictionary<int, double> cleanScaledEce = Mean(trials, "Clean", Metric.CalibratedError);
        Dictionary<int, double> noisyScaledEce = Mean(trials, "NoisyInputs", Metric.CalibratedError);
        string scaled = $"{curves}\nT: {Describe(temperature)}\nscaled ECE clean: {Describe(cleanScaledEce)}\nscaled ECE noisy: {Describe(noisyScaledEce)}";
        Assert.True(temperature[256] > temperature[4] + 0.1, $"T does not grow with width\n{scaled}");
        Assert.All(s_widths, w => Assert.True(cleanScaledNll[w] <= cleanNll[w] + 0.005, $"temperature scaling raised the clean NLL at width {w}\n{scaled}"));
        Assert.All(s_widths, w => Assert.True(noisyScaledEce[w] > 1.5 * cleanScaledEce[w], $"at width {w} the scaled noisy ECE is not 1.5× the scaled clean one\n{scaled}"));
        Assert.True(noisyScaledEce[256] < noisyEce[256], $"temperature scaling did not lower the noisy ECE at width 256\n{scaled}");
    }

    [Fact]
    public async Task EveryEvaluationStoresItsReliabilityDiagrams_AsTrainedAndScaled_OnceAcrossAResume_AndTheReportDrawsBoth()
    {
        string[] reduced = ["--set", "Width=4,16", "--set", "seed=0"];
        IReadOnlyList<StoredTrial> trials = await _run.RunAsync(CalibrationStudy.Definition, reduced);
        await _run.RunAsync(CalibrationStudy.Definition, reduced);

        Assert.Equal(2, trials.Count);
        string[] evaluations = ["Clean", "NoisyInputs", "Wider"];
        foreach (StoredTrial trial in trials)
        {
            Assert.Equal(evaluations, trial.Reliability.Keys.Order(StringComparer.Ordinal));
            foreach (string evaluation in evaluations)
            {
                Sweep.Training.ReliabilityDiagram diagram = trial.Reliability[evaluation];
                Assert.Equal(4_096, diagram.Count);
                Assert.Equal(trial.Metrics[evaluation][Metric.CalibrationError], diagram.ExpectedCalibrationError, 12);
                Assert.Equal(trial.Metrics[evaluation][Metric.TestAccuracy], diagram.Bins.Where(b => b.Count > 0).Sum(b => b.Count * b.Accuracy) / 4_096, 12);
            }
        }

        string db = Path.Combine(_run.Out, ResultStore.DefaultFileName);
        using (Microsoft.Data.Sqlite.SqliteConnection connection = new($"Data Source={db};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using Microsoft.Data.Sqlite.SqliteCommand count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM reliability";
            Assert.Equal(2L * 3 * 15, (long)count.ExecuteScalar()!);
            count.CommandText = "SELECT COUNT(*) FROM calibrated_reliability";
            Assert.Equal(2L * 3 * 15, (long)count.ExecuteScalar()!);
        }

        foreach (StoredTrial trial in trials)
        {
            Assert.Equal(evaluations, trial.CalibratedReliability.Keys.Order(StringComparer.Ordinal));
            Assert.All(evaluations, e => Assert.Equal(trial.Metrics[e][Metric.CalibratedError], trial.CalibratedReliability[e].ExpectedCalibrationError, 12));
        }

        await _run.CommandAsync(CalibrationStudy.Definition, "report", "calibration", "--out", _run.Out);
        string markdown = File.ReadAllText(Path.Combine(_run.Out, "report-calibration.md"));
        Assert.All(evaluations, e => Assert.Contains($"![calibration-{e}-reliability](calibration-{e}-reliability.png)", markdown, StringComparison.Ordinal));
        Assert.All(evaluations, e => Assert.True(File.Exists(Path.Combine(_run.Out, $"calibration-{e}-reliability.svg")), e));
        Assert.All(evaluations, e => Assert.Contains($"![calibration-{e}-reliability-calibrated](calibration-{e}-reliability-calibrated.png)", markdown, StringComparison.Ordinal));
    }

    private static Dictionary<int, double> Mean(IReadOnlyList<StoredTrial> trials, string evaluation, string metric)
        => trials.GroupBy(t => (int)t.Axis("Width")!.Value.Number!)
            .ToDictionary(g => g.Key, g => g.Average(t => t.Metrics[evaluation][metric]));

    private static string Describe(Dictionary<int, double> curve)
        => string.Join(", ", curve.OrderBy(p => p.Key).Select(p => FormattableString.Invariant($"{p.Key}: {p.Value:G3}")));
}
