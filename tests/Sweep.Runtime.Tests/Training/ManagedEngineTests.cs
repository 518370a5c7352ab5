using Sweep.Runtime.Tests.Fakes;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Training;

public sealed class ManagedEngineTests
{
    private const string Clean = "Clean";

    private static readonly ManagedEngine s_engine = new();

    private static TrialSpec Spec(DataSpec data, ModelSpec model, TrainSpec train, params NamedEvaluation[] evaluations)
        => new(data, model, train, evaluations.Length == 0 ? [new NamedEvaluation(Clean, ShiftSpec.None)] : evaluations);

    private static RecordingContext Run(TrialSpec spec, int seed)
    {
        RecordingContext context = new(seed);
        s_engine.Run(spec, context);
        return context;
    }

    [Fact]
    public void OrdinaryLeastSquares_OnALinearTeacher_HasTheClosedFormTestError()
    {
        // Linear teacher, Gaussian design x ~ N(0, I_d), noise σ, OLS with an intercept (p = d + 1 parameters).
        // Exactly: E[test MSE] = σ²·(1 + 1/n + d·(n+1)/(n·(n−d−2))) (sample mean and scatter of Gaussian rows are
        // independent, and E[S⁻¹] = I/(n−d−2) for the Wishart scatter S). The usual σ²·(1 + p/(n−p−1)) differs
        // from it by 2σ²/(n·(n−d−2)), 0.1% here.
        const int d = 8, n = 40, seeds = 1_000;
        const double sigma = 0.5;
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: d, teacherWidth: 0, noise: sigma, train: n, test: 1_000), ModelSpec.Linear(), TrainSpec.LeastSquares(0));

        double[] losses = [.. Enumerable.Range(0, seeds).Select(seed => Run(spec, seed)[Clean, Metric.TestLoss])];

        double mean = losses.Average();
        double standardError = Math.Sqrt(losses.Sum(l => (l - mean) * (l - mean)) / (seeds - 1) / seeds);
        double exact = sigma * sigma * (1 + 1.0 / n + d * (n + 1.0) / (n * (n - d - 2.0)));
        const int p = d + 1;
        double textbook = sigma * sigma * (1 + p / (n - p - 1.0));
        Assert.True(standardError < 0.01 * exact, $"the check is too loose to mean anything: standard error {standardError}");
        Assert.True(Math.Abs(mean - exact) < 4 * standardError, $"mean test MSE {mean} ± {standardError} vs closed form {exact}");
        Assert.True(Math.Abs(mean - textbook) < 4 * standardError + Math.Abs(textbook - exact), $"mean test MSE {mean} vs σ²(1 + p/(n−p−1)) = {textbook}");

        // Without the intercept's parameter, or with half the noise, the answer would be outside the band.
        double noIntercept = sigma * sigma * (1 + d / (n - d - 1.0));
        Assert.True(Math.Abs(mean - noIntercept) > 4 * standardError, "the tolerance must tell p = d from p = d + 1");
    }

    [Fact]
    public void OrdinaryLeastSquares_TrainLoss_IsBelowTheNoise_ByTheDegreesOfFreedomUsed()
    {
        // E[train MSE] = σ²·(n − p)/n for OLS with p parameters.
        const int d = 8, n = 40, seeds = 400;
        const double sigma = 0.5;
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: d, noise: sigma, train: n, test: 16), ModelSpec.Linear(), TrainSpec.LeastSquares(0));

        double[] losses = [.. Enumerable.Range(0, seeds).Select(seed => Run(spec, seed)[Clean, Metric.TrainLoss])];

        double mean = losses.Average();
        double standardError = Math.Sqrt(losses.Sum(l => (l - mean) * (l - mean)) / (seeds - 1) / seeds);
        double expected = sigma * sigma * (n - (d + 1.0)) / n;
        Assert.True(Math.Abs(mean - expected) < 4 * standardError, $"mean train MSE {mean} ± {standardError} vs {expected}");
    }

    [Fact]
    public void MinimumNormRandomFeatures_WithMoreFeaturesThanSamples_Interpolate()
    {
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: 6, teacherWidth: 16, noise: 0.3, train: 32, test: 64), ModelSpec.RandomFeatures(256), TrainSpec.LeastSquares(0));

        RecordingContext context = Run(spec, seed: 1);

        Assert.True(context[Clean, Metric.TrainLoss] < 1e-12, $"train loss {context[Clean, Metric.TrainLoss]} should be zero up to rounding");
        Assert.True(double.IsFinite(context[Clean, Metric.TestLoss]) && context[Clean, Metric.TestLoss] > 0.01);
    }

    [Fact]
    public void RandomFeatures_BelowTheThreshold_DoNotInterpolateNoisyData()
    {
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: 6, teacherWidth: 16, noise: 0.3, train: 256, test: 64), ModelSpec.RandomFeatures(32), TrainSpec.LeastSquares(0));

        Assert.True(Run(spec, seed: 1)[Clean, Metric.TrainLoss] > 0.01);
    }

    [Theory]
    [InlineData(FeatureMap.Relu)]
    [InlineData(FeatureMap.Fourier)]
    public void LargerRidge_FitsTheTrainingDataLess(FeatureMap map)
    {
        DataSpec data = DataSpec.TeacherStudent(inputs: 6, teacherWidth: 16, noise: 0.3, train: 128, test: 64);

        double previous = -1;
        foreach (double ridge in new[] { 0.0, 1e-4, 1e-2, 1e-1, 1, 10 })
        {
            double trainLoss = Run(Spec(data, ModelSpec.RandomFeatures(96, map), TrainSpec.LeastSquares(ridge)), seed: 2)[Clean, Metric.TrainLoss];
            Assert.True(trainLoss > previous, $"train loss at λ={ridge} is {trainLoss}, not above {previous}");
            previous = trainLoss;
        }
    }

    [Fact]
    public void SameSeed_ReproducesEveryMetricBitForBit_AndAnotherSeedDiffers()
    {
        TrialSpec spec = Spec(
            DataSpec.TeacherStudent(inputs: 8, teacherWidth: 16, noise: 0.1, train: 64, test: 128),
            ModelSpec.RandomFeatures(48),
            TrainSpec.LeastSquares(1e-3),
            new NamedEvaluation(Clean, ShiftSpec.None),
            new NamedEvaluation("Wider", ShiftSpec.Covariate(2.0)),
            new NamedEvaluation("Noisy", ShiftSpec.InputNoise(0.5)));

        RecordingContext first = Run(spec, seed: 3);
        RecordingContext again = Run(spec, seed: 3);
        RecordingContext other = Run(spec, seed: 4);

        Assert.Equal(3 * 5, first.Values.Count);
        Assert.Equal(
            first.Values.OrderBy(p => p.Key).Select(p => (p.Key, BitConverter.DoubleToInt64Bits(p.Value))),
            again.Values.OrderBy(p => p.Key).Select(p => (p.Key, BitConverter.DoubleToInt64Bits(p.Value))));
        Assert.NotEqual(first[Clean, Metric.TestLoss], other[Clean, Metric.TestLoss]);
        Assert.NotEqual(first[Clean, Metric.TrainLoss], other[Clean, Metric.TrainLoss]);
        Assert.NotEqual(first[Clean, Metric.TestLoss], first["Wider", Metric.TestLoss]);
        Assert.NotEqual(first[Clean, Metric.TestLoss], first["Noisy", Metric.TestLoss]);
    }

    [Fact]
    public void Run_RecordsSizeAndCostMetricsPerEvaluation()
    {
        TrialSpec spec = Spec(
            DataSpec.TeacherStudent(inputs: 8, noise: 0.1, train: 64, test: 32),
            ModelSpec.RandomFeatures(24),
            TrainSpec.LeastSquares(1e-3),
            new NamedEvaluation(Clean, ShiftSpec.None),
            new NamedEvaluation("Wider", ShiftSpec.Covariate(2.0)));

        RecordingContext context = Run(spec, seed: 0);

        foreach (string evaluation in new[] { Clean, "Wider" })
        {
            Assert.Equal(24, context[evaluation, Metric.Parameters]);
            Assert.Equal(64, context[evaluation, Metric.Tokens]);
            Assert.Equal(s_engine.EstimateCost(spec), context[evaluation, Metric.Flops]);
            Assert.False(context.Values.ContainsKey((evaluation, Metric.TestAccuracy)), "regression records no accuracy");
        }
    }

    [Fact]
    public void Classification_OnSeparatedClasses_IsAccurate()
    {
        TrialSpec spec = Spec(DataSpec.GaussianMixture(inputs: 4, classes: 3, separation: 4, train: 300, test: 600), ModelSpec.Linear(), TrainSpec.LeastSquares(1e-6));

        RecordingContext context = Run(spec, seed: 0);

        Assert.InRange(context[Clean, Metric.TestAccuracy], 0.85, 1.0);
    }

    [Fact]
    public void EstimateCost_GrowsWithFeaturesAndSamples_AndIsSixNDForGradientTraining()
    {
        DataSpec small = DataSpec.TeacherStudent(inputs: 8, train: 64, test: 64);
        DataSpec large = DataSpec.TeacherStudent(inputs: 8, train: 256, test: 64);

        double a = s_engine.EstimateCost(Spec(small, ModelSpec.RandomFeatures(16), TrainSpec.LeastSquares()));
        double b = s_engine.EstimateCost(Spec(small, ModelSpec.RandomFeatures(64), TrainSpec.LeastSquares()));
        double c = s_engine.EstimateCost(Spec(large, ModelSpec.RandomFeatures(64), TrainSpec.LeastSquares()));
        Assert.True(a > 0 && a < b && b < c, $"{a} < {b} < {c}");

        MlpModel mlp = ModelSpec.Mlp(8);
        double gradient = s_engine.EstimateCost(Spec(small, mlp, TrainSpec.Adam(lr: 1e-3, steps: 100, batch: 32)));
        Assert.Equal(6.0 * mlp.Parameters(8, 1) * 100 * 32, gradient);
    }

    [Fact]
    public void GradientTraining_IsNotSupported_AndTheMessageNamesTheSpec()
    {
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: 4), ModelSpec.Mlp(8), TrainSpec.Adam(lr: 1e-3, steps: 10));

        NotSupportedException error = Assert.Throws<NotSupportedException>(() => Run(spec, 0));

        Assert.Contains(nameof(GradientTrain), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LeastSquaresOfAnMlp_IsNotSupported_AndTheMessageNamesTheModel()
    {
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: 4), ModelSpec.Mlp(8), TrainSpec.LeastSquares());

        NotSupportedException error = Assert.Throws<NotSupportedException>(() => Run(spec, 0));

        Assert.Contains(nameof(MlpModel), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAdversarialEvaluation_IsNotSupported_AndTheMessageNamesTheShift()
    {
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: 4, train: 32, test: 16), ModelSpec.Linear(), TrainSpec.LeastSquares(), new NamedEvaluation("Attack", ShiftSpec.Fgsm(0.1)));

        NotSupportedException error = Assert.Throws<NotSupportedException>(() => Run(spec, 0));

        Assert.Contains(nameof(AdversarialShift), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelNoiseOnRegression_IsNotSupported_AndTheMessageNamesTheData()
    {
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: 4, train: 32, test: 16), ModelSpec.Linear(), TrainSpec.LeastSquares(), new NamedEvaluation("Flipped", ShiftSpec.LabelNoise(0.2)));

        NotSupportedException error = Assert.Throws<NotSupportedException>(() => Run(spec, 0));

        Assert.Contains(nameof(TeacherStudentData), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StopsWhenCancelled()
    {
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: 4, train: 32, test: 16), ModelSpec.Linear(), TrainSpec.LeastSquares());

        Assert.ThrowsAny<OperationCanceledException>(() => s_engine.Run(spec, new RecordingContext(0, cancelled.Token)));
    }
}
