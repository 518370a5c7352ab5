namespace Sweep.Kernels;

/// <summary>
/// Trains K MLPs of one shape together on a backend, one model per batch slice: each model has its own training
/// set, minibatch order, initialisation and optimiser settings, and every kernel of a step runs once for all K.
/// A step is: gather each model's shuffled minibatch, dense forward passes (bias and activation fused), loss and
/// its gradient, dense backward passes (activation derivative fused), optional gradient-norm clipping, and one
/// fused optimiser sweep. Nothing is allocated per step; every buffer lives on the backend.
/// </summary>
/// <example>
/// <code>
/// var shape = new MlpShape(32, [64], 1, ActivationKind.Relu);
/// using var trainer = new MlpTrainer(backend, shape, models: 16, batchRows: 256, trainRows: 4096, LossKind.MeanSquaredError, OptimizerKind.Adam);
/// for (int k = 0; k &lt; 16; k++)
/// {
///     trainer.LoadTrainingData(k, inputs[k], targets[k]);
///     trainer.InitializeParameters(k, seed: (ulong)k);
///     trainer.Configure(k, OptimizerSettings.Default with { LearningRate = 3e-3f, TotalSteps = 1000 });
/// }
/// for (int step = 0; step &lt; 1000; step++) trainer.Step(step);
/// </code>
/// </example>
public sealed class MlpTrainer : IDisposable
{
    private const int EvalChunk = 512;

    private readonly ComputeBackend _backend;
    private readonly DeviceBuffer<float> _params;
    private readonly DeviceBuffer<float> _grads;
    private readonly DeviceBuffer<float> _state1;
    private readonly DeviceBuffer<float>? _state2;
    private readonly DeviceBuffer<float> _settings;
    private readonly DeviceBuffer<float> _sumSquares;
    private readonly DeviceBuffer<float> _loss;
    private readonly DeviceBuffer<uint> _seeds;
    private readonly DeviceBuffer<float> _xTrain;
    private readonly DeviceBuffer<float> _yTrain;
    private readonly LayerBuffers _train;
    private readonly IFusedMlpStep? _fused;
    private readonly OptimizerSettings[] _hostSettings;
    private readonly uint[] _hostSeeds;
    private AttackBuffers? _attack;
    private LayerBuffers? _eval;
    private EvalBuffers? _evalIo;
    private bool _settingsDirty = true;
    private bool _seedsDirty = true;
    private bool _clip;

    /// <summary>Allocates every buffer the training loop needs.</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="shape">The models' shape.</param>
    /// <param name="models">K, the models trained together.</param>
    /// <param name="batchRows">Minibatch rows B (at most <paramref name="trainRows"/>).</param>
    /// <param name="trainRows">Training rows per model.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="optimizer">The optimiser.</param>
    public MlpTrainer(ComputeBackend backend, MlpShape shape, int models, int batchRows, int trainRows, LossKind loss, OptimizerKind optimizer)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(models, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchRows, trainRows);
        if (loss == LossKind.SoftmaxCrossEntropy && shape.Outputs < 2)
        {
            throw new ArgumentException("cross-entropy needs at least two outputs.", nameof(loss));
        }

