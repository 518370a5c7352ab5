using Sweep.Kernels;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Training;

/// <summary>
/// Calibration metrics (ECE, MCE, Brier, NLL) against hand computations and known limits, and temperature scaling:
/// accuracy bit for bit unchanged, NLL on the fitted split never higher, a known temperature recovered, and the
/// training layer's validation split.
/// </summary>
public sealed class CalibrationTests : IDisposable
{
    private readonly ComputeBackend _cpu = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: 2));

    public void Dispose() => _cpu.Dispose();

    [Fact]
    public void Ece_OfEveryConfidence09_AtAccuracy08_Is01()
    {
        double[] confidence = [.. Enumerable.Repeat(0.9, 100)];
        bool[] correct = [.. Enumerable.Range(0, 100).Select(i => i % 5 != 0)];

        Assert.Equal(0.1, EvaluationMetrics.ExpectedCalibrationError(confidence, correct), 12);
        Assert.Equal(0.1, EvaluationMetrics.MaxCalibrationError(confidence, correct), 12);
    }

    [Fact]
    public void Mce_IsTheLargestBinGap_NotTheWeightedMean()
    {
        // Bin [0.8, 0.867): 0.8 ×4, 2 right → gap 0.3; bin [0.933, 1]: 0.95 ×2, both right → gap 0.05.
        double[] confidence = [0.8, 0.8, 0.8, 0.8, 0.95, 0.95];
        bool[] correct = [true, true, false, false, true, true];

        Assert.Equal(0.3, EvaluationMetrics.MaxCalibrationError(confidence, correct), 12);
    }

    [Fact]
    public void BrierAndNll_MatchAHandComputation()
    {
        // Two rows, three classes: logits (ln 2, 0, 0) → p = (1/2, 1/4, 1/4), label 0; logits (0, 0, 0) → p = 1/3 each, label 2.
        var data = new Dataset(2, 1, 3, isClassification: true, [0f, 0f], [0f, 2f]);
        float[] logits = [(float)Math.Log(2), 0f, 0f, 0f, 0f, 0f];

        Calibration c = EvaluationMetrics.Calibrate(logits, data, temperature: 1.0);
        EvaluationResult r = EvaluationMetrics.Evaluate("t", logits, data, MetricsMode.Probabilistic);

        double brier0 = (0.25 + 0.0625 + 0.0625), brier1 = ((1.0 / 9) + (1.0 / 9) + (4.0 / 9));
        Assert.Equal((brier0 + brier1) / 2, c.Brier, 6);
        Assert.Equal((Math.Log(2) + Math.Log(3)) / 2, c.Nll, 6);
        Assert.Equal(c.Nll, r.Loss, 6);
        Assert.Equal(c.Brier, r.Brier!.Value, 12);
        Assert.Equal(r.CalibrationError!.Value, c.Ece, 6);

        // Row 0 is right at confidence 1/2 (bin 7), row 1 wrong at 1/3 (bin 5): ECE = (0.5 + 1/3)/2, MCE = 0.5.
        Assert.Equal(((1 - 0.5) + (1.0 / 3)) / 2, c.Ece, 6);
        Assert.Equal(0.5, c.Mce, 6);
    }

    [Fact]
    public void CalibratedSampler_HasEceFallingTowardsZero_AtTheSamplingRate()
    {
        // Confidence u ~ U(1/2, 1), right with probability u: perfectly calibrated, so ECE is sampling noise, O(n^−1/2).
        static double Ece(int n, int seed)
        {
            var rng = new Random(seed);
            var confidence = new double[n];
            var correct = new bool[n];
            for (int i = 0; i < n; i++)
            {
                confidence[i] = 0.5 + (0.5 * rng.NextDouble());
                correct[i] = rng.NextDouble() < confidence[i];
            }

            return EvaluationMetrics.ExpectedCalibrationError(confidence, correct);
        }

        double small = Enumerable.Range(0, 10).Average(s => Ece(1_000, s));
        double large = Enumerable.Range(0, 10).Average(s => Ece(100_000, s));

        // 100× the samples: the noise shrinks about 10×; the mean |gap| of 8 bins at n/8 each is about 0.8·√(0.2/(n/8)).
        Assert.InRange(small, 0.01, 0.06);
        Assert.InRange(large, 0.001, 0.006);
        Assert.InRange(small / large, 6, 16);
    }

    [Fact]
    public void TemperatureScaling_RecoversTheTemperatureOfAnOverconfidentModel_AndKeepsAccuracyBitForBit()
    {
        // Labels drawn from softmax(z); the model reports 2.5·z, overconfident by T = 2.5.
        const int rows = 20_000, classes = 4;
        const double truth = 2.5;
        var rng = new Random(11);
        var logits = new float[rows * classes];
        var labels = new float[rows];
        var p = new double[classes];
        for (int i = 0; i < rows; i++)
        {
            double sum = 0;
            for (int k = 0; k < classes; k++)
            {
                double z = 1.2 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                logits[(i * classes) + k] = (float)(truth * z);
                p[k] = Math.Exp(z);
                sum += p[k];
            }

            double u = rng.NextDouble() * sum;
            int label = 0;
            while (label < classes - 1 && (u -= p[label]) > 0)
            {
                label++;
            }

            labels[i] = label;
        }

        var data = new Dataset(rows, 1, classes, isClassification: true, new float[rows], labels);

        double t = EvaluationMetrics.FitTemperature(logits, data);
        EvaluationResult plain = EvaluationMetrics.Evaluate("t", logits, data, MetricsMode.Probabilistic);
        EvaluationResult scaled = EvaluationMetrics.Evaluate("t", logits, data, MetricsMode.Probabilistic, t);

        Assert.Equal(truth, t, 0.1);
        Assert.Equal(plain.Accuracy, scaled.Accuracy);
        Assert.Equal(BitConverter.DoubleToInt64Bits(plain.Accuracy!.Value), BitConverter.DoubleToInt64Bits(scaled.Accuracy!.Value));
        Assert.True(scaled.CalibratedLoss <= plain.Loss, $"NLL {scaled.CalibratedLoss} after, {plain.Loss} before");
        Assert.True(scaled.CalibratedError < plain.CalibrationError / 3, $"ECE {scaled.CalibratedError} after, {plain.CalibrationError} before");
        Assert.Equal(t, scaled.Temperature);
    }

    [Fact]
    public void TemperatureScaling_NeverRaisesTheNllOnItsOwnSplit_EvenForACalibratedModel()
    {
        var rng = new Random(5);
        const int rows = 500, classes = 3;
        var logits = new float[rows * classes];
        var labels = new float[rows];
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)rng.NextDouble();
        }

        for (int i = 0; i < rows; i++)
        {
            labels[i] = rng.Next(classes);
        }

        var data = new Dataset(rows, 1, classes, isClassification: true, new float[rows], labels);

        double t = EvaluationMetrics.FitTemperature(logits, data);

        Assert.True(EvaluationMetrics.NegativeLogLikelihood(logits, data, t) <= EvaluationMetrics.NegativeLogLikelihood(logits, data, 1.0));
        Assert.True(t > 0);
    }

    [Fact]
    public void ValidationSplit_FollowsTheTrainingRows_AndDoesNotChangeThem()
    {
        DataSpec data = DataSpec.GaussianMixture(inputs: 4, classes: 3, train: 100, test: 50);
        DataSpec withValidation = data with { Validation = 40 };

        Dataset train = SyntheticData.Train(data, 3);
        Dataset trainToo = SyntheticData.Train(withValidation, 3);
        Dataset validation = SyntheticData.Validation(withValidation, 3);
        Dataset longer = SyntheticData.Train(DataSpec.GaussianMixture(inputs: 4, classes: 3, train: 140, test: 50), 3);

        Assert.Equal(train.X, trainToo.X);
        Assert.Equal(40, validation.Rows);
        Assert.Equal(longer.X[(100 * 4)..], validation.X);
        Assert.Equal(longer.Y[100..], validation.Y);
        Assert.Throws<ArgumentOutOfRangeException>(() => data with { Validation = 0 });
    }

    [Fact]
    public void Trial_WithAValidationSplit_RecordsItsTemperature_AndScaledDiagrams_AndTheSameAccuracyAndLossAsWithout()
    {
        DataSpec data = DataSpec.GaussianMixture(inputs: 8, classes: 4, separation: 2.5, train: 512, test: 1000);
        NamedEvaluation[] evaluations = [new("clean", ShiftSpec.None), new("noisy", ShiftSpec.InputNoise(0.8))];
        TrialSpec spec = new(data, ModelSpec.Mlp(32), TrainSpec.Adam(lr: 1e-2, steps: 400, batch: 128), evaluations);

        TrialResult plain = TrialTraining.Run(_cpu, new TrainingTrial(spec, 1), TestContext.Current.CancellationToken);
        TrialResult scaled = TrialTraining.Run(_cpu, new TrainingTrial(spec with { Data = data with { Validation = 500 } }, 1), TestContext.Current.CancellationToken);

        for (int e = 0; e < evaluations.Length; e++)
        {
            EvaluationResult a = plain.Evaluations[e], b = scaled.Evaluations[e];
            Assert.Equal(a.Accuracy, b.Accuracy);
            Assert.Equal(a.Loss, b.Loss);
            Assert.Null(a.Temperature);
            Assert.NotNull(b.Temperature);
            Assert.InRange(b.Temperature!.Value, 0.05, 20);
            Assert.NotNull(b.CalibratedError);
            Assert.NotNull(b.CalibratedLoss);
        }

        Assert.Equal(scaled.Evaluations[0].Temperature, scaled.Evaluations[1].Temperature);
        IReadOnlyList<Sweep.Storage.MetricValue> metrics = KernelsEngine.Metrics(scaled);
        Assert.Contains(metrics, m => m.Evaluation == "clean" && m.Name == Metric.Temperature);
        Assert.Contains(metrics, m => m.Evaluation == "noisy" && m.Name == Metric.CalibratedNegativeLogLikelihood);
        Assert.Contains(metrics, m => m.Name == Metric.Brier);
        Assert.DoesNotContain(KernelsEngine.Metrics(plain), m => m.Name == Metric.Temperature);

        // The temperature-scaled diagrams travel with the metrics, one per evaluation, their gap the calibrated ECE.
        IReadOnlyDictionary<string, ReliabilityDiagram> diagrams = TrialMetrics.CalibratedReliabilityOf(metrics);
        Assert.Equal(["clean", "noisy"], diagrams.Keys.Order(StringComparer.Ordinal));
        Assert.All(scaled.Evaluations, e => Assert.Equal(e.CalibratedError!.Value, diagrams[e.Name].ExpectedCalibrationError, 12));
        Assert.Empty(TrialMetrics.CalibratedReliabilityOf(KernelsEngine.Metrics(plain)));
    }

    [Fact]
    public void ValidationSplit_OnARegressionOrLeastSquaresTrial_IsRefused()
    {
        TrialSpec regression = new(DataSpec.TeacherStudent(inputs: 4, train: 64, test: 64) with { Validation = 10 }, ModelSpec.Mlp(8), TrainSpec.Adam(lr: 1e-3, steps: 10, batch: 16), [new("clean", ShiftSpec.None)]);

        Assert.Contains(SpecValidation.Errors(regression), e => e.StartsWith("Data.Validation", StringComparison.Ordinal));
    }
}
