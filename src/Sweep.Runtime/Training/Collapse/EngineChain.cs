using Sweep.Kernels;

namespace Sweep.Training.Collapse;

/// <summary>A trained batch's outputs (regression values, or logits) for inputs given per model, rows×inputs each (before any feature map).</summary>
/// <param name="inputs">One input matrix per model of the batch, in order.</param>
/// <param name="rows">Rows of each.</param>
/// <returns>One output matrix per model, rows×outputs.</returns>
internal delegate float[][] BatchPredictor(IReadOnlyList<float[]> inputs, int rows);

/// <summary>A generation's samples for a model the engine trains: supervised rows, and for text the token sequences they came from.</summary>
/// <param name="Rows">The rows a model trains on.</param>
/// <param name="Text">The text, for a language model; null otherwise.</param>
internal sealed record EngineSample(Dataset Rows, TokenSample? Text);

/// <summary>
/// A collapse chain of any model the engine trains on a backend (an MLP regressor or classifier; an MLP language model of
/// a <see cref="ZipfMarkovData"/> source): each generation trains through <see cref="TrialTraining"/> on
/// <see cref="TrainingTrial.Provided"/> data, every trial of the batch (seed) together where the backend batches, and its
/// trained models label the next generation before they are released. Regression labels are the model's predictions
/// plus fresh noise of the data's noise level; classes are sampled from its softmax at the chain's temperature; text is
/// generated token by token from the start of each sequence.
/// </summary>
/// <remarks>
/// Metrics per checkpoint: the engine's (<c>test_loss</c> on the real test set, <c>train_loss</c>, <c>test_accuracy</c>,
/// <c>ece</c>, <c>model_parameters</c>, <c>train_tokens</c>, <c>train_flops</c> of that generation) and, for regression,
/// <c>fitted_variance</c> (of its predictions on the real test inputs) and <c>tail_mass</c> (the share of its noisy labels
/// there outside the real labels' central 90%); for classes and tokens <c>kl_divergence</c> and <c>tv_distance</c>
/// between the real conditional distribution and its softmax at the sampling temperature, averaged over the real test
/// set; for classes <c>tail_mass</c>, its mean probability of the real rarest classes; for text <c>perplexity</c>, and
/// from its own M tokens <c>vocabulary_coverage</c> and <c>tail_mass</c> (the share of the real rarest tokens).
/// </remarks>
internal sealed class EngineChain : ChainFamily<EngineSample, Dataset>
{
    private const int CalibrationRows = 20_000;
    private const ulong CalibrationSeed = 0x7A11;

    private readonly ComputeBackend _backend;
    private readonly TrialSpec _spec;
    private readonly DataSpec _data;
    private readonly CollapseSpec _chain;
    private readonly IReadOnlyList<long> _seeds;
    private readonly CancellationToken _cancellationToken;
    private readonly ZipfMarkovSource? _text;
    private readonly bool[] _rare;
    private readonly double _labelLow;
    private readonly double _labelHigh;
    private readonly double[]? _means;
    private readonly float[]?[] _design;
    private readonly EngineSample?[] _tests;
    private readonly double[]?[] _teacherLogits;

    public EngineChain(ComputeBackend backend, TrialSpec spec, IReadOnlyList<long> seeds, CancellationToken cancellationToken)
    {
        _backend = backend;
        _spec = spec;
        _data = spec.Data;
        _chain = spec.Chain!;
        _seeds = seeds;
        _cancellationToken = cancellationToken;
        _design = new float[seeds.Count][];
        _tests = new EngineSample?[seeds.Count];
        _teacherLogits = new double[seeds.Count][];
        _rare = new bool[_data.Outputs];
        switch (_data)
        {
            case ZipfMarkovData text:
                _text = new ZipfMarkovSource(text);
                _rare = _text.RareTokens();
                break;
            case GaussianMixtureData mixture:
                _means = SyntheticData.MixtureMeans(mixture);
                _rare = RareClasses(SyntheticData.Train(WithTrain(_data, CalibrationRows), CalibrationSeed));
                break;
            case TeacherStudentData { IsClassification: true }:
                _rare = RareClasses(SyntheticData.Train(WithTrain(_data, CalibrationRows), CalibrationSeed));
                break;
            default:
                float[] labels = [.. SyntheticData.Train(WithTrain(_data, CalibrationRows), CalibrationSeed).Y.Order()];
                _labelLow = labels[(int)(0.05 * (labels.Length - 1))];
                _labelHigh = labels[(int)Math.Ceiling(0.95 * (labels.Length - 1))];
                break;
        }
    }

