using Sweep.Kernels;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Training;

/// <summary>The built-in synthetic tasks and shifts, generated from the Dsl's data and shift specs.</summary>

public sealed class SyntheticDataTests
{
    private static readonly TeacherStudentData s_regression = DataSpec.TeacherStudent(inputs: 16, teacherWidth: 64, noise: 0.1, train: 4000, test: 4000);

    [Fact]
    public void TeacherStudent_IsDeterministicPerSeed_AndDiffersAcrossSeeds()
    {
        Dataset a = SyntheticData.Train(s_regression, 1), b = SyntheticData.Train(s_regression, 1), c = SyntheticData.Train(s_regression, 2);

        Assert.Equal(a.X, b.X);
        Assert.Equal(a.Y, b.Y);
        Assert.NotEqual(a.X, c.X);
    }

    [Fact]
    public void TeacherStudent_HasStandardInputsAndLabelsOfUnitScale()
    {
        Dataset train = SyntheticData.Train(s_regression, 3);

        double mean = train.X.Average(v => (double)v), variance = train.X.Average(v => (double)v * v) - (mean * mean);
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.95, 1.05);
        Assert.InRange(train.TargetVariance(), 0.3, 3.0);
    }

    [Fact]
    public void TeacherStudent_NoiselessLinearTeacher_IsExactlyLinear()
    {
        DataSpec linear = DataSpec.TeacherStudent(inputs: 5, noise: 0, train: 50, test: 10);
        Dataset train = SyntheticData.Train(linear, 4);

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
        Dataset clean = SyntheticData.Test(s_regression, 5, ShiftSpec.None);
        Dataset wide = SyntheticData.Test(s_regression, 5, ShiftSpec.Covariate(2.0));
        DataSpec noiseless = DataSpec.TeacherStudent(inputs: 16, teacherWidth: 64, noise: 0, train: 4000, test: 4000);
        Dataset cleanExact = SyntheticData.Test(noiseless, 5, ShiftSpec.None);
        Dataset wideExact = SyntheticData.Test(noiseless, 5, ShiftSpec.Covariate(2.0));

        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(2f * clean.X[i], wide.X[i], 1e-5f));
        // A ReLU teacher is positively homogeneous: f(2x) = 2f(x).
        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(2f * cleanExact.Y[i], wideExact.Y[i], 1e-4f));
    }

    [Fact]
    public void InputNoise_PerturbsInputsButKeepsCleanLabels()
    {
        Dataset clean = SyntheticData.Test(s_regression, 6, ShiftSpec.None);
        Dataset noisy = SyntheticData.Test(s_regression, 6, ShiftSpec.InputNoise(0.5));

        Assert.Equal(clean.Y, noisy.Y);
        double variance = clean.X.Select((v, i) => (double)(noisy.X[i] - v)).Average(d => d * d);
        Assert.InRange(variance, 0.25 * 0.95, 0.25 * 1.05);
    }

    [Fact]
    public void LabelNoise_ReplacesTheExpectedFractionOfClassLabels()
    {
        DataSpec config = DataSpec.TeacherStudent(inputs: 8, teacherWidth: 0, noise: 0, train: 10, test: 20_000, classes: 4);
        Dataset clean = SyntheticData.Test(config, 7, ShiftSpec.None);
        Dataset noisy = SyntheticData.Test(config, 7, ShiftSpec.LabelNoise(0.4));

        double changed = clean.Y.Where((v, i) => noisy.Y[i] != v).Count() / (double)clean.Rows;
        Assert.InRange(changed, (0.4 * 0.75) - 0.02, (0.4 * 0.75) + 0.02); // a replacement keeps the label with probability 1/4
        Assert.All(noisy.Y, v => Assert.InRange(v, 0, 3));
    }

    [Fact]
    public void GaussianMixture_PlacesClassMeansAtTheSeparation_WithBalancedClasses()
    {
        DataSpec config = DataSpec.GaussianMixture(inputs: 10, classes: 3, separation: 4.0, train: 30_000, test: 10);
        Dataset train = SyntheticData.Train(config, 8);

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
        Dataset noisy = SyntheticData.Train(DataSpec.TeacherStudent(inputs: 6, teacherWidth: 8, noise: 0.2, train: 20_000, test: 10, classes: 5), 9);
        Dataset clean = SyntheticData.Train(DataSpec.TeacherStudent(inputs: 6, teacherWidth: 8, noise: 0, train: 20_000, test: 10, classes: 5), 9);

        double changed = clean.Y.Where((v, i) => noisy.Y[i] != v).Count() / (double)clean.Rows;
        Assert.InRange(changed, (0.2 * 0.8) - 0.015, (0.2 * 0.8) + 0.015);
        Assert.True(clean.Y.Distinct().Count() >= 3, "the teacher's argmax uses several classes");
    }

    [Fact]
    public void AGivenTestSet_TakesNoiseShifts_WithoutChangingTheSet_AndRefusesACovariateShift()
    {
        Dataset clean = SyntheticData.Test(s_regression, 10, ShiftSpec.None);
        float[] before = (float[])clean.X.Clone();

        Dataset noisy = SyntheticData.Test(clean, 10, ShiftSpec.InputNoise(0.5));

        Assert.Equal(before, clean.X);
        Assert.Equal(SyntheticData.Test(s_regression, 10, ShiftSpec.InputNoise(0.5)).X, noisy.X);
        Assert.Throws<NotSupportedException>(() => SyntheticData.Test(clean, 10, ShiftSpec.Covariate(2)));
    }
}
