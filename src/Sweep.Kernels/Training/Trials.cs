using System.Diagnostics;
using System.Globalization;

namespace Sweep.Kernels;

/// <summary>
/// Runs trials on a backend: the entry point the runtime calls. Gradient-trained trials that share a
/// <see cref="BatchKey"/> (same data shape, model shape, steps, batch size and optimiser) train together in one
/// pass of batched kernels, one model per slice, each with its own seed, data, learning rate and weight decay.
/// Least-squares trials are solved one by one in double precision on the host.
/// </summary>
/// <example>
/// <code>
/// using ComputeBackend backend = ComputeBackends.Create(BackendKind.Auto);
/// foreach (var group in trials.GroupBy(Trials.BatchKey))
/// {
///     foreach (TrialResult r in Trials.RunBatch(backend, [.. group]))
///         Console.WriteLine($"{r.Trial.Seed}: test loss {r.Evaluations[0].Loss:F4}");
/// }
/// </code>
/// </example>
public static class Trials
{
    /// <summary>Runs one trial.</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="trial">The trial.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <returns>Its result.</returns>
    public static TrialResult Run(ComputeBackend backend, TrialConfig trial, CancellationToken cancellationToken = default)
        => RunBatch(backend, [trial], cancellationToken)[0];

    /// <summary>Runs trials that share a <see cref="BatchKey"/>, gradient-trained ones together in one batched pass.</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="trials">The trials.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <returns>One result per trial, in order.</returns>
    /// <exception cref="ArgumentException">A trial is invalid, or the trials do not share a batch key.</exception>
    public static IReadOnlyList<TrialResult> RunBatch(ComputeBackend backend, IReadOnlyList<TrialConfig> trials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count == 0)
        {
            return [];
        }

        foreach (TrialConfig trial in trials)
        {
            IReadOnlyList<string> errors = Validate(trial);
            if (errors.Count > 0)
            {
                throw new ArgumentException($"invalid trial (seed {trial.Seed}): {string.Join("; ", errors)}", nameof(trials));
            }
        }

        string key = BatchKey(trials[0]);
        if (trials.Any(t => BatchKey(t) != key))
        {
            throw new ArgumentException("trials trained together must share a batch key (see Trials.BatchKey).", nameof(trials));
        }

        if (trials[0].Train is LeastSquaresConfig)
        {
            var results = new List<TrialResult>();
            foreach (TrialConfig trial in trials)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results.Add(RunLeastSquares(backend, trial));
            }