    /// <summary>The data spec with another training-set size: a generation's, whose training set its policy sizes.</summary>
    public static DataSpec WithTrain(DataSpec data, int rows) => data switch
    {
        TeacherStudentData ts => DataSpec.TeacherStudent(ts.Inputs, ts.TeacherWidth, ts.Noise, rows, ts.Test, ts.Classes, ts.TeacherSeed),
        GaussianMixtureData gm => DataSpec.GaussianMixture(gm.Inputs, gm.Classes, gm.Separation, rows, gm.Test, gm.MeansSeed),
        ZipfMarkovData z => DataSpec.ZipfMarkov(z.Vocabulary, z.Exponent, z.ContextStrength, z.Context, z.Sequence, rows, z.Test, z.SourceSeed),
        _ => throw new NotSupportedException($"the engine's chains have no data of kind {data.GetType().Name}."),
    };

    public override EngineSample Real(int trial, int count, ulong seed)
    {
        if (_data is ZipfMarkovData text)
        {
            TokenSample tokens = new(_text!.Sequences(count, seed));
            return new EngineSample(ZipfMarkovSource.Windows(tokens.Sequences, text.Vocabulary, text.Context), tokens);
        }

        return new EngineSample(SyntheticData.Train(WithTrain(_data, count), seed), null);
    }

    public override void Start(int trial, EngineSample real) => _design[trial] = real.Rows.X;

    public override Dataset Data(EngineSample sample, int start, int count) => Select(sample.Rows, Enumerable.Range(start, count).ToArray());

    public override Dataset Data(EngineSample sample, IReadOnlyList<int> rows) => Select(sample.Rows, rows);

    public override Dataset Add(Dataset left, Dataset right)
        => new(left.Rows + right.Rows, left.Inputs, left.Outputs, left.IsClassification, [.. left.X, .. right.X], [.. left.Y, .. right.Y]);

    public override long Rows(Dataset data) => data.Rows;

    public override IReadOnlyList<(string Metric, double Value)> Truth(int trial, EngineSample real)
    {
        Dataset test = Test(trial).Rows;
        if (_data is TeacherStudentData { IsClassification: false } regression)
        {
            double[] truth = SyntheticData.TeacherOutputs(regression, [.. test.X.Select(v => (double)v)], test.Rows);
            float[] predictions = [.. truth.Select(v => (float)v)];
            double loss = 0;
            for (int i = 0; i < test.Rows; i++)
            {
                double e = truth[i] - test.Y[i];
                loss += e * e;
            }

            return
            [
                (Metric.TestLoss, loss / test.Rows),
                (Metric.FittedVariance, Variance(predictions)),
                (Metric.TailMass, LabelTail(predictions, regression.Noise, ChainRunner.Seed(_seeds[trial], ChainRunner.Purpose.Probe, 0))),
            ];
        }

        double crossEntropy = 0, tail = 0;
        int correct = 0;
        Span<double> p = stackalloc double[_data.Outputs];
        for (int i = 0; i < test.Rows; i++)
        {
            TrueConditional(trial, i, p);
            var label = (int)test.Y[i];
            crossEntropy -= Math.Log(Math.Max(NGramChain.ProbabilityFloor, p[label]));
            correct += Argmax(p) == label ? 1 : 0;
            tail += RareMass(p);
        }

        List<(string, double)> metrics =
        [
            (Metric.TestLoss, crossEntropy / test.Rows),
            (Metric.TestAccuracy, (double)correct / test.Rows),
            (Metric.KlDivergence, 0.0),
            (Metric.TotalVariation, 0.0),
        ];
        if (real.Text is { } tokens)
        {
            metrics.Add((Metric.Perplexity, Math.Exp(crossEntropy / test.Rows)));
            metrics.Add((Metric.VocabularyCoverage, tokens.Coverage(_data.Outputs)));
            metrics.Add((Metric.TailMass, tokens.Share(_rare)));
        }
        else
        {
            metrics.Add((Metric.TailMass, tail / test.Rows));
        }

        return metrics;
    }