        _backend = backend;
        Shape = shape;
        Models = models;
        BatchRows = batchRows;
        TrainRows = trainRows;
        Loss = loss;
        Optimizer = optimizer;
        long p = shape.Parameters;
        _params = backend.Allocate<float>(models * p);
        _grads = backend.Allocate<float>(models * p);
        _state1 = backend.Allocate<float>(models * p);
        _state2 = optimizer == OptimizerKind.Sgd ? null : backend.Allocate<float>(models * p);
        _settings = backend.Allocate<float>(models * OptimizerSettings.Stride);
        _sumSquares = backend.Allocate<float>(models);
        _loss = backend.Allocate<float>(models);
        _seeds = backend.Allocate<uint>(2L * models);
        _xTrain = backend.Allocate<float>((long)models * trainRows * shape.Inputs);
        _yTrain = backend.Allocate<float>((long)models * trainRows * Targets);
        _train = new LayerBuffers(backend, shape, models, batchRows, Targets);
        _fused = backend.CreateFusedStep(shape, models, batchRows, trainRows, loss, optimizer);
        _hostSettings = new OptimizerSettings[models];
        Array.Fill(_hostSettings, OptimizerSettings.Default);
        _hostSeeds = new uint[2 * models];
        for (int k = 0; k < models; k++)
        {
            _hostSeeds[2 * k] = (uint)k;
        }
    }

    /// <summary>The models' shape.</summary>
    public MlpShape Shape { get; }

    /// <summary>K.</summary>
    public int Models { get; }

    /// <summary>Minibatch rows.</summary>
    public int BatchRows { get; }

    /// <summary>Training rows per model.</summary>
    public int TrainRows { get; }

    /// <summary>The loss.</summary>
    public LossKind Loss { get; }

    /// <summary>The optimiser.</summary>
    public OptimizerKind Optimizer { get; }

    /// <summary>Target values per row: 1 (a label) for cross-entropy, the output width for MSE.</summary>
    public int Targets => Loss == LossKind.SoftmaxCrossEntropy ? 1 : Shape.Outputs;

    /// <summary>Copies a model's training set (rows×inputs, rows×targets) to the backend.</summary>
    /// <param name="model">The model.</param>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    public void LoadTrainingData(int model, ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        CheckModel(model);
        _xTrain.CopyFrom(x, (long)model * TrainRows * Shape.Inputs);
        _yTrain.CopyFrom(y, (long)model * TrainRows * Targets);
    }

    /// <summary>Sets the seed of a model's minibatch order (each epoch is a fresh permutation keyed by it).</summary>
    /// <param name="model">The model.</param>
    /// <param name="seed">The seed.</param>
    public void SetShuffleSeed(int model, ulong seed)
    {
        CheckModel(model);
        _hostSeeds[2 * model] = (uint)seed;
        _hostSeeds[(2 * model) + 1] = (uint)(seed >> 32);
        _seedsDirty = true;
    }

    /// <summary>
    /// PyTorch's default initialisation of <c>nn.Linear</c>: weights and biases ~ U(−1/√in, 1/√in), drawn from
    /// Philox (seed, <see cref="RandomStreams.Init"/>, parameter index). Also resets the optimiser state.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="seed">The seed.</param>
    public void InitializeParameters(int model, ulong seed)
    {
        CheckModel(model);
        var values = new float[Shape.Parameters];
        for (int l = 0; l < Shape.Layers; l++)
        {
            float bound = 1f / MathF.Sqrt(Shape.Widths[l]);
            long start = Shape.WeightOffset(l), end = Shape.WeightOffset(l + 1);
            for (long i = start; i < end; i++)
            {
                values[i] = (float)((((2.0 * Philox.Uniform(seed, RandomStreams.Init, (ulong)i)) - 1.0) * bound));
            }
        }

        SetParameters(model, values);
    }

    /// <summary>Overwrites a model's parameters and resets its optimiser state.</summary>
    /// <param name="model">The model.</param>
    /// <param name="values">Parameters in <see cref="MlpShape"/>'s layout.</param>
    public void SetParameters(int model, ReadOnlySpan<float> values)
    {
        CheckModel(model);
        if (values.Length != Shape.Parameters)
        {
            throw new ArgumentException($"expected {Shape.Parameters} parameters.", nameof(values));
        }

        long offset = model * Shape.Parameters;
        _params.CopyFrom(values, offset);
        var zeros = new float[Shape.Parameters];
        _state1.CopyFrom(zeros, offset);
        _state2?.CopyFrom(zeros, offset);
    }

    /// <summary>A model's parameters.</summary>
    /// <param name="model">The model.</param>
    /// <returns>Parameters in <see cref="MlpShape"/>'s layout.</returns>
    public float[] GetParameters(int model)
    {
        CheckModel(model);
        var values = new float[Shape.Parameters];
        _params.CopyTo(values, model * Shape.Parameters);
        return values;
    }

    /// <summary>A model's gradients from the last step.</summary>
    /// <param name="model">The model.</param>
    /// <returns>Gradients in <see cref="MlpShape"/>'s layout.</returns>
    public float[] GetGradients(int model)
    {
        CheckModel(model);
        var values = new float[Shape.Parameters];
        _grads.CopyTo(values, model * Shape.Parameters);
        return values;
    }

    /// <summary>Sets a model's optimiser settings.</summary>
    /// <param name="model">The model.</param>
    /// <param name="settings">The settings.</param>
    public void Configure(int model, OptimizerSettings settings)
    {
        CheckModel(model);
        _hostSettings[model] = settings;
        _settingsDirty = true;
    }

    /// <summary>One training step for every model on its next shuffled minibatch (samples step·B … step·B + B − 1 of its stream).</summary>
    /// <param name="step">The 0-based step.</param>
    public void Step(int step)
    {
        Upload();
        if (_fused is not null)
        {
            _fused.Step(step, Buffers, fromBatch: false);
            return;
        }

        _backend.GatherMinibatch(
            Models, BatchRows, TrainRows, Shape.Inputs, Targets,
            new BatchView(_xTrain, 0, (long)TrainRows * Shape.Inputs),
            new BatchView(_yTrain, 0, (long)TrainRows * Targets),
            _train.X, _train.Y, _seeds, (long)step * BatchRows);
        StepOnLoadedBatch(step);
    }

    /// <summary>
    /// Steps <paramref name="firstStep"/> … <paramref name="firstStep"/> + <paramref name="count"/> − 1 for every
    /// model, with the same results as that many <see cref="Step(int)"/> calls (<see cref="LastLosses"/> then gives
    /// the last step's losses). On the CPU each model runs through the whole run before the next one starts, so a
    /// batch of models whose training sets together outgrow the cache reads each one from memory once a run
    /// rather than once an epoch.
    /// </summary>
    /// <param name="firstStep">The first 0-based step.</param>
    /// <param name="count">How many steps, at least 1.</param>
    public void Steps(int firstStep, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstStep);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (_fused is null)
        {
            for (int step = firstStep; step < firstStep + count; step++)
            {
                Step(step);
            }

            return;
        }

        Upload();
        _fused.Steps(firstStep, count, Buffers);
    }

    /// <summary>One training step on an explicit minibatch per model (rows×inputs and rows×targets each, B rows).</summary>
    /// <param name="step">The 0-based step (for the schedule and bias correction).</param>
    /// <param name="x">Inputs per model.</param>
    /// <param name="y">Targets per model.</param>
    public void Step(int step, IReadOnlyList<float[]> x, IReadOnlyList<float[]> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Upload();
        for (int k = 0; k < Models; k++)
        {
            _train.X.Buffer.CopyFrom(x[k], (long)k * BatchRows * Shape.Inputs);
            _train.Y.Buffer.CopyFrom(y[k], (long)k * BatchRows * Targets);
        }

        if (_fused is not null)
        {
            _fused.Step(step, Buffers, fromBatch: true);
            return;
        }

        StepOnLoadedBatch(step);
    }

    /// <summary>
    /// One training step on a perturbed minibatch: the next shuffled minibatch, plus Gaussian noise (each model's own,
    /// from its shuffle seed and the step), then attacked on each model's own loss (adversarial training, Madry et al.
    /// 2018), then the usual weight update on the perturbed inputs. Runs the unfused kernels on every backend.
    /// </summary>
    /// <param name="step">The 0-based step.</param>
    /// <param name="perturbation">The noise and the attack.</param>
    public void Step(int step, TrainingPerturbation perturbation)
    {
        Upload();
        _backend.GatherMinibatch(
            Models, BatchRows, TrainRows, Shape.Inputs, Targets,
            new BatchView(_xTrain, 0, (long)TrainRows * Shape.Inputs),
            new BatchView(_yTrain, 0, (long)TrainRows * Targets),
            _train.X, _train.Y, _seeds, (long)step * BatchRows);
        long n = (long)BatchRows * Shape.Inputs;
        if (perturbation.NoiseSigma > 0)
        {
            float[] x = _train.X.Buffer.ToArray();
            for (int k = 0; k < Models; k++)
            {
                for (long j = 0; j < n; j++)
                {
                    ulong seed = _hostSeeds[2 * k] | ((ulong)_hostSeeds[(2 * k) + 1] << 32);
                    x[(k * n) + j] += perturbation.NoiseSigma * (float)Philox.Normal(seed, RandomStreams.Augmentation, ((ulong)step * (ulong)n) + (ulong)j);
                }
            }

            _train.X.Buffer.CopyFrom(x);
        }

        if (perturbation.Steps > 0 && perturbation.Epsilon > 0)
        {
            _attack ??= new AttackBuffers(_backend, Models, n);
            _attack.Origin.Buffer.CopyFrom(_train.X.Buffer.ToArray());
            Attack(_train, _train.X, _train.Y, _attack.Origin, _attack.GradX, BatchRows, perturbation.Norm, perturbation.Epsilon, perturbation.Steps, perturbation.StepSize, _loss);
        }

        StepOnLoadedBatch(step);
    }

    /// <summary>Each model's minibatch loss at the last step (waits for the backend).</summary>
    /// <returns>K losses.</returns>
    public float[] LastLosses() => _loss.ToArray();

    /// <summary>Every model's outputs on its own inputs (rows×inputs each; the same row count for all).</summary>
    /// <param name="inputs">Inputs per model.</param>
    /// <param name="rows">Rows per model.</param>
    /// <returns>rows×outputs per model.</returns>
    public float[][] Predict(IReadOnlyList<float[]> inputs, int rows)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        float[][] outputs = NewOutputs(rows);
        EvalBuffers io = EnsureEval();
        for (int r0 = 0; r0 < rows; r0 += EvalChunk)
        {
            int r = Math.Min(EvalChunk, rows - r0);
            io.Stage(inputs, null, r0, r, Shape.Inputs, 0);
            io.X.Buffer.CopyFrom(io.HostX);
            Forward(_eval!, io.X, r);
            Collect(outputs, r0, r, io);
        }

        return outputs;
    }

    /// <summary>
    /// Every model's outputs on inputs moved by an L∞ attack on its own loss: <paramref name="steps"/> steps of
    /// <c>x ← clip(x + stepSize·sign(∇ₓ loss), x₀ ± ε)</c> from the clean inputs (FGSM is one step of ε).
    /// </summary>
    /// <param name="inputs">Clean inputs per model.</param>
    /// <param name="targets">Targets per model.</param>
    /// <param name="rows">Rows per model.</param>
    /// <param name="epsilon">L∞ radius.</param>
    /// <param name="steps">Attack steps.</param>
    /// <param name="stepSize">Step size.</param>
    /// <returns>rows×outputs per model, on the attacked inputs.</returns>
    public float[][] PredictAdversarial(IReadOnlyList<float[]> inputs, IReadOnlyList<float[]> targets, int rows, float epsilon, int steps, float stepSize)
        => PredictAdversarial(inputs, targets, rows, AttackNormKind.LInfinity, epsilon, steps, stepSize);

    /// <summary>
    /// Every model's outputs on inputs moved by an L∞ or L2 attack on its own loss (see <see cref="AttackInputs"/>).
    /// </summary>
    /// <param name="inputs">Clean inputs per model.</param>
    /// <param name="targets">Targets per model.</param>
    /// <param name="rows">Rows per model.</param>
    /// <param name="norm">The ball's norm.</param>
    /// <param name="epsilon">The radius.</param>
    /// <param name="steps">Attack steps.</param>
    /// <param name="stepSize">Step size.</param>
    /// <returns>rows×outputs per model, on the attacked inputs.</returns>
    public float[][] PredictAdversarial(IReadOnlyList<float[]> inputs, IReadOnlyList<float[]> targets, int rows, AttackNormKind norm, float epsilon, int steps, float stepSize)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        float[][] outputs = NewOutputs(rows);
        EvalBuffers io = EnsureEval();
        for (int r0 = 0; r0 < rows; r0 += EvalChunk)
        {
            int r = Math.Min(EvalChunk, rows - r0);
            io.Stage(inputs, targets, r0, r, Shape.Inputs, Targets);
            io.Origin.Buffer.CopyFrom(io.HostX);
            io.X.Buffer.CopyFrom(io.HostX);
            io.Y.Buffer.CopyFrom(io.HostY);
            Attack(_eval!, io.X, io.Y, io.Origin, io.GradX, r, norm, epsilon, steps, stepSize, io.Loss);
            Forward(_eval!, io.X, r);
            Collect(outputs, r0, r, io);
        }

        return outputs;
    }

    /// <summary>
    /// The attacked inputs themselves: <paramref name="steps"/> steps from the clean inputs on each model's own loss, L∞
    /// (<c>x ← clip(x + α·sign(∇ₓ), x₀ ± ε)</c>) or L2 (<c>x ← Π(x + α·∇ₓ/‖∇ₓ‖₂)</c> onto <c>‖x − x₀‖₂ ≤ ε</c>, per row).
    /// </summary>
    /// <param name="inputs">Clean inputs per model.</param>
    /// <param name="targets">Targets per model.</param>
    /// <param name="rows">Rows per model (at most 512).</param>
    /// <param name="norm">The ball's norm.</param>
    /// <param name="epsilon">The radius.</param>
    /// <param name="steps">Attack steps.</param>
    /// <param name="stepSize">Step size.</param>
    /// <returns>rows×inputs per model.</returns>
    public float[][] AttackInputs(IReadOnlyList<float[]> inputs, IReadOnlyList<float[]> targets, int rows, AttackNormKind norm, float epsilon, int steps, float stepSize)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, EvalChunk);
        EvalBuffers io = EnsureEval();
        io.Stage(inputs, targets, 0, rows, Shape.Inputs, Targets);
        io.Origin.Buffer.CopyFrom(io.HostX);
        io.X.Buffer.CopyFrom(io.HostX);
        io.Y.Buffer.CopyFrom(io.HostY);
        Attack(_eval!, io.X, io.Y, io.Origin, io.GradX, rows, norm, epsilon, steps, stepSize, io.Loss);
        float[] all = io.X.Buffer.ToArray();
        return [.. Enumerable.Range(0, Models).Select(k => all.AsSpan(k * EvalChunk * Shape.Inputs, rows * Shape.Inputs).ToArray())];
    }

    /// <summary>The attack loop on staged inputs <paramref name="x"/> (moved in place) around <paramref name="origin"/>.</summary>
    private void Attack(LayerBuffers buffers, BatchView x, BatchView y, BatchView origin, BatchView gradX, int rows, AttackNormKind norm, float epsilon, int steps, float stepSize, DeviceBuffer<float> loss)
    {
        int width = Shape.Inputs;
        for (int s = 0; s < steps; s++)
        {
            Forward(buffers, x, rows);
            _backend.Loss(Loss, Models, rows, Shape.Outputs, buffers.Z[^1], y, buffers.GradZ[^1], loss);
            Backward(buffers, x, rows, weightGradients: false, gradX);
            if (norm == AttackNormKind.LInfinity)
            {
                _backend.AttackStep(Models, (long)rows * width, x, origin, gradX, stepSize, epsilon);
            }
            else
            {
                _backend.AttackStepL2(Models, rows, width, x, origin, gradX, stepSize, epsilon);
            }
        }
    }

    /// <summary>The gradient of each model's mean loss with respect to its inputs (for attacks and tests).</summary>
    /// <param name="inputs">Inputs per model.</param>
    /// <param name="targets">Targets per model.</param>
    /// <param name="rows">Rows per model (at most 512).</param>
    /// <returns>rows×inputs per model.</returns>
    public float[][] InputGradient(IReadOnlyList<float[]> inputs, IReadOnlyList<float[]> targets, int rows)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, EvalChunk);
        EvalBuffers io = EnsureEval();
        io.Stage(inputs, targets, 0, rows, Shape.Inputs, Targets);
        io.X.Buffer.CopyFrom(io.HostX);
        io.Y.Buffer.CopyFrom(io.HostY);
        Forward(_eval!, io.X, rows);
        _backend.Loss(Loss, Models, rows, Shape.Outputs, _eval!.Z[^1], io.Y, _eval.GradZ[^1], io.Loss);
        Backward(_eval, io.X, rows, weightGradients: false, io.GradX);
        float[] all = io.GradX.Buffer.ToArray();
        var result = new float[Models][];
        for (int k = 0; k < Models; k++)
        {
            result[k] = all.AsSpan(k * EvalChunk * Shape.Inputs, rows * Shape.Inputs).ToArray();
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _params.Dispose();
        _grads.Dispose();
        _state1.Dispose();
        _state2?.Dispose();
        _settings.Dispose();
        _sumSquares.Dispose();
        _loss.Dispose();
        _seeds.Dispose();
        _xTrain.Dispose();
        _yTrain.Dispose();
        _train.Dispose();
        _fused?.Dispose();
        _eval?.Dispose();
        _evalIo?.Dispose();
        _attack?.Dispose();
    }

    private MlpStepBuffers Buffers => new(
        _params, _grads, _state1, _state2, _settings, _loss, _seeds, _xTrain, _yTrain, _train.X.Buffer, _train.Y.Buffer);

    private void StepOnLoadedBatch(int step)
    {
        Forward(_train, _train.X, BatchRows);
        _backend.Loss(Loss, Models, BatchRows, Shape.Outputs, _train.Z[^1], _train.Y, _train.GradZ[^1], _loss);
        Backward(_train, _train.X, BatchRows, weightGradients: true, default);
        long p = Shape.Parameters;
        if (_clip)
        {
            _backend.SumOfSquares(Models, p, new BatchView(_grads, 0, p), _sumSquares);
        }

        _backend.OptimizerStep(
            Optimizer, Models, p,
            new BatchView(_params, 0, p), new BatchView(_grads, 0, p),
            new BatchView(_state1, 0, p), _state2 is null ? default : new BatchView(_state2, 0, p),
            _settings, _clip ? _sumSquares : null, step);
    }

    private void Forward(LayerBuffers buffers, BatchView x, int rows)
    {
        long p = Shape.Parameters;
        for (int l = 0; l < Shape.Layers; l++)
        {
            BatchView input = l == 0 ? x : buffers.H[l - 1];
            ActivationKind act = Shape.ActivationAfter(l);
            _backend.DenseForward(
                new DenseShape(Models, rows, Shape.Widths[l], Shape.Widths[l + 1]),
                input,
                new BatchView(_params, Shape.WeightOffset(l), p),
                new BatchView(_params, Shape.BiasOffset(l), p),
                act,
                buffers.Z[l],
                act == ActivationKind.Identity ? default : buffers.H[l]);
        }
    }

    private void Backward(LayerBuffers buffers, BatchView x, int rows, bool weightGradients, BatchView gradX)
    {
        long p = Shape.Parameters;
        for (int l = Shape.Layers - 1; l >= 0; l--)
        {
            BatchView input = l == 0 ? x : buffers.H[l - 1];
            BatchView gradInput = l > 0 ? buffers.GradZ[l - 1] : gradX;
            if (l == 0 && !weightGradients && gradX.IsEmpty)
            {
                continue;
            }

            _backend.DenseBackward(
                new DenseShape(Models, rows, Shape.Widths[l], Shape.Widths[l + 1]),
                buffers.GradZ[l],
                input,
                new BatchView(_params, Shape.WeightOffset(l), p),
                weightGradients ? new BatchView(_grads, Shape.WeightOffset(l), p) : default,
                weightGradients ? new BatchView(_grads, Shape.BiasOffset(l), p) : default,
                gradInput,
                l > 0 ? buffers.Z[l - 1] : default,
                l > 0 ? Shape.Activation : ActivationKind.Identity);
        }
    }

    private void Upload()
    {
        if (_settingsDirty)
        {
            _settings.CopyFrom(OptimizerSettings.Pack(_hostSettings));
            _clip = _hostSettings.Any(s => s.ClipNorm > 0);
            _settingsDirty = false;
        }

        if (_seedsDirty)
        {
            _seeds.CopyFrom(_hostSeeds);
            _seedsDirty = false;
        }
    }

    private EvalBuffers EnsureEval()
    {
        _eval ??= new LayerBuffers(_backend, Shape, Models, EvalChunk, Targets);
        _evalIo ??= new EvalBuffers(_backend, Models, EvalChunk, Shape.Inputs, Targets);
        return _evalIo;
    }

    private float[][] NewOutputs(int rows)
    {
        var outputs = new float[Models][];
        for (int k = 0; k < Models; k++)
        {
            outputs[k] = new float[(long)rows * Shape.Outputs];
        }

        return outputs;
    }

    private void Collect(float[][] outputs, int r0, int r, EvalBuffers io)
    {
        int o = Shape.Outputs;
        io.EnsureOutput(_eval!.Z[^1].Buffer.Length);
        _eval.Z[^1].Buffer.CopyTo(io.HostOut);
        for (int k = 0; k < Models; k++)
        {
            io.HostOut.AsSpan(k * EvalChunk * o, r * o).CopyTo(outputs[k].AsSpan(r0 * o));
        }
    }

    private void CheckModel(int model) => ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)model, (uint)Models, nameof(model));

    /// <summary>Per-layer activations for a given row count: pre-activations Z, activations H and gradients with respect to Z.</summary>
    private sealed class LayerBuffers : IDisposable
    {
        public LayerBuffers(ComputeBackend backend, MlpShape shape, int models, int rows, int targets)
        {
            Z = new BatchView[shape.Layers];
            H = new BatchView[shape.Layers];
            GradZ = new BatchView[shape.Layers];
            for (int l = 0; l < shape.Layers; l++)
            {
                long stride = (long)rows * shape.Widths[l + 1];
                Z[l] = new BatchView(backend.Allocate<float>(models * stride), 0, stride);
                GradZ[l] = new BatchView(backend.Allocate<float>(models * stride), 0, stride);
                if (shape.ActivationAfter(l) != ActivationKind.Identity)
                {
                    H[l] = new BatchView(backend.Allocate<float>(models * stride), 0, stride);
                }
            }

            long xStride = (long)rows * shape.Inputs;
            X = new BatchView(backend.Allocate<float>(models * xStride), 0, xStride);
            long yStride = (long)rows * targets;
            Y = new BatchView(backend.Allocate<float>(models * yStride), 0, yStride);
        }

        public BatchView[] Z { get; }

        public BatchView[] H { get; }

        public BatchView[] GradZ { get; }

        public BatchView X { get; }

        public BatchView Y { get; }

        public void Dispose()
        {
            foreach (BatchView v in Z.Concat(H).Concat(GradZ).Append(X).Append(Y))
            {
                v.Buffer?.Dispose();
            }
        }
    }

    /// <summary>The clean origin and input gradient of an adversarially trained minibatch.</summary>
    private sealed class AttackBuffers : IDisposable
    {
        public AttackBuffers(ComputeBackend backend, int models, long stride)
        {
            Origin = new BatchView(backend.Allocate<float>(models * stride), 0, stride);
            GradX = new BatchView(backend.Allocate<float>(models * stride), 0, stride);
        }

        public BatchView Origin { get; }

        public BatchView GradX { get; }

        public void Dispose()
        {
            Origin.Buffer.Dispose();
            GradX.Buffer.Dispose();
        }
    }

    /// <summary>Staging for evaluation chunks: host arrays and device inputs, clean origin and input gradient.</summary>
    private sealed class EvalBuffers : IDisposable
    {
        private readonly int _models;
        private readonly int _chunk;

        public EvalBuffers(ComputeBackend backend, int models, int chunk, int inputs, int targets)
        {
            _models = models;
            _chunk = chunk;
            long xStride = (long)chunk * inputs, yStride = (long)chunk * targets;
            X = new BatchView(backend.Allocate<float>(models * xStride), 0, xStride);
            Origin = new BatchView(backend.Allocate<float>(models * xStride), 0, xStride);
            GradX = new BatchView(backend.Allocate<float>(models * xStride), 0, xStride);
            Y = new BatchView(backend.Allocate<float>(models * yStride), 0, yStride);
            Loss = backend.Allocate<float>(models);
            HostX = new float[models * xStride];
            HostY = new float[models * yStride];
            HostOut = [];
        }

        public BatchView X { get; }

        public BatchView Origin { get; }

        public BatchView GradX { get; }

        public BatchView Y { get; }

        public DeviceBuffer<float> Loss { get; }

        public float[] HostX { get; }

        public float[] HostY { get; }

        public float[] HostOut { get; private set; }

        public void Stage(IReadOnlyList<float[]> inputs, IReadOnlyList<float[]>? targets, int r0, int r, int width, int targetWidth)
        {
            for (int k = 0; k < _models; k++)
            {
                inputs[k].AsSpan(r0 * width, r * width).CopyTo(HostX.AsSpan(k * _chunk * width));
                targets?[k].AsSpan(r0 * targetWidth, r * targetWidth).CopyTo(HostY.AsSpan(k * _chunk * targetWidth));
            }
        }

        public void EnsureOutput(long length)
        {
            if (HostOut.Length != length)
            {
                HostOut = new float[length];
            }
        }

        public void Dispose()
        {
            X.Buffer.Dispose();
            Origin.Buffer.Dispose();
            GradX.Buffer.Dispose();
            Y.Buffer.Dispose();
            Loss.Dispose();
        }
    }
}
