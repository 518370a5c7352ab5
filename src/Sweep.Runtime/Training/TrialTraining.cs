using System.Diagnostics;
using Sweep.Kernels;

namespace Sweep.Training;

/// <summary>
/// Trains and evaluates trials on a backend, reading the study's specs: the training layer between the engine and the
/// kernels. Gradient-trained trials that share a <see cref="BatchKey"/> (same data shape, model, optimiser, steps,
/// batch size and evaluations) train together in one pass of batched kernels, one model per slice, each with its own
/// seed, data, learning rate and weight decay. Least-squares trials are solved one by one in double precision on the
/// host. A least-squares ridge λ is per sample, as the study declares it (the loss is the mean squared error + λ‖w‖²);
/// the solver is handed λ·n for the summed error.
/// </summary>
/// <example>
/// <code>
/// using ComputeBackend backend = ComputeBackends.Create(BackendKind.Auto);
/// foreach (var group in trials.GroupBy(t => TrialTraining.BatchKey(t.Spec)))
/// {
///     foreach (TrialResult r in TrialTraining.RunBatch(backend, [.. group]))
///         Console.WriteLine($"{r.Trial.Seed}: test loss {r.Evaluations[0].Loss:F4}");
/// }
/// </code>
/// </example>
public static class TrialTraining
{
    /// <summary>Runs one trial.</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="trial">The trial.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <param name="lossCurvePoints">Minibatch losses to record over training (evenly spaced, first and last step included); 0 records none.</param>
    /// <returns>Its result.</returns>
    public static TrialResult Run(ComputeBackend backend, TrainingTrial trial, CancellationToken cancellationToken = default, int lossCurvePoints = 0)
        => RunBatch(backend, [trial], cancellationToken, lossCurvePoints)[0];

    /// <summary>Runs trials that share a <see cref="BatchKey"/>, gradient-trained ones together in one batched pass.</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="trials">The trials.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <param name="lossCurvePoints">Minibatch losses to record per trial; 0 records none.</param>
    /// <returns>One result per trial, in order.</returns>
    /// <exception cref="ArgumentException">A trial is invalid (see <see cref="SpecValidation"/>), or the trials do not share a batch key.</exception>
    public static IReadOnlyList<TrialResult> RunBatch(
        ComputeBackend backend, IReadOnlyList<TrainingTrial> trials, CancellationToken cancellationToken = default, int lossCurvePoints = 0)
        => RunBatch(backend, trials, cancellationToken, lossCurvePoints, trained: null);