    public override IReadOnlyList<(EngineSample? Next, IReadOnlyList<(string Metric, double Value)> Metrics)> Generation(
        int generation, IReadOnlyList<Dataset> data, bool sample, bool measure, int count)
    {
        int trials = data.Count;
        NamedEvaluation evaluation = new(CollapseSpec.EvaluationName(generation), ShiftSpec.None);
        var training = new TrainingTrial[trials];
        for (int k = 0; k < trials; k++)
        {
            TrialSpec spec = new(WithTrain(_data, data[k].Rows), _spec.Model, _spec.Train, [evaluation]);
            training[k] = new TrainingTrial(spec, (long)ChainRunner.Seed(_seeds[k], ChainRunner.Purpose.Fit, generation))
            {
                Provided = new ProvidedData(data[k], Test(k).Rows),
            };
        }

        var next = new EngineSample?[trials];
        var extra = new List<(string, double)>[trials];
        bool text = _data is ZipfMarkovData;
        IReadOnlyList<TrialResult> results = TrialTraining.RunBatch(_backend, training, _cancellationToken, 0, predict =>
        {
            if (sample || (measure && text))
            {
                EngineSample[] drawn = text ? SampleText(predict, generation, count) : SampleRows(predict, generation, count);
                for (int k = 0; k < trials; k++)
                {
                    next[k] = drawn[k];
                }
            }

            if (measure)
            {
                Measure(predict, next, extra);
            }
        });

        var outputs = new (EngineSample?, IReadOnlyList<(string, double)>)[trials];
        for (int k = 0; k < trials; k++)
        {
            List<(string, double)> metrics = [];
            if (measure)
            {
                metrics.AddRange(KernelsEngine.Metrics(results[k]).Select(m => (m.Name, m.Value)));
                if (text)
                {
                    metrics.Add((Metric.Perplexity, Math.Exp(results[k].Evaluations[0].Loss)));
                }

                metrics.AddRange(extra[k]);
            }

            outputs[k] = (sample ? next[k] : null, metrics);
        }

        return outputs;
    }

    /// <summary>New rows labelled by each trained model: its inputs (the first generation's, or fresh ones), and its predictions plus noise, or sampled classes.</summary>
    private EngineSample[] SampleRows(BatchPredictor predict, int generation, int count)
    {
        int trials = _seeds.Count, d = _data.Inputs, outputs = _data.Outputs;
        var inputs = new float[trials][];
        for (int k = 0; k < trials; k++)
        {
            float[]? design = _design[k];
            inputs[k] = !_chain.FreshInputs && design is not null && design.Length == (long)count * d
                ? design
                : SyntheticData.Train(WithTrain(_data, count), ChainRunner.Seed(_seeds[k], ChainRunner.Purpose.Sample, generation)).X;
        }

        float[][] predicted = predict(inputs, count);
        var samples = new EngineSample[trials];
        Span<double> p = stackalloc double[outputs];
        for (int k = 0; k < trials; k++)
        {
            ulong seed = Philox.Derive(ChainRunner.Seed(_seeds[k], ChainRunner.Purpose.Sample, generation), 1);
            float[] labels;
            if (_data.IsClassification)
            {
                labels = new float[count];
                for (int i = 0; i < count; i++)
                {
                    ChainRandom.Softmax(predicted[k].AsSpan(i * outputs, outputs), _chain.Temperature, p);
                    labels[i] = ChainRandom.Draw(p, ChainRandom.Uniform(seed, 0, i));
                }
            }
            else
            {
                double noise = ((TeacherStudentData)_data).Noise;
                var z = new double[predicted[k].Length];
                ChainRandom.FillNormals(seed, 0, z);
                labels = [.. predicted[k].Select((v, i) => (float)(v + (noise * z[i])))];
            }

            samples[k] = new EngineSample(new Dataset(count, d, outputs, _data.IsClassification, inputs[k], labels), null);
        }

        return samples;
    }

