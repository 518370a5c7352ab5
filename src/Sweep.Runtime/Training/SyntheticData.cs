using Sweep.Kernels;

namespace Sweep.Training;

/// <summary>
/// Generates the built-in synthetic data from Philox, in double precision on the host, row by row from counters:
/// any row can be computed on its own, so large sets are generated in parallel and identically on every machine.
/// Generating on the host (once per trial, O(n·d)) rather than on the device makes the data bit-identical across
/// backends, so backend parity checks compare training, not data; the training loop itself never leaves the device.
/// </summary>
/// <remarks>
/// Teacher-student data: x ~ N(0, I_d); the teacher is linear (teacher width 0: w ~ N(0, I/d)) or a one-hidden-layer
/// ReLU network <c>f(x) = a·relu(Wx)</c> with W ~ N(0, I/d) and a ~ N(0, 2/width), so Var f ≈ 1, drawn from the task's
/// teacher seed and shared by every trial. Regression: y = f(x) + noise·ε. Classification: the label is the argmax of
/// one teacher output per class, replaced by a uniform label with probability noise. Gaussian mixtures: class
/// c ~ U{0…C−1}, x = μ_c + ε, the means at distance <c>separation</c> from the origin in random directions.
/// Shifts: a covariate shift scales the input noise (x ~ N(0, s²I), or μ_c + s·ε) and labels follow the new inputs;
/// input noise adds N(0, σ²) to the clean inputs with the clean labels; label noise replaces each label with
/// probability r (a uniform class, or for regression the target of a random other test sample); an attack's test
/// set is the clean one, which the evaluation attacks.
/// </remarks>
/// <example>
/// <code>
/// DataSpec data = DataSpec.TeacherStudent(inputs: 32, teacherWidth: 64, noise: 0.1, train: 2_000, test: 1_000);
/// Dataset train = SyntheticData.Train(data, seed: 7);
/// Dataset wider = SyntheticData.Test(data, seed: 7, ShiftSpec.Covariate(2.0));
/// </code>
/// </example>
public static class SyntheticData
{
    private const ulong FlipOffset = 1UL << 40;
    private const ulong ClassOffset = 1UL << 41;

    /// <summary>The training set.</summary>
    /// <param name="data">The data.</param>
    /// <param name="seed">The trial's seed.</param>
    /// <returns>Train rows.</returns>
    public static Dataset Train(DataSpec data, ulong seed)
        => Generate(data, seed, data.Train, RandomStreams.TrainInputs, RandomStreams.TrainNoise, 1.0);

    /// <summary>
    /// The validation split of <see cref="DataSpec.Validation"/> rows: rows <c>Train … Train + Validation − 1</c> of the
    /// training stream, so the training set (its first <see cref="DataSpec.Train"/> rows) is unchanged and never
    /// overlaps it.
    /// </summary>
    /// <param name="data">The data; its <see cref="DataSpec.Validation"/> must be set.</param>
    /// <param name="seed">The trial's seed.</param>
    /// <returns>Validation rows.</returns>
    public static Dataset Validation(DataSpec data, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        int rows = data.Validation ?? throw new ArgumentException("the data spec has no validation split.", nameof(data));
        Dataset all = Generate(data, seed, data.Train + rows, RandomStreams.TrainInputs, RandomStreams.TrainNoise, 1.0);
        int targets = all.Targets;
        return new Dataset(rows, all.Inputs, all.Outputs, all.IsClassification, all.X[(data.Train * all.Inputs)..], all.Y[(data.Train * targets)..]);
    }

