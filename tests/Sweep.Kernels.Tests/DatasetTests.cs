namespace Sweep.Kernels.Tests;

public class DatasetTests
{
    private static readonly TeacherStudentConfig s_regression = new(Inputs: 16, TeacherWidth: 64, Noise: 0.1, Train: 4000, Test: 4000);

    [Fact]
    public void TeacherStudent_IsDeterministicPerSeed_AndDiffersAcrossSeeds()
    {
        Dataset a = DatasetFactory.Train(s_regression, 1), b = DatasetFactory.Train(s_regression, 1), c = DatasetFactory.Train(s_regression, 2);

        Assert.Equal(a.X, b.X);
        Assert.Equal(a.Y, b.Y);
        Assert.NotEqual(a.X, c.X);
    }

    [Fact]
    public void TeacherStudent_HasStandardInputsAndLabelsOfUnitScale()
    {
        Dataset train = DatasetFactory.Train(s_regression, 3);

        double mean = train.X.Average(v => (double)v), variance = train.X.Average(v => (double)v * v) - (mean * mean);
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.95, 1.05);
        Assert.InRange(train.TargetVariance(), 0.3, 3.0);
    }

    [Fact]
    public void TeacherStudent_NoiselessLinearTeacher_IsExactlyLinear()
    {
        var linear = DatasetConfig.LinearRegression(inputs: 5, noise: 0, train: 50, test: 10);
        Dataset train = DatasetFactory.Train(linear, 4);

        double[] w = LeastSquares.Solve([.. train.X.Select(v => (double)v)], 50, 5, [.. train.Y.Select(v => (double)v)], 1, 0);
        double residual = 0;
        for (int i = 0; i < 50; i++)
        {
            double f = 0;
            for (int j = 0; j < 5; j++)
            {
                f += w[j] * train.X[(i * 5) + j];
            }

            residual = Math.Max(residual, Math.Abs(f - train.Y[i]));
        }

        Assert.InRange(residual, 0, 1e-5);
    }

    [Fact]
    public void CovariateShift_ScalesInputs_AndRelabelsThemWithTheSameTeacher()
    {
        Dataset clean = DatasetFactory.Test(s_regression, 5, ShiftConfig.None);
        Dataset wide = DatasetFactory.Test(s_regression, 5, ShiftConfig.Covariate(2.0));
        var noiseless = s_regression with { Noise = 0 };
        Dataset cleanExact = DatasetFactory.Test(noiseless, 5, ShiftConfig.None);
        Dataset wideExact = DatasetFactory.Test(noiseless, 5, ShiftConfig.Covariate(2.0));

        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(2f * clean.X[i], wide.X[i], 1e-5f));
        // A ReLU teacher is positively homogeneous: f(2x) = 2f(x).
        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(2f * cleanExact.Y[i], wideExact.Y[i], 1e-4f));
    }

    [Fact]
    public void InputNoise_PerturbsInputsButKeepsCleanLabels()
    {
        Dataset clean = DatasetFactory.Test(s_regression, 6, ShiftConfig.None);
        Dataset noisy = DatasetFactory.Test(s_regression, 6, ShiftConfig.InputNoise(0.5));

        Assert.Equal(clean.Y, noisy.Y);
        double variance = clean.X.Select((v, i) => (double)(noisy.X[i] - v)).Average(d => d * d);
        Assert.InRange(variance, 0.25 * 0.95, 0.25 * 1.05);
    }

    [Fact]
    public void LabelNoise_ReplacesTheExpectedFractionOfClassLabels()
    {
        var config = new TeacherStudentConfig(Inputs: 8, TeacherWidth: 0, Noise: 0, Train: 10, Test: 20_000, Classes: 4);
        Dataset clean = DatasetFactory.Test(config, 7, ShiftConfig.None);
        Dataset noisy = DatasetFactory.Test(config, 7, ShiftConfig.LabelNoise(0.4));

        double changed = clean.Y.Where((v, i) => noisy.Y[i] != v).Count() / (double)clean.Rows;
        Assert.InRange(changed, (0.4 * 0.75) - 0.02, (0.4 * 0.75) + 0.02); // a replacement keeps the label with probability 1/4
        Assert.All(noisy.Y, v => Assert.InRange(v, 0, 3));
    }

    [Fact]
    public void GaussianMixture_PlacesClassMeansAtTheSeparation_WithBalancedClasses()
    {
        var config = new GaussianMixtureConfig(Inputs: 10, Classes: 3, Separation: 4.0, Train: 30_000, Test: 10);
        Dataset train = DatasetFactory.Train(config, 8);

        for (int c = 0; c < 3; c++)
        {
            int[] rows = [.. Enumerable.Range(0, train.Rows).Where(i => train.Y[i] == c)];
            Assert.InRange(rows.Length, 9_000, 11_000);
            double norm = Math.Sqrt(Enumerable.Range(0, 10).Sum(j =>
            {
                double m = rows.Average(i => (double)train.X[(i * 10) + j]);
                return m * m;
            }));
            Assert.InRange(norm, 3.9, 4.1);
        }
    }

    [Fact]
    public void TeacherStudentClassification_LabelsAreTheTeachersArgmax_UpToTheFlipRate()
    {
        var config = new TeacherStudentConfig(Inputs: 6, TeacherWidth: 8, Noise: 0.2, Train: 20_000, Test: 10, Classes: 5);
        Dataset noisy = DatasetFactory.Train(config, 9);
        Dataset clean = DatasetFactory.Train(config with { Noise = 0 }, 9);

        double changed = clean.Y.Where((v, i) => noisy.Y[i] != v).Count() / (double)clean.Rows;
        Assert.InRange(changed, (0.2 * 0.8) - 0.015, (0.2 * 0.8) + 0.015);
        Assert.True(clean.Y.Distinct().Count() >= 3, "the teacher's argmax uses several classes");
    }

    [Fact]
    public void ProvidedData_TrainsOnTheGivenSamples_AndRejectsCovariateShift()
    {
        Dataset train = DatasetFactory.Train(s_regression with { Train = 300 }, 10), test = DatasetFactory.Test(s_regression with { Test = 200 }, 10, ShiftConfig.None);
        var data = new ProvidedDataConfig(train, test);
        var trial = new TrialConfig(data, new LinearConfig(), new LeastSquaresConfig(), [new("clean", ShiftConfig.None), new("noisy", ShiftConfig.InputNoise(1.0))], 1);
        using ComputeBackend cpu = ComputeBackends.Create(BackendKind.Cpu);

        TrialResult result = Trials.Run(cpu, trial, TestContext.Current.CancellationToken);

        Assert.Same(train, DatasetFactory.Train(data, 99));
        Assert.True(result.Evaluations[1].Loss > result.Evaluations[0].Loss, "input noise hurts a linear fit");
        Assert.NotEmpty(Trials.Validate(trial with { Evaluations = [new("wide", ShiftConfig.Covariate(2))] }));
    }
}