    /// <summary>Text generated by each trained model: sequences of the source's length, token by token at the chain's temperature, all models and sequences a step at a time.</summary>
    private EngineSample[] SampleText(BatchPredictor predict, int generation, int count)
    {
        var text = (ZipfMarkovData)_data;
        int trials = _seeds.Count, v = text.Vocabulary, context = text.Context, length = text.Sequence;
        int sequences = (count + length - 1) / length, last = count - ((sequences - 1) * length);
        var tokens = new int[trials][][];
        for (int k = 0; k < trials; k++)
        {
            tokens[k] = [.. Enumerable.Range(0, sequences).Select(s => new int[s == sequences - 1 ? last : length])];
        }

        Span<double> p = stackalloc double[v];
        for (int step = 0; step < length; step++)
        {
            int rows = sequences - (last > step ? 0 : 1);
            if (rows == 0)
            {
                break;
            }

            var inputs = new float[trials][];
            for (int k = 0; k < trials; k++)
            {
                inputs[k] = new float[rows * context * v];
                for (int s = 0; s < rows; s++)
                {
                    for (int c = 0; c < context; c++)
                    {
                        int at = step - context + c;
                        if (at >= 0)
                        {
                            inputs[k][(s * context * v) + (c * v) + tokens[k][s][at]] = 1;
                        }
                    }
                }
            }

            float[][] logits = predict(inputs, rows);
            for (int k = 0; k < trials; k++)
            {
                ulong seed = ChainRunner.Seed(_seeds[k], ChainRunner.Purpose.Sample, generation);
                for (int s = 0; s < rows; s++)
                {
                    ChainRandom.Softmax(logits[k].AsSpan(s * v, v), _chain.Temperature, p);
                    tokens[k][s][step] = ChainRandom.Draw(p, ChainRandom.Uniform(seed, 0, ((long)s * length) + step));
                }
            }
        }

        return [.. tokens.Select(t => new EngineSample(ZipfMarkovSource.Windows(t, v, context), new TokenSample(t)))];
    }

    /// <summary>The metrics beyond the engine's, from the trained models' outputs on the real test sets.</summary>
    private void Measure(BatchPredictor predict, EngineSample?[] own, List<(string, double)>[] extra)
    {
        int trials = _seeds.Count, outputs = _data.Outputs;
        Dataset[] tests = [.. Enumerable.Range(0, trials).Select(k => Test(k).Rows)];
        float[][] predicted = predict([.. tests.Select(t => t.X)], tests[0].Rows);
        Span<double> p = stackalloc double[outputs];
        Span<double> q = stackalloc double[outputs];
        for (int k = 0; k < trials; k++)
        {
            if (!_data.IsClassification)
            {
                extra[k] =
                [
                    (Metric.FittedVariance, Variance(predicted[k])),
                    (Metric.TailMass, LabelTail(predicted[k], ((TeacherStudentData)_data).Noise, ChainRunner.Seed(_seeds[k], ChainRunner.Purpose.Probe, 1))),
                ];
                continue;
            }

            double kl = 0, tv = 0, tail = 0;
            int rows = tests[k].Rows;
            for (int i = 0; i < rows; i++)
            {
                TrueConditional(k, i, p);
                ChainRandom.Softmax(predicted[k].AsSpan(i * outputs, outputs), _chain.Temperature, q);
                (double divergence, double variation) = NGramChain.DiscreteDistance(p, q);
                kl += divergence;
                tv += variation;
                tail += RareMass(q);
            }

            extra[k] = [(Metric.KlDivergence, kl / rows), (Metric.TotalVariation, tv / rows)];
            if (own[k]?.Text is { } tokens)
            {
                extra[k].Add((Metric.VocabularyCoverage, tokens.Coverage(outputs)));
                extra[k].Add((Metric.TailMass, tokens.Share(_rare)));
            }
            else
            {
                extra[k].Add((Metric.TailMass, tail / rows));
            }
        }
    }