    /// <summary>
    /// A test set under a shift. Every shift starts from the same underlying draws, so clean and shifted sets are
    /// paired sample by sample; for an <see cref="AdversarialShift"/> this is the clean set the attack starts from.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="seed">The trial's seed.</param>
    /// <param name="shift">The shift.</param>
    /// <returns>Test rows.</returns>
    public static Dataset Test(DataSpec data, ulong seed, ShiftSpec shift)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shift);
        double scale = shift is CovariateShift covariate ? covariate.Scale : 1.0;
        if (shift is SpuriousShift spurious)
        {
            // The same draws as the clean set, the spurious classes at the test-time agreement.
            SpuriousFeature feature = data.Spurious ?? throw new ArgumentException("a spurious shift needs data with a spurious feature (DataSpec.Spurious).", nameof(shift));
            return Generate(data with { Spurious = feature with { Agreement = spurious.Agreement } }, seed, data.Test, RandomStreams.TestInputs, RandomStreams.TestNoise, 1.0);
        }

        return Shift(Generate(data, seed, data.Test, RandomStreams.TestInputs, RandomStreams.TestNoise, scale), seed, shift);
    }

    /// <summary>
    /// A given clean test set under a shift that does not redraw inputs: input noise, label noise, or none (an attack's
    /// set is the clean one). The set itself is not changed; a covariate shift is refused.
    /// </summary>
    /// <param name="clean">The clean test set.</param>
    /// <param name="seed">The trial's seed (the noise's).</param>
    /// <param name="shift">The shift.</param>
    /// <returns>A shifted copy.</returns>
    /// <exception cref="NotSupportedException">A covariate shift, which redraws inputs a given set does not have.</exception>
    public static Dataset Test(Dataset clean, ulong seed, ShiftSpec shift)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(shift);
        if (shift is CovariateShift or SpuriousShift)
        {
            throw new NotSupportedException("a covariate or spurious shift redraws inputs, which a given test set cannot do.");
        }

        return Shift(new Dataset(clean.Rows, clean.Inputs, clean.Outputs, clean.IsClassification, (float[])clean.X.Clone(), (float[])clean.Y.Clone()), seed, shift);
    }

    /// <summary>Adds a shift's noise to a freshly made test set, in place.</summary>
    private static Dataset Shift(Dataset test, ulong seed, ShiftSpec shift)
    {
        switch (shift)
        {
            case InputNoiseShift noise:
                float sigma = (float)noise.Sigma;
                Parallel.For(0, test.Rows, i =>
                {
                    for (int j = 0; j < test.Inputs; j++)
                    {
                        ulong index = ((ulong)i * (ulong)test.Inputs) + (ulong)j;
                        test.X[(i * test.Inputs) + j] += sigma * (float)Philox.Normal(seed, RandomStreams.InputNoise, index);
                    }
                });
                break;
            case LabelNoiseShift labels:
                float[] original = (float[])test.Y.Clone();
                for (int i = 0; i < test.Rows; i++)
                {
                    if (Philox.Uniform(seed, RandomStreams.LabelNoise, 2 * (ulong)i) >= labels.Rate)
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
            case LabelShift labelShift:
                return ResampleByClass(test, seed, labelShift.Priors);
            case CorruptionShift corruption:
                Corrupt(test, seed, corruption);
                break;
        }

        return test;
    }

    /// <summary>
    /// A label-shifted copy of a test set: row i draws its class c from <paramref name="priors"/> and then a uniformly
    /// random row of class c from <paramref name="clean"/>; inputs given a class are unchanged.
    /// </summary>
    private static Dataset ResampleByClass(Dataset clean, ulong seed, IReadOnlyList<double> priors)
    {
        if (!clean.IsClassification || priors.Count != clean.Outputs)
        {
            throw new ArgumentException($"a label shift needs {priors.Count} classes; the data have {(clean.IsClassification ? clean.Outputs.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none (regression)")}.");
        }

        List<int>[] rows = [.. Enumerable.Range(0, clean.Outputs).Select(_ => new List<int>())];
        for (int i = 0; i < clean.Rows; i++)
        {
            rows[(int)clean.Y[i]].Add(i);
        }

        var cumulative = new double[priors.Count];
        double sum = 0;
        for (int c = 0; c < priors.Count; c++)
        {
            sum += priors[c];
            cumulative[c] = sum;
        }

        int d = clean.Inputs;
        var x = new float[clean.X.Length];
        var y = new float[clean.Rows];
        for (int i = 0; i < clean.Rows; i++)
        {
            double u = Philox.Uniform(seed, RandomStreams.LabelShift, 2 * (ulong)i) * sum;
            int c = 0;
            while (c < priors.Count - 1 && (u >= cumulative[c] || priors[c] == 0))
            {
                c++;
            }

            if (rows[c].Count == 0)
            {
                throw new InvalidOperationException($"a label shift gives class {c} prior {priors[c]}, but the clean test set has no row of it; use a larger test set.");
            }

            int source = rows[c][Math.Min(rows[c].Count - 1, (int)(Philox.Uniform(seed, RandomStreams.LabelShift, (2 * (ulong)i) + 1) * rows[c].Count))];
            Array.Copy(clean.X, source * d, x, i * d, d);
            y[i] = c;
        }

        return new Dataset(clean.Rows, d, clean.Outputs, true, x, y);
    }

    /// <summary>Severity parameters of each corruption, severity 1 to 5.</summary>
    internal static double CorruptionLevel(Corruption kind, int severity) => kind switch
    {
        Corruption.GaussianNoise => 0.2 * severity,
        Corruption.Impulse => 0.04 * severity,
        Corruption.Dropout => 0.1 * severity,
        _ => ((double[])[0.8, 0.6, 0.45, 0.3, 0.2])[severity - 1],
    };

    /// <summary>Corrupts every test input in place, from the corruption stream (one counter pair per coordinate).</summary>
    private static void Corrupt(Dataset test, ulong seed, CorruptionShift corruption)
    {
        double level = CorruptionLevel(corruption.Kind, corruption.Severity);
        Parallel.For(0, test.Rows, i =>
        {
            for (int j = 0; j < test.Inputs; j++)
            {
                ulong index = 2 * (((ulong)i * (ulong)test.Inputs) + (ulong)j);
                int at = (i * test.Inputs) + j;
                switch (corruption.Kind)
                {
                    case Corruption.GaussianNoise:
                        test.X[at] += (float)(level * Philox.Normal(seed, RandomStreams.Corruption, index));
                        break;
                    case Corruption.Impulse when Philox.Uniform(seed, RandomStreams.Corruption, index) < level:
                        test.X[at] = Philox.Uniform(seed, RandomStreams.Corruption, index + 1) < 0.5 ? -3f : 3f;
                        break;
                    case Corruption.Dropout when Philox.Uniform(seed, RandomStreams.Corruption, index) < level:
                        test.X[at] = 0f;
                        break;
                    case Corruption.Contrast:
                        test.X[at] = (float)(level * test.X[at]);
                        break;
                }
            }
        });
    }

    private static Dataset Generate(DataSpec data, ulong seed, int rows, uint inputStream, uint noiseStream, double scale)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data is ZipfMarkovData text)
        {
            // Next-token rows of Zipfian Markov text (see ZipfMarkovSource); a shift's scale has no meaning for them.
            return ZipfMarkovSource.Windows(new ZipfMarkovSource(text).Sequences(rows, Philox.Derive(seed, inputStream)), text.Vocabulary, text.Context);
        }

        int d = data.Inputs, outputs = data.Outputs, targets = data.IsClassification ? 1 : outputs;
        var x = new float[(long)rows * d];
        var y = new float[(long)rows * targets];
        switch (data)
        {
            case TeacherStudentData ts:
            {
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

            case GaussianMixtureData gm:
            {
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
                throw new NotSupportedException($"no generator for {data.GetType().Name}.");
        }

        if (data.Spurious is { } cue && data.IsClassification)
        {
            AddSpurious(x, y, d, outputs, cue, seed, inputStream);
        }

        return new Dataset(rows, d, outputs, data.IsClassification, x, y);
    }

    /// <summary>
    /// Adds each row's spurious code to its last coordinate: the spurious class is the label with probability
    /// <see cref="SpuriousFeature.Agreement"/> (one uniform per row), else a uniformly random other class (a second).
    /// The uniforms depend only on the row, so sets that differ in their agreement differ only where the choice does.
    /// </summary>
    private static void AddSpurious(float[] x, float[] y, int d, int classes, SpuriousFeature cue, ulong seed, uint inputStream)
    {
        ulong offset = (ulong)inputStream << 40;
        for (int i = 0; i < y.Length; i++)
        {
            int label = (int)y[i];
            int spurious = label;
            if (Philox.Uniform(seed, RandomStreams.Spurious, offset + (2 * (ulong)i)) >= cue.Agreement)
            {
                int other = Math.Min(classes - 2, (int)(Philox.Uniform(seed, RandomStreams.Spurious, offset + (2 * (ulong)i) + 1) * (classes - 1)));
                spurious = (label + 1 + other) % classes;
            }

            x[((long)i * d) + d - 1] += (float)(cue.Strength * ((2.0 * spurious / (classes - 1)) - 1));
        }
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

    /// <summary>
    /// The teacher's noiseless outputs for inputs rows×d (regression values, or the logits whose argmax is the class):
    /// the truth a collapse chain measures its generations against.
    /// </summary>
    internal static double[] TeacherOutputs(TeacherStudentData data, ReadOnlySpan<double> x, int rows)
    {
        var teacher = new Teacher(data);
        int d = data.Inputs, outputs = data.Outputs;
        double[] row = new double[d], output = new double[outputs], hidden = new double[Math.Max(1, data.TeacherWidth)];
        var all = new double[rows * outputs];
        for (int i = 0; i < rows; i++)
        {
            x.Slice(i * d, d).CopyTo(row);
            teacher.Evaluate(row, output, hidden);
            output.CopyTo(all, i * outputs);
        }

        return all;
    }

    /// <summary>The class means: random directions scaled to the separation.</summary>
    internal static double[] MixtureMeans(GaussianMixtureData gm)
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

        public Teacher(TeacherStudentData config)
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