    /// <summary>
    /// Runs trials like <see cref="RunBatch(ComputeBackend, IReadOnlyList{TrainingTrial}, CancellationToken, int)"/> and, once
    /// they are trained and evaluated, hands the trained models to <paramref name="trained"/> before they are released:
    /// a collapse chain labels its next generation with them.
    /// </summary>
    internal static IReadOnlyList<TrialResult> RunBatch(
        ComputeBackend backend, IReadOnlyList<TrainingTrial> trials, CancellationToken cancellationToken, int lossCurvePoints, Action<Collapse.BatchPredictor>? trained)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count == 0)
        {
            return [];
        }

        foreach (TrainingTrial trial in trials)
        {
            if (trial.Spec.Chain is not null)
            {
                throw new ArgumentException("a collapse chain runs through CollapseChains.Run, not as one model.", nameof(trials));
            }

            IReadOnlyList<string> errors = [.. SpecValidation.Errors(trial.Spec), .. ProvidedErrors(trial)];
            if (errors.Count > 0)
            {
                throw new ArgumentException($"the trial cannot run: {string.Join("; ", errors.Select(e => e.TrimEnd('.')))}.");
            }
        }

        if (trials[0].Spec.Train is LeastSquaresTrain)
        {
            List<TrialResult> results = [];
            List<ReadoutModel> models = [];
            foreach (TrainingTrial trial in trials)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results.Add(RunLeastSquares(backend, trial, models));
            }

            trained?.Invoke((inputs, rows) => [.. inputs.Select((x, k) => models[k].Predict(x, rows))]);
            return results;
        }

        string? key = BatchKey(trials[0].Spec);
        if (trials.Any(t => BatchKey(t.Spec) != key))
        {
            throw new ArgumentException("trials trained together must share a batch key (see TrialTraining.BatchKey).", nameof(trials));
        }

        return RunGradient(backend, trials, cancellationToken, lossCurvePoints, trained);
    }

    /// <summary>
    /// Gradient-trained trials with equal keys can train in one batch: the data's kind and shape, the model, the
    /// optimiser, steps and batch size, and the evaluations. Learning rates, weight decays, momentum, schedules,
    /// clipping, noise levels and seeds may differ within a batch. Null for least squares (solved one by one on the
    /// host, nothing to share) and for specs that cannot run (they run alone and fail with the reason).
    /// </summary>
    /// <param name="spec">The trial.</param>
    /// <returns>The key, or null.</returns>
    public static string? BatchKey(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Train is not GradientTrain g || SpecValidation.Errors(spec).Count > 0)
        {
            return null;
        }

        DataSpec d = spec.Data;
        string data = FormattableString.Invariant($"{d.GetType().Name}:{d.Inputs}x{d.Outputs}:{d.Train}/{d.Test}");
        string train = FormattableString.Invariant($"{g.Optimizer}:{g.Steps}x{Math.Min(g.Batch, d.Train)}");
        if (g.Adversarial is not null || g.InputNoise is not null)
        {
            // The minibatch perturbation is one per batch: trials with other attacks or noise train apart.
            train += FormattableString.Invariant($":{g.Adversarial}:{g.InputNoise}");
        }

        string evaluations = string.Join(",", spec.Evaluations.Select(e => e.ToString()));
        return $"{data}|{spec.Model}|{train}|{evaluations}";
    }

    /// <summary>What is wrong with a trial's provided sets: a shape other than its data spec's, or a shift they cannot take.</summary>
    private static IEnumerable<string> ProvidedErrors(TrainingTrial trial)
    {
        if (trial.Provided is not ProvidedData provided)
        {
            yield break;
        }

        DataSpec data = trial.Spec.Data;
        foreach ((string name, Dataset set) in new[] { ("training", provided.Train), ("test", provided.Test) })
        {
            if (set.Inputs != data.Inputs || set.Outputs != data.Outputs || set.IsClassification != data.IsClassification)
            {
                yield return $"the provided {name} set has {set.Inputs} inputs and {set.Outputs} outputs ({(set.IsClassification ? "classes" : "values")}), but the data spec {data.Inputs} and {data.Outputs}.";
            }
        }

        if (provided.Train.Rows != data.Train)
        {
            yield return $"the provided training set has {provided.Train.Rows} rows, but the data spec {data.Train}.";
        }

        if (provided.Test.Rows != data.Test)
        {
            yield return $"the provided test set has {provided.Test.Rows} rows, but the data spec {data.Test}.";
        }

        foreach (NamedEvaluation evaluation in trial.Spec.Evaluations.Where(e => e.Shift is CovariateShift or SpuriousShift))
        {
            yield return $"evaluation '{evaluation.Name}': a {(evaluation.Shift is CovariateShift ? "covariate" : "spurious")} shift redraws inputs, which provided data cannot do.";
        }
    }

    private static Dataset TrainSet(TrainingTrial trial)
        => trial.Provided?.Train ?? SyntheticData.Train(trial.Spec.Data, (ulong)trial.Seed);

    private static Dataset TestSet(TrainingTrial trial, ShiftSpec shift)
        => trial.Provided is ProvidedData provided ? SyntheticData.Test(provided.Test, (ulong)trial.Seed, shift) : SyntheticData.Test(trial.Spec.Data, (ulong)trial.Seed, shift);

    private static TrialResult RunLeastSquares(ComputeBackend backend, TrainingTrial trial, List<ReadoutModel> models)
    {
        var clock = Stopwatch.StartNew();
        var seed = (ulong)trial.Seed;
        TrialSpec spec = trial.Spec;
        DataSpec config = spec.Data;
        Dataset train = TrainSet(trial);
        int d = config.Inputs, outputs = config.Outputs, n = train.Rows;
        double ridge = ((LeastSquaresTrain)spec.Train).Ridge * n;
        RandomFeatureMap? map = spec.Model is RandomFeaturesModel rf ? new RandomFeatureMap(d, rf.Features, rf.Map, seed) : null;
        int p = map?.Features ?? d;
        double[] phi = map is null ? [.. train.X.Select(v => (double)v)] : map.Transform(train.X, n);
        double[] y = Targets(train);
        var bias = new double[outputs];
        double[] weights;
        if (map is null && spec.Model is not LinearThroughOriginModel)
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
        models.Add(model);
        MetricsMode mode = config.IsClassification ? MetricsMode.LeastSquares : MetricsMode.Probabilistic;
        double trainLoss = EvaluationMetrics.Evaluate("train", model.Predict(train.X, n), train, mode).Loss;
        var evaluations = new List<EvaluationResult>();
        foreach (NamedEvaluation e in spec.Evaluations)
        {
            Dataset test = TestSet(trial, e.Shift);
            float[] predictions = e.Shift is AdversarialShift attack
                ? model.PredictAdversarial(test, mode, attack.Norm ?? AttackNorm.LInfinity, attack.Epsilon, attack.Steps, attack.StepSize)
                : model.Predict(test.X, test.Rows);
            evaluations.Add(EvaluationMetrics.Evaluate(e.Name, predictions, test, mode));
        }

        double flops = TrainingCost.TrainingFlops(spec);
        return new TrialResult(
            trial, backend.Name, trainLoss, evaluations, spec.Model.Parameters(d, outputs), flops, n, clock.Elapsed, 1, []);
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

    private static IReadOnlyList<TrialResult> RunGradient(
        ComputeBackend backend, IReadOnlyList<TrainingTrial> trials, CancellationToken cancellationToken, int lossCurvePoints, Action<Collapse.BatchPredictor>? trained)
    {
        var clock = Stopwatch.StartNew();
        int count = trials.Count;
        TrialSpec first = trials[0].Spec;
        var g0 = (GradientTrain)first.Train;
        DataSpec config = first.Data;
        int d = config.Inputs, outputs = config.Outputs, n = config.Train;
        int batch = Math.Min(g0.Batch, n);
        var maps = new RandomFeatureMap?[count];
        var raw = new Dataset[count];
        var train = new Dataset[count];
        for (int k = 0; k < count; k++)
        {
            var seed = (ulong)trials[k].Seed;
            raw[k] = TrainSet(trials[k]);
            maps[k] = trials[k].Spec.Model is RandomFeaturesModel rf ? new RandomFeatureMap(d, rf.Features, rf.Map, seed) : null;
            train[k] = Featurize(maps[k], raw[k]);
        }

        MlpShape shape = KernelArguments.Shape(first.Model, config);
        LossKind loss = config.IsClassification ? LossKind.SoftmaxCrossEntropy : LossKind.MeanSquaredError;
        using var trainer = new MlpTrainer(backend, shape, count, batch, n, loss, KernelArguments.Optimizer(g0.Optimizer));
        for (int k = 0; k < count; k++)
        {
            var seed = (ulong)trials[k].Seed;
            trainer.LoadTrainingData(k, train[k].X, train[k].Y);
            trainer.SetShuffleSeed(k, seed);
            trainer.InitializeParameters(k, seed);
            trainer.Configure(k, KernelArguments.Settings((GradientTrain)trials[k].Spec.Train));
        }

        var curves = new List<LossPoint>[count];
        for (int k = 0; k < count; k++)
        {
            curves[k] = [];
        }

        TrainingPerturbation? perturbation = KernelArguments.Perturbation(g0);
        MappedPerturbation? mapped = perturbation is { } p && first.Model is RandomFeaturesModel
            ? new MappedPerturbation([.. maps.Select(m => m!)], raw, [.. trials.Select(t => (ulong)t.Seed)], batch, p, shape)
            : null;
        var record = new SortedSet<int>();
        int points = Math.Clamp(lossCurvePoints, 0, g0.Steps);
        for (int i = 0; i < points; i++)
        {
            record.Add(points == 1 ? g0.Steps - 1 : (int)((long)i * (g0.Steps - 1) / (points - 1)));
        }

        // Plain steps go in runs (MlpTrainer.Steps: on the CPU each model trains through a run before the next one
        // starts, so its data stays in cache across epochs). A run ends at the next recorded loss and doubles while
        // one takes under a quarter second, so a cancellation still lands within about half a second.
        int run = 1;
        for (int step = 0; step < g0.Steps;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int length = 1;
            long started = Stopwatch.GetTimestamp();
            if (mapped is not null)
            {
                mapped.Step(trainer, step);
            }
            else if (perturbation is { } perturb)
            {
                trainer.Step(step, perturb);
            }
            else
            {
                length = Math.Min(run, g0.Steps - step);
                if (record.GetViewBetween(step, step + length - 1) is { Count: > 0 } due)
                {
                    length = due.Min - step + 1;
                }

                trainer.Steps(step, length);
                if (length == run && Stopwatch.GetElapsedTime(started).TotalSeconds < 0.25)
                {
                    run = Math.Min(2 * run, 1 << 16);
                }
            }

            step += length;
            if (record.Contains(step - 1))
            {
                float[] losses = trainer.LastLosses();
                for (int k = 0; k < count; k++)
                {
                    curves[k].Add(new LossPoint(step - 1, losses[k]));
                }
            }
        }

        MetricsMode mode = MetricsMode.Probabilistic;

        // Temperature scaling: one T per model, fitted on its validation split of the training stream.
        var temperatures = new double?[count];
        if (config.Validation is int validationRows && config.IsClassification && trials.All(t => t.Provided is null))
        {
            Dataset[] validation = [.. trials.Select((t, k) => Featurize(maps[k], SyntheticData.Validation(t.Spec.Data, (ulong)t.Seed)))];
            float[][] logits = trainer.Predict([.. validation.Select(v => v.X)], validationRows);
            for (int k = 0; k < count; k++)
            {
                temperatures[k] = EvaluationMetrics.FitTemperature(logits[k], validation[k]);
            }
        }

        float[][] trainPredictions = trainer.Predict([.. train.Select(t => t.X)], n);
        var trainLoss = new double[count];
        for (int k = 0; k < count; k++)
        {
            trainLoss[k] = EvaluationMetrics.Evaluate("train", trainPredictions[k], train[k], mode).Loss;
        }

        var evaluations = new List<EvaluationResult>[count];
        for (int k = 0; k < count; k++)
        {
            evaluations[k] = [];
        }

        // OOD detection: every shifted evaluation of a classifier is scored against the clean test inputs' MSP.
        double[][]? cleanMsp = null;
        if (config.IsClassification && first.Evaluations.Any(e => e.Shift is not NoShift))
        {
            Dataset[] clean = [.. trials.Select((t, k) => Featurize(maps[k], TestSet(t, ShiftSpec.None)))];
            float[][] logits = trainer.Predict([.. clean.Select(c => c.X)], config.Test);
            cleanMsp = [.. logits.Select(l => EvaluationMetrics.MaxSoftmax(l, outputs))];
        }

        foreach (NamedEvaluation e in first.Evaluations)
        {
            var tests = new Dataset[count];
            for (int k = 0; k < count; k++)
            {
                tests[k] = TestSet(trials[k], e.Shift);
            }

            AdversarialShift? attack = e.Shift as AdversarialShift;
            float[][] predictions;
            if (attack is not null && first.Model is RandomFeaturesModel)
            {
                // The attack acts on the inputs, through the fixed feature map: run it on the host.
                predictions = new float[count][];
                for (int k = 0; k < count; k++)
                {
                    ReadoutModel model = ReadoutModel.FromParameters(maps[k]!, trainer.GetParameters(k), shape);
                    predictions[k] = model.PredictAdversarial(tests[k], mode, attack.Norm ?? AttackNorm.LInfinity, attack.Epsilon, attack.Steps, attack.StepSize);
                }
            }
            else
            {
                Dataset[] inputs = [.. tests.Select((t, k) => Featurize(maps[k], t))];
                predictions = attack is not null
                    ? trainer.PredictAdversarial([.. inputs.Select(t => t.X)], [.. inputs.Select(t => t.Y)], config.Test, KernelArguments.Norm(attack.Norm), (float)attack.Epsilon, attack.Steps, (float)attack.StepSize)
                    : trainer.Predict([.. inputs.Select(t => t.X)], config.Test);
            }

            for (int k = 0; k < count; k++)
            {
                EvaluationResult evaluated = EvaluationMetrics.Evaluate(e.Name, predictions[k], tests[k], mode, temperatures[k]);
                if (cleanMsp is not null && e.Shift is not NoShift)
                {
                    evaluated = evaluated with { MspAuroc = EvaluationMetrics.Auroc(cleanMsp[k], EvaluationMetrics.MaxSoftmax(predictions[k], outputs)) };
                }

                evaluations[k].Add(evaluated);
            }
        }

        trained?.Invoke((inputs, rows) => trainer.Predict([.. inputs.Select((x, k) => maps[k] is { } map ? [.. map.Transform(x, rows).Select(v => (float)v)] : x)], rows));
        double flops = TrainingCost.TrainingFlops(first);
        TimeSpan each = clock.Elapsed / count;
        var results = new TrialResult[count];
        for (int k = 0; k < count; k++)
        {
            results[k] = new TrialResult(
                trials[k], backend.Name, trainLoss[k], evaluations[k], trials[k].Spec.Model.Parameters(d, outputs), flops, (long)g0.Steps * batch, each, count, curves[k]);
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
}