    /// <summary>The real distribution's p(class | test row i) of a trial: the teacher's label with its flip noise, the mixture's posterior, or the source's next-token distribution.</summary>
    private void TrueConditional(int trial, int row, Span<double> p)
    {
        EngineSample test = Test(trial);
        switch (_data)
        {
            case ZipfMarkovData:
            {
                (int s, int i) = test.Text!.Locate(row);
                _text!.Next(i == 0 ? -1 : test.Text.Sequences[s][i - 1]).CopyTo(p);
                break;
            }

            case GaussianMixtureData mixture:
            {
                int d = mixture.Inputs;
                ReadOnlySpan<float> x = test.Rows.X.AsSpan(row * d, d);
                for (int c = 0; c < mixture.Classes; c++)
                {
                    double sq = 0;
                    for (int j = 0; j < d; j++)
                    {
                        double e = x[j] - _means![(c * d) + j];
                        sq += e * e;
                    }

                    p[c] = -0.5 * sq;
                }

                ChainRandom.Normalize(p[..mixture.Classes]);
                break;
            }

            case TeacherStudentData teacher:
            {
                // The teacher's label, kept with probability 1 − noise, else uniform: its logits for the whole test set, once.
                int classes = teacher.Classes;
                double[] logits = _teacherLogits[trial] ??= SyntheticData.TeacherOutputs(teacher, [.. test.Rows.X.Select(v => (double)v)], test.Rows.Rows);
                int best = Argmax(logits.AsSpan(row * classes, classes));
                for (int c = 0; c < classes; c++)
                {
                    p[c] = (teacher.Noise / classes) + (c == best ? 1 - teacher.Noise : 0);
                }

                break;
            }
        }
    }

    private double RareMass(ReadOnlySpan<double> p)
    {
        double mass = 0;
        for (int c = 0; c < p.Length; c++)
        {
            mass += _rare[c] ? p[c] : 0;
        }

        return mass;
    }

    /// <summary>The share of predictions plus fresh noise outside the real labels' central 90%.</summary>
    private double LabelTail(ReadOnlySpan<float> predictions, double noise, ulong seed)
    {
        var z = new double[predictions.Length];
        ChainRandom.FillNormals(seed, 0, z);
        int outside = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double label = predictions[i] + (noise * z[i]);
            outside += label < _labelLow || label > _labelHigh ? 1 : 0;
        }

        return (double)outside / predictions.Length;
    }

    private EngineSample Test(int trial)
    {
        if (_tests[trial] is { } test)
        {
            return test;
        }

        ulong seed = ChainRunner.Seed(_seeds[trial], ChainRunner.Purpose.Test, 0);
        if (_data is ZipfMarkovData text)
        {
            TokenSample tokens = new(_text!.Sequences(text.Test, seed));
            test = new EngineSample(ZipfMarkovSource.Windows(tokens.Sequences, text.Vocabulary, text.Context), tokens);
        }
        else
        {
            test = new EngineSample(SyntheticData.Test(_data, seed, ShiftSpec.None), null);
        }

        _tests[trial] = test;
        return test;
    }

    /// <summary>The rarest classes of a labelled sample holding at most 10% of it together (at least the rarest one).</summary>
    private static bool[] RareClasses(Dataset sample)
    {
        var shares = new double[sample.Outputs];
        foreach (float label in sample.Y)
        {
            shares[(int)label] += 1.0 / sample.Rows;
        }

        return ChainRandom.RarestDecile(shares);
    }

    private static Dataset Select(Dataset data, IReadOnlyList<int> rows)
    {
        int width = data.Inputs, targets = data.Targets;
        var x = new float[(long)rows.Count * width];
        var y = new float[(long)rows.Count * targets];
        for (int i = 0; i < rows.Count; i++)
        {
            Array.Copy(data.X, (long)rows[i] * width, x, (long)i * width, width);
            Array.Copy(data.Y, (long)rows[i] * targets, y, (long)i * targets, targets);
        }

        return new Dataset(rows.Count, width, data.Outputs, data.IsClassification, x, y);
    }

    private static int Argmax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }

    private static double Variance(ReadOnlySpan<float> values)
    {
        double mean = 0;
        foreach (float v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        double sum = 0;
        foreach (float v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return sum / values.Length;
    }
}
