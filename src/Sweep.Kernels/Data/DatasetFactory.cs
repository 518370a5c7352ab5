namespace Sweep.Kernels;

/// <summary>
/// Generates the built-in synthetic data from Philox, in double precision on the host, row by row from counters:
/// any row can be computed on its own, so large sets are generated in parallel and identically on every machine.
/// Generating on the host (once per trial, O(n·d)) rather than on the device makes the data bit-identical across
/// backends, so backend parity checks compare training, not data; the training loop itself never leaves the device.
/// </summary>
/// <example>
/// <code>
/// var config = new TeacherStudentConfig(Inputs: 32, TeacherWidth: 64, Noise: 0.1, Train: 2_000, Test: 1_000);
/// Dataset train = DatasetFactory.Train(config, seed: 7);
/// Dataset wider = DatasetFactory.Test(config, seed: 7, ShiftConfig.Covariate(2.0));
/// </code>
/// </example>
public static class DatasetFactory
{
    private const ulong FlipOffset = 1UL << 40;
    private const ulong ClassOffset = 1UL << 41;

    /// <summary>The training set.</summary>
    /// <param name="config">The data.</param>
    /// <param name="seed">The trial's seed.</param>
    /// <returns>Train rows.</returns>
    public static Dataset Train(DatasetConfig config, ulong seed)
        => config is ProvidedDataConfig provided ? Checked(provided).TrainSet : Generate(config, seed, config.Train, RandomStreams.TrainInputs, RandomStreams.TrainNoise, 1.0);

    /// <summary>The validation set (empty when the configuration asks for none).</summary>
    /// <param name="config">The data.</param>
    /// <param name="seed">The trial's seed.</param>
    /// <returns>Validation rows.</returns>
    public static Dataset Validation(DatasetConfig config, ulong seed)
        => config is ProvidedDataConfig ? new Dataset(0, config.Inputs, config.Outputs, config.IsClassification, [], []) : Generate(config, seed, config.Validation, RandomStreams.ValidationInputs, RandomStreams.ValidationNoise, 1.0);

    /// <summary>
    /// A test set under a shift. Every shift starts from the same underlying draws, so clean and shifted sets are
    /// paired sample by sample; for <see cref="ShiftKind.Adversarial"/> this is the clean set the attack starts from.
    /// </summary>
    /// <param name="config">The data.</param>
    /// <param name="seed">The trial's seed.</param>
    /// <param name="shift">The shift.</param>
    /// <returns>Test rows.</returns>
    public static Dataset Test(DatasetConfig config, ulong seed, ShiftConfig shift)
    {
        ArgumentNullException.ThrowIfNull(shift);
        double scale = shift.Kind == ShiftKind.Covariate ? shift.Amount : 1.0;
        Dataset test;
        if (config is ProvidedDataConfig provided)
        {
            if (shift.Kind == ShiftKind.Covariate)
            {
                throw new NotSupportedException("a covariate shift redraws inputs, which provided data cannot do.");
            }

            Dataset given = Checked(provided).TestSet;
            test = new Dataset(given.Rows, given.Inputs, given.Outputs, given.IsClassification, (float[])given.X.Clone(), (float[])given.Y.Clone());
        }
        else
        {
            test = Generate(config, seed, config.Test, RandomStreams.TestInputs, RandomStreams.TestNoise, scale);
        }

        switch (shift.Kind)
        {
            case ShiftKind.InputNoise:
                float sigma = (float)shift.Amount;
                Parallel.For(0, test.Rows, i =>
                {
                    for (int j = 0; j < test.Inputs; j++)
                    {
                        ulong index = ((ulong)i * (ulong)test.Inputs) + (ulong)j;
                        test.X[(i * test.Inputs) + j] += sigma * (float)Philox.Normal(seed, RandomStreams.InputNoise, index);
                    }
                });
                break;
            case ShiftKind.LabelNoise:
                float[] original = (float[])test.Y.Clone();
                for (int i = 0; i < test.Rows; i++)
                {
                    if (Philox.Uniform(seed, RandomStreams.LabelNoise, 2 * (ulong)i) >= shift.Amount)
                    {
                        continue;
                    }

                    double u = Philox.Uniform(seed, RandomStreams.LabelNoise, (2 * (ulong)i) + 1);
                    if (test.IsClassification)
                    {
                        test.Y[i] = Math.Min(test.Outputs - 1, (int)(u * test.Outputs));
                    }
                    else
                    {
                        int other = Math.Min(test.Rows - 1, (int)(u * test.Rows));
                        Array.Copy(original, other * test.Targets, test.Y, i * test.Targets, test.Targets);
                    }
                }

                break;
        }

        return test;
    }

    private static ProvidedDataConfig Checked(ProvidedDataConfig provided)
    {
        provided.Validate();
        return provided;
    }

