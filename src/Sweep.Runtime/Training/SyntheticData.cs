namespace Sweep.Training;

/// <summary>A dataset in double precision: inputs row-major (n × d), targets row-major (n × k), and class labels for classification.</summary>
internal sealed record Dataset(int Count, int Inputs, double[] X, int Outputs, double[] Y, int[]? Labels);

/// <summary>
/// The managed engine's synthetic data: teacher-student regression or classification and Gaussian mixtures, drawn
/// from counter-based streams of the trial's seed (teacher and class means from the spec's own seed, shared by
/// every trial).
/// </summary>
internal static class SyntheticData
{
    private const ulong TeacherStream = 1;
    private const ulong TrainStream = 2;
    private const ulong TestStream = 3;
    private const ulong TestShiftStream = 4;

    public static Dataset Train(DataSpec data, int seed) => Draw(data, seed, TrainStream, data.Train, ShiftSpec.None);

    public static Dataset Test(DataSpec data, int seed, ShiftSpec shift) => Draw(data, seed, TestStream, data.Test, shift);

    private static Dataset Draw(DataSpec data, int seed, ulong stream, int count, ShiftSpec shift)
    {
        double scale = shift is CovariateShift covariate ? covariate.Scale : 1.0;
        Dataset clean = data switch
        {
            TeacherStudentData teacher => TeacherStudent(teacher, seed, stream, count, scale),
            GaussianMixtureData mixture => Mixture(mixture, seed, stream, count, scale),
            _ => throw new NotSupportedException($"the managed engine does not generate {data.GetType().Name}."),
        };
        return ApplyShift(clean, data, seed, shift);
    }

    private static Dataset TeacherStudent(TeacherStudentData spec, int seed, ulong stream, int count, double scale)
    {
        int d = spec.Inputs;
        int k = spec.Outputs;
        SplitMixRandom teacherRandom = new(spec.TeacherSeed, TeacherStream);
        int width = spec.TeacherWidth;
        double[] first = width > 0 ? Gaussians(teacherRandom, width * d, Math.Sqrt(2.0 / d)) : [];
        double[] last = Gaussians(teacherRandom, k * (width > 0 ? width : d), 1.0 / Math.Sqrt(width > 0 ? width : d));

        SplitMixRandom random = new(seed, stream);
        double[] x = Gaussians(random, count * d, scale);
        double[] outputs = new double[count * k];
        double[] hidden = new double[Math.Max(width, 1)];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<double> xi = x.AsSpan(i * d, d);
            ReadOnlySpan<double> features = xi;
            if (width > 0)
            {
                for (int h = 0; h < width; h++)
                {
                    hidden[h] = Math.Max(0.0, Dot(first.AsSpan(h * d, d), xi));
                }

                features = hidden.AsSpan(0, width);
            }

            for (int o = 0; o < k; o++)
            {
                outputs[i * k + o] = Dot(last.AsSpan(o * features.Length, features.Length), features);
            }
        }

        if (!spec.IsClassification)
        {
            for (int i = 0; i < count; i++)
            {
                outputs[i] += spec.Noise * random.NextGaussian();
            }

            return new Dataset(count, d, x, 1, outputs, null);
        }

        int[] labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = random.NextDouble() < spec.Noise ? random.NextInt(k) : ArgMax(outputs.AsSpan(i * k, k));
        }

        return new Dataset(count, d, x, k, OneHot(labels, k), labels);
    }

    private static Dataset Mixture(GaussianMixtureData spec, int seed, ulong stream, int count, double scale)
    {
        int d = spec.Inputs;
        int k = spec.Classes;
        SplitMixRandom meansRandom = new(spec.MeansSeed, TeacherStream);
        double[] means = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            Span<double> mean = means.AsSpan(c * d, d);
            for (int j = 0; j < d; j++)
            {
                mean[j] = meansRandom.NextGaussian();
            }

            double norm = Math.Sqrt(Dot(mean, mean));
            for (int j = 0; j < d; j++)
            {
                mean[j] *= spec.Separation / norm;
            }
        }

        SplitMixRandom random = new(seed, stream);
        double[] x = new double[count * d];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = random.NextInt(k);
            labels[i] = label;
            for (int j = 0; j < d; j++)
            {
                x[i * d + j] = means[label * d + j] + scale * random.NextGaussian();
            }
        }

        return new Dataset(count, d, x, k, OneHot(labels, k), labels);
    }

    private static Dataset ApplyShift(Dataset data, DataSpec spec, int seed, ShiftSpec shift)
    {
        switch (shift)
        {
            case NoShift or CovariateShift:
                return data;
            case InputNoiseShift noise:
            {
                SplitMixRandom random = new(seed, TestShiftStream);
                double[] x = (double[])data.X.Clone();
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] += noise.Sigma * random.NextGaussian();
                }

                return data with { X = x };
            }

            case LabelNoiseShift labelNoise when data.Labels is not null:
            {
                SplitMixRandom random = new(seed, TestShiftStream);
                int[] labels = (int[])data.Labels.Clone();
                for (int i = 0; i < labels.Length; i++)
                {
                    if (random.NextDouble() < labelNoise.Rate)
                    {
                        labels[i] = random.NextInt(data.Outputs);
                    }
                }

                return data with { Labels = labels, Y = OneHot(labels, data.Outputs) };
            }

            case LabelNoiseShift:
                throw new NotSupportedException($"label noise needs a classification task; {spec.GetType().Name} here is regression.");
            default:
                throw new NotSupportedException($"the managed engine does not evaluate under {shift.GetType().Name} yet.");
        }
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    internal static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static double[] Gaussians(SplitMixRandom random, int count, double scale)
    {
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = scale * random.NextGaussian();
        }

        return values;
    }

    private static double[] OneHot(int[] labels, int classes)
    {
        double[] y = new double[labels.Length * classes];
        for (int i = 0; i < labels.Length; i++)
        {
            y[i * classes + labels[i]] = 1.0;
        }

        return y;
    }
}