            return results;
        }

        return RunGradient(backend, trials, cancellationToken);
    }

    /// <summary>
    /// Trials with equal keys can train in one batch: the data's kind and shape, the model, and the training
    /// procedure's shape (optimiser, steps, batch size) and evaluations. Learning rates, weight decays, momentum,
    /// schedules, clipping, noise levels and seeds may differ within a batch.
    /// </summary>
    /// <param name="trial">The trial.</param>
    /// <returns>The key.</returns>
    public static string BatchKey(TrialConfig trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        DatasetConfig d = trial.Data;
        string data = FormattableString.Invariant($"{d.GetType().Name}:{d.Inputs}x{d.Outputs}:{d.Train}/{d.Validation}/{d.Test}");
        string train = trial.Train switch
        {
            GradientConfig g => FormattableString.Invariant($"{g.Optimizer}:{g.Steps}x{Math.Min(g.Batch, d.Train)}:{g.LossCurvePoints}"),
            LeastSquaresConfig => "least-squares:" + trial.Seed.ToString(CultureInfo.InvariantCulture),
            _ => trial.Train.GetType().Name,
        };
        string evaluations = string.Join(",", trial.Evaluations.Select(e => e.ToString()));
        return $"{data}|{trial.Model}|{train}|{evaluations}";
    }

    /// <summary>
    /// The training compute C a trial's result reports, in FLOPs, without running it: steps × batch ×
    /// <see cref="MlpShape.TrainingFlopsPerSample"/> for gradient training (a linear or random-features readout is a
    /// one-layer shape), plus the random feature map of the training set (2·n·d·p); for least squares the feature
    /// map and the Householder QR of the n×p design (2·m·k² − ⅔·k³ with m = max(n, p), k = min(n, p)) and its
    /// application to the targets, a nominal count that does not depend on the data (a ridge large enough for the
    /// normal equations does about half of it, see <see cref="LeastSquares"/>).
    /// </summary>
    /// <param name="trial">The trial.</param>
    /// <returns>C in FLOPs.</returns>
    public static double TrainingFlops(TrialConfig trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        DatasetConfig data = trial.Data;
        int d = data.Inputs, outputs = data.Outputs, n = data.Train;
        int? features = trial.Model is RandomFeaturesConfig rf ? rf.Features : null;
        double map = features is int f ? 2.0 * n * d * f : 0;
        if (trial.Train is GradientConfig g)
        {
            MlpShape shape = trial.Model is MlpConfig mlp ? mlp.Shape(d, outputs) : new MlpShape(features ?? d, [], outputs, ActivationKind.Identity);
            return ((double)g.Steps * Math.Min(g.Batch, n) * shape.TrainingFlopsPerSample) + map;
        }

        long p = features ?? d;
        long m = Math.Max(n, p), k = Math.Min(n, p);
        return map + (2.0 * m * k * k) - (2.0 / 3.0 * k * k * k) + (4.0 * m * k * outputs);
    }

    /// <summary>What is wrong with a trial, if anything (the runtime reports these before any work starts).</summary>
    /// <param name="trial">The trial.</param>
    /// <returns>Error messages; empty when the trial is valid.</returns>
    public static IReadOnlyList<string> Validate(TrialConfig trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var errors = new List<string>();
        try
        {
            switch (trial.Data)
            {
                case TeacherStudentConfig ts:
                    ts.Validate();
                    break;
                case GaussianMixtureConfig gm:
                    gm.Validate();
                    break;
                case ProvidedDataConfig provided:
                    provided.Validate();
                    if (trial.Evaluations?.Any(e => e.Shift.Kind == ShiftKind.Covariate) == true)
                    {
                        errors.Add("provided data cannot be evaluated under a covariate shift.");
                    }

                    break;
                default:
                    errors.Add($"unsupported data {trial.Data.GetType().Name}.");
                    break;
            }
        }
        catch (ArgumentException ex)
        {
            errors.Add(ex.Message);
        }

        if (trial.Model is RandomFeaturesConfig { Features: < 1 })
        {
            errors.Add("a random-features model needs at least one feature.");
        }

        switch (trial.Train)
        {
            case LeastSquaresConfig ls:
                if (trial.Model is MlpConfig)
                {
                    errors.Add("least squares fits linear and random-features models only; train an MLP with a gradient optimiser.");
                }

                if (ls.Ridge < 0 || double.IsNaN(ls.Ridge))
                {
                    errors.Add("the ridge penalty must be ≥ 0.");
                }

                break;
            case GradientConfig g:
                if (g.Steps < 1 || g.Batch < 1 || !(g.LearningRate > 0))
                {
                    errors.Add("gradient training needs steps ≥ 1, batch ≥ 1 and a positive learning rate.");
                }

                if (g.Schedule == ScheduleKind.WarmupCosine && g.WarmupSteps < 0)
                {
                    errors.Add("warm-up steps must be ≥ 0.");
                }

                break;
        }

        if (trial.Evaluations is null || trial.Evaluations.Count == 0)
        {
            errors.Add("a trial needs at least one evaluation.");
        }
        else
        {
            foreach (EvaluationConfig e in trial.Evaluations)
            {
                if (e.Shift.Kind == ShiftKind.Adversarial && (e.Shift.Steps < 1 || e.Shift.Amount < 0))
                {
                    errors.Add($"evaluation '{e.Name}': an attack needs steps ≥ 1 and ε ≥ 0.");
                }
            }
        }

        return errors;
    }

    private static TrialResult RunLeastSquares(ComputeBackend backend, TrialConfig trial)
    {
        var clock = Stopwatch.StartNew();
        var seed = (ulong)trial.Seed;
        var ridge = ((LeastSquaresConfig)trial.Train).Ridge;
        DatasetConfig config = trial.Data;
        Dataset train = DatasetFactory.Train(config, seed);
        int d = config.Inputs, outputs = config.Outputs, n = train.Rows;
        RandomFeatureMap? map = trial.Model is RandomFeaturesConfig rf ? new RandomFeatureMap(d, rf.Features, rf.Map, seed) : null;
        int p = map?.Features ?? d;
        double[] phi = map is null ? [.. train.X.Select(v => (double)v)] : map.Transform(train.X, n);
        double[] y = Targets(train);
        var bias = new double[outputs];
        double[] weights;
        if (map is null)
        {
            // Centre so the intercept is fitted exactly and not penalised.
            var mean = new double[p];
            var yMean = new double[outputs];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < p; j++)
                {
                    mean[j] += phi[(i * p) + j] / n;
                }

                for (int o = 0; o < outputs; o++)
                {
                    yMean[o] += y[(i * outputs) + o] / n;
                }
            }

            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < p; j++)
                {
                    phi[(i * p) + j] -= mean[j];
                }

                for (int o = 0; o < outputs; o++)
                {
                    y[(i * outputs) + o] -= yMean[o];
                }
            }

            weights = LeastSquares.Solve(phi, n, p, y, outputs, ridge);
            for (int o = 0; o < outputs; o++)
            {
                double s = yMean[o];
                for (int j = 0; j < p; j++)
                {
                    s -= mean[j] * weights[(j * outputs) + o];
                }

                bias[o] = s;
            }
        }
        else
        {
            weights = LeastSquares.Solve(phi, n, p, y, outputs, ridge);
        }

        var model = new ReadoutModel(map, d, outputs, weights, bias);
        MetricsMode mode = config.IsClassification ? MetricsMode.LeastSquares : MetricsMode.Probabilistic;
        double trainLoss = Metrics.Evaluate("train", model.Predict(train.X, n), train, mode).Loss;
        var evaluations = new List<EvaluationResult>();
        foreach (EvaluationConfig e in trial.Evaluations)
        {
            Dataset test = DatasetFactory.Test(config, seed, e.Shift);
            float[] predictions = e.Shift.Kind == ShiftKind.Adversarial
                ? model.PredictAdversarial(test, mode, e.Shift.Amount, e.Shift.Steps, e.Shift.StepSize)
                : model.Predict(test.X, test.Rows);
            evaluations.Add(Metrics.Evaluate(e.Name, predictions, test, mode));
        }

        double flops = TrainingFlops(trial);
        return new TrialResult(
            trial, backend.Name, trainLoss, evaluations, trial.Model.Parameters(d, outputs), flops, n, clock.Elapsed, 1, []);
    }

    private static double[] Targets(Dataset data)
    {
        int outputs = data.Outputs;
        var y = new double[(long)data.Rows * outputs];
        for (int i = 0; i < data.Rows; i++)
        {
            if (data.IsClassification)
            {
                y[(i * outputs) + (int)data.Y[i]] = 1.0;
            }
            else
            {
                for (int o = 0; o < outputs; o++)
                {
                    y[(i * outputs) + o] = data.Y[(i * outputs) + o];
                }
            }
        }

        return y;
    }

    private static IReadOnlyList<TrialResult> RunGradient(ComputeBackend backend, IReadOnlyList<TrialConfig> trials, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int count = trials.Count;
        TrialConfig first = trials[0];
        var g0 = (GradientConfig)first.Train;
        DatasetConfig config = first.Data;
        int d = config.Inputs, outputs = config.Outputs, n = config.Train;
        int batch = Math.Min(g0.Batch, n);
        var maps = new RandomFeatureMap?[count];
        var train = new Dataset[count];
        for (int k = 0; k < count; k++)
        {
            var seed = (ulong)trials[k].Seed;
            Dataset raw = DatasetFactory.Train(trials[k].Data, seed);
            maps[k] = trials[k].Model is RandomFeaturesConfig rf ? new RandomFeatureMap(d, rf.Features, rf.Map, seed) : null;
            train[k] = Featurize(maps[k], raw);
        }

        MlpShape shape = first.Model switch
        {
            MlpConfig mlp => mlp.Shape(d, outputs),
            RandomFeaturesConfig rf => new MlpShape(rf.Features, [], outputs, ActivationKind.Identity),
            _ => new MlpShape(d, [], outputs, ActivationKind.Identity),
        };
        LossKind loss = config.IsClassification ? LossKind.SoftmaxCrossEntropy : LossKind.MeanSquaredError;
        using var trainer = new MlpTrainer(backend, shape, count, batch, n, loss, g0.Optimizer);
        for (int k = 0; k < count; k++)
        {
            var seed = (ulong)trials[k].Seed;
            trainer.LoadTrainingData(k, train[k]);
            trainer.SetShuffleSeed(k, seed);
            trainer.InitializeParameters(k, seed);
            trainer.Configure(k, ((GradientConfig)trials[k].Train).ToSettings());
        }

        var curves = new List<LossPoint>[count];
        for (int k = 0; k < count; k++)
        {
            curves[k] = [];
        }

        var record = new HashSet<int>();
        int points = Math.Min(g0.LossCurvePoints, g0.Steps);
        for (int i = 0; i < points; i++)
        {
            record.Add(points == 1 ? g0.Steps - 1 : (int)((long)i * (g0.Steps - 1) / (points - 1)));
        }

        for (int step = 0; step < g0.Steps; step++)
        {
            if ((step & 63) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            trainer.Step(step);
            if (record.Contains(step))
            {
                float[] losses = trainer.LastLosses();
                for (int k = 0; k < count; k++)
                {
                    curves[k].Add(new LossPoint(step, losses[k]));
                }
            }
        }

        MetricsMode mode = MetricsMode.Probabilistic;
        float[][] trainPredictions = trainer.Predict([.. train.Select(t => t.X)], n);
        var trainLoss = new double[count];
        for (int k = 0; k < count; k++)
        {
            trainLoss[k] = Metrics.Evaluate("train", trainPredictions[k], train[k], mode).Loss;
        }

        var evaluations = new List<EvaluationResult>[count];
        for (int k = 0; k < count; k++)
        {
            evaluations[k] = [];
        }

        foreach (EvaluationConfig e in first.Evaluations)
        {
            var tests = new Dataset[count];
            for (int k = 0; k < count; k++)
            {
                tests[k] = DatasetFactory.Test(trials[k].Data, (ulong)trials[k].Seed, e.Shift);
            }

            float[][] predictions;
            if (e.Shift.Kind == ShiftKind.Adversarial && first.Model is RandomFeaturesConfig)
            {
                // The attack acts on the inputs, through the fixed feature map: run it on the host.
                predictions = new float[count][];
                for (int k = 0; k < count; k++)
                {
                    ReadoutModel model = Readout(maps[k]!, trainer.GetParameters(k), shape);
                    predictions[k] = model.PredictAdversarial(tests[k], mode, e.Shift.Amount, e.Shift.Steps, e.Shift.StepSize);
                }
            }
            else
            {
                Dataset[] inputs = [.. tests.Select((t, k) => Featurize(maps[k], t))];
                predictions = e.Shift.Kind == ShiftKind.Adversarial
                    ? trainer.PredictAdversarial([.. inputs.Select(t => t.X)], [.. inputs.Select(t => t.Y)], config.Test, (float)e.Shift.Amount, e.Shift.Steps, (float)e.Shift.StepSize)
                    : trainer.Predict([.. inputs.Select(t => t.X)], config.Test);
            }

            for (int k = 0; k < count; k++)
            {
                evaluations[k].Add(Metrics.Evaluate(e.Name, predictions[k], tests[k], mode));
            }
        }

        double flops = TrainingFlops(first);
        TimeSpan each = clock.Elapsed / count;
        var results = new TrialResult[count];
        for (int k = 0; k < count; k++)
        {
            results[k] = new TrialResult(
                trials[k], backend.Name, trainLoss[k], evaluations[k], trials[k].Model.Parameters(d, outputs), flops, (long)g0.Steps * batch, each, count, curves[k]);
        }

        return results;
    }

    private static Dataset Featurize(RandomFeatureMap? map, Dataset data)
    {
        if (map is null)
        {
            return data;
        }

        double[] phi = map.Transform(data.X, data.Rows);
        return new Dataset(data.Rows, map.Features, data.Outputs, data.IsClassification, [.. phi.Select(v => (float)v)], data.Y);
    }

    private static ReadoutModel Readout(RandomFeatureMap map, float[] parameters, MlpShape shape)
    {
        int p = shape.Inputs, outputs = shape.Outputs;
        var weights = new double[(long)p * outputs];
        var bias = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            for (int k = 0; k < p; k++)
            {
                weights[(k * outputs) + o] = parameters[(o * p) + k];
            }

            bias[o] = parameters[shape.BiasOffset(0) + o];
        }

        return new ReadoutModel(map, map.Inputs, outputs, weights, bias);
    }
}