    private static Dataset Generate(DatasetConfig config, ulong seed, int rows, uint inputStream, uint noiseStream, double scale)
    {
        ArgumentNullException.ThrowIfNull(config);
        int d = config.Inputs, outputs = config.Outputs, targets = config.IsClassification ? 1 : outputs;
        var x = new float[(long)rows * d];
        var y = new float[(long)rows * targets];
        switch (config)
        {
            case TeacherStudentConfig ts:
            {
                ts.Validate();
                var teacher = new Teacher(ts);
                Parallel.For(0, rows, () => (new double[d], new double[outputs], new double[Math.Max(1, ts.TeacherWidth)]), (i, _, scratch) =>
                {
                    (double[] xi, double[] fi, double[] hidden) = scratch;
                    for (int j = 0; j < d; j++)
                    {
                        xi[j] = scale * Philox.Normal(seed, inputStream, ((ulong)i * (ulong)d) + (ulong)j);
                        x[((long)i * d) + j] = (float)xi[j];
                    }

                    teacher.Evaluate(xi, fi, hidden);
                    if (!ts.IsClassification)
                    {
                        for (int o = 0; o < outputs; o++)
                        {
                            y[((long)i * outputs) + o] = (float)(fi[o] + (ts.Noise * Philox.Normal(seed, noiseStream, ((ulong)i * (ulong)outputs) + (ulong)o)));
                        }
                    }
                    else
                    {
                        y[i] = Label(fi, ts.Noise, seed, noiseStream, i);
                    }

                    return scratch;
                }, _ => { });
                break;
            }

            case GaussianMixtureConfig gm:
            {
                gm.Validate();
                double[] means = MixtureMeans(gm);
                Parallel.For(0, rows, i =>
                {
                    int c = Math.Min(gm.Classes - 1, (int)(Philox.Uniform(seed, noiseStream, ClassOffset + (ulong)i) * gm.Classes));
                    for (int j = 0; j < d; j++)
                    {
                        double e = Philox.Normal(seed, inputStream, ((ulong)i * (ulong)d) + (ulong)j);
                        x[((long)i * d) + j] = (float)(means[(c * d) + j] + (scale * e));
                    }

                    y[i] = c;
                });
                break;
            }

            default:
                throw new NotSupportedException($"no generator for {config.GetType().Name}.");
        }

        return new Dataset(rows, d, outputs, config.IsClassification, x, y);
    }

    private static float Label(double[] logits, double flip, ulong seed, uint noiseStream, int i)
    {
        int best = 0;
        for (int o = 1; o < logits.Length; o++)
        {
            if (logits[o] > logits[best])
            {
                best = o;
            }
        }

        if (flip > 0 && Philox.Uniform(seed, noiseStream, FlipOffset + (2 * (ulong)i)) < flip)
        {
            best = Math.Min(logits.Length - 1, (int)(Philox.Uniform(seed, noiseStream, FlipOffset + (2 * (ulong)i) + 1) * logits.Length));
        }

        return best;
    }

    /// <summary>The class means: random directions scaled to the separation.</summary>
    internal static double[] MixtureMeans(GaussianMixtureConfig gm)
    {
        int d = gm.Inputs;
        var means = new double[gm.Classes * d];
        for (int c = 0; c < gm.Classes; c++)
        {
            double norm = 0;
            for (int j = 0; j < d; j++)
            {
                double g = Philox.Normal((ulong)gm.MeansSeed, RandomStreams.Means, ((ulong)c * (ulong)d) + (ulong)j);
                means[(c * d) + j] = g;
                norm += g * g;
            }

            norm = Math.Sqrt(norm);
            for (int j = 0; j < d; j++)
            {
                means[(c * d) + j] *= gm.Separation / norm;
            }
        }

        return means;
    }

    /// <summary>The fixed random teacher of a teacher-student task.</summary>
    private sealed class Teacher
    {
        private readonly int _d;
        private readonly int _width;
        private readonly int _outputs;
        private readonly double[] _first;
        private readonly double[] _readout;

        public Teacher(TeacherStudentConfig config)
        {
            _d = config.Inputs;
            _width = config.TeacherWidth;
            _outputs = config.Outputs;
            var seed = (ulong)config.TeacherSeed;
            if (_width == 0)
            {
                _first = [];
                _readout = new double[_outputs * _d];
                Philox.FillNormal(seed, RandomStreams.Teacher, 0, _readout, 1.0 / Math.Sqrt(_d));
            }
            else
            {
                _first = new double[_width * _d];
                Philox.FillNormal(seed, RandomStreams.Teacher, 0, _first, 1.0 / Math.Sqrt(_d));
                _readout = new double[_outputs * _width];
                Philox.FillNormal(seed, RandomStreams.Teacher, (ulong)_first.Length, _readout, Math.Sqrt(2.0 / _width));
            }
        }

        public void Evaluate(double[] x, double[] output, double[] hidden)
        {
            if (_width == 0)
            {
                for (int o = 0; o < _outputs; o++)
                {
                    output[o] = Dot(_readout.AsSpan(o * _d, _d), x);
                }

                return;
            }

            for (int h = 0; h < _width; h++)
            {
                hidden[h] = Math.Max(0, Dot(_first.AsSpan(h * _d, _d), x));
            }

            for (int o = 0; o < _outputs; o++)
            {
                output[o] = Dot(_readout.AsSpan(o * _width, _width), hidden);
            }
        }

        private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double s = 0;
            for (int i = 0; i < a.Length; i++)
            {
                s += a[i] * b[i];
            }

            return s;
        }
    }
}
