using System.Collections.Concurrent;
using Sweep.Kernels;
using Sweep.Storage;

namespace Sweep.Training;

/// <summary>
/// The built-in engine: trains and evaluates (through <see cref="TrialTraining"/>) every kind of spec (linear, random-features and MLP models; least
/// squares, SGD, Adam and AdamW with schedules, weight decay and clipping; clean, shifted and adversarial
/// evaluations) on a Sweep.Kernels backend, and collapse chains (<see cref="Collapse.CollapseChains"/>). Gradient-trained
/// trials that differ only in seed, learning rate or weight decay share a <see cref="BatchKey"/> and train together in one
/// batched pass; so do the seeds of a chain of such a model.
/// </summary>
/// <remarks>
/// A <see cref="ComputeBackend"/> serves one thread at a time, so the engine keeps a pool of them, one per lane: a
/// thread takes one for a trial or a batch and gives it back. A <c>cpu</c> lane has as many threads as its trial may
/// use (<see cref="EngineContext.Threads"/>): one while trials run side by side (the trial is the CPU's unit of
/// parallelism, see DESIGN.md), more when a run has fewer trials than cores; the results are the same bits either
/// way. GPU and ILGPU-simulator backends run one lane.
/// Each trial returns, for every evaluation: <c>test_loss</c>, <c>train_loss</c>, <c>test_accuracy</c> and
/// <c>ece</c> (classification; no <c>ece</c> for least-squares classifiers, whose scores are not probabilities),
/// <c>model_parameters</c> (N), <c>train_tokens</c> (training samples processed, D: steps × batch, or n for least squares) and
/// <c>train_flops</c> (training compute C, <see cref="TrainingCost.TrainingFlops"/>), and with a probabilistic
/// classifier's evaluations their reliability diagrams (<see cref="TrialMetrics"/>).
/// </remarks>
/// <example>
/// <code>
/// using KernelsEngine engine = new(BackendKind.Auto);
/// Console.WriteLine(engine.Description);   // cpu (auto: no CUDA device, no OpenCL GPU)
/// </code>
/// </example>
public sealed class KernelsEngine : ITrialEngine
{
    /// <summary>The batch limit on the CPU backends: past it a batch only holds more data in flight.</summary>
    public const int CpuBatchLimit = 16;

    /// <summary>
    /// How much training state (parameters, gradients, optimiser moments, packed weights, gradient partials: about
    /// 8 floats per parameter) one CPU batch may hold. The CPU steps a batch's models one after another, so batching
    /// saves no arithmetic there, and once the batch's state outgrows the caches it costs: measured on the 2-core
    /// machine, three width-512 MLPs (9 MB each) trained together ran 28% slower than the same trials alone, while
    /// batches of models up to width 128 ran within ±10% of them.
    /// </summary>
    public const long CpuBatchBytes = 4L << 20;

    /// <summary>The batch limit on a GPU, where one pass over more models fills more of the device.</summary>
    public const int GpuBatchLimit = 64;

    private readonly ConcurrentDictionary<int, ConcurrentBag<ComputeBackend>> _idle = new();
    private readonly List<ComputeBackend> _all = [];
    private readonly Lock _gate = new();
    private readonly BackendOptions _options;
    private bool _disposed;

    /// <summary>Creates the engine and opens its first lane, so an unavailable backend fails here rather than in a trial.</summary>
    /// <param name="kind">The backend; <see cref="BackendKind.Auto"/> picks CUDA, then an OpenCL GPU, then <c>cpu</c>.</param>
    /// <param name="options">Device index and SIMD width; a <c>cpu</c> lane's threads come from each trial's <see cref="EngineContext.Threads"/>, whatever this says.</param>
    /// <exception cref="InvalidOperationException">No device of that kind is available.</exception>
    public KernelsEngine(BackendKind kind, BackendOptions? options = null)
    {
        _options = (options ?? BackendOptions.Default) with { Threads = 1 };
        if (kind == BackendKind.Auto)
        {
            (kind, string reason) = ComputeBackends.ResolveAuto();
            SelectionReason = reason;
        }

        Kind = kind;
        ComputeBackend first = Rent(1);
        Device = first.Device;
        Return(first, 1);
    }

    /// <summary>The backend kind trials run on (never <see cref="BackendKind.Auto"/>).</summary>
    public BackendKind Kind { get; }

    /// <summary>Why <see cref="BackendKind.Auto"/> chose <see cref="Kind"/>, or null when it was asked for by name.</summary>
    public string? SelectionReason { get; }

    /// <summary>The device of the engine's lanes.</summary>
    public DeviceInfo Device { get; }

    /// <inheritdoc />
    public string Backend => ComputeBackends.NameOf(Kind);

    /// <inheritdoc />
    public string Description => SelectionReason is null ? Backend : $"{Backend} ({SelectionReason})";

    /// <inheritdoc />
    public string? DeviceDescription => Device.Description;

    /// <inheritdoc />
    public int MaxLanes => Kind == BackendKind.Cpu ? int.MaxValue : 1;

    /// <inheritdoc />
    public int MaxBatch => Kind is BackendKind.Cuda or BackendKind.OpenCL ? GpuBatchLimit : CpuBatchLimit;

    /// <summary>Backends opened so far (one per lane that ever ran at once).</summary>
    public int Lanes
    {
        get
        {
            lock (_gate)
            {
                return _all.Count;
            }
        }
    }

    /// <summary>Training compute plus evaluation (<see cref="TrainingCost.Estimate"/>).</summary>
    /// <param name="spec">The trial.</param>
    /// <returns>FLOPs.</returns>
    public double EstimateCost(TrialSpec spec) => TrainingCost.Estimate(spec);

    /// <inheritdoc />
    public IReadOnlyList<MetricValue> Run(TrainingTrial trial, EngineContext context)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(context);
        int threads = LaneThreads(context.Threads);
        ComputeBackend lane = Rent(threads);
        try
        {
            return trial.Spec.Chain is null
                ? Metrics(TrialTraining.Run(lane, trial, context.CancellationToken))
                : Collapse.CollapseChains.Run(lane, [trial], context.CancellationToken)[0];
        }
        finally
        {
            Return(lane, threads);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// On a GPU, <see cref="GpuBatchLimit"/>. On the CPU, as many models as fit <see cref="CpuBatchBytes"/> of training
    /// state, between 1 and <see cref="CpuBatchLimit"/>: small models batch fully, a width-512 MLP runs alone.
    /// </remarks>
    public int BatchLimit(TrialSpec spec)
    {
        if (Kind is BackendKind.Cuda or BackendKind.OpenCL)
        {
            return GpuBatchLimit;
        }

        ArgumentNullException.ThrowIfNull(spec);
        long bytes = 8 * sizeof(float) * spec.Model.Parameters(spec.Data.Inputs, spec.Data.Outputs);
        return (int)Math.Clamp(CpuBatchBytes / Math.Max(1, bytes), 1, CpuBatchLimit);
    }

    /// <summary>
    /// The training layer's batch key of a valid gradient-trained trial (<see cref="TrialTraining.BatchKey"/>), or of a
    /// collapse chain of such a model (<see cref="Collapse.CollapseChains.BatchKey"/>); null for least squares and the
    /// closed-form chains (solved one by one on the host, nothing to share) and for an invalid trial (it runs alone and
    /// fails with the reason).
    /// </summary>
    /// <param name="spec">The trial.</param>
    /// <returns>The key, or null.</returns>
    public string? BatchKey(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Chain is null ? TrialTraining.BatchKey(spec) : Collapse.CollapseChains.BatchKey(spec);
    }

    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyList<MetricValue>> RunBatch(IReadOnlyList<TrainingTrial> trials, EngineContext context)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(context);
        int threads = LaneThreads(context.Threads);
        ComputeBackend lane = Rent(threads);
        try
        {
            return trials.Count > 0 && trials[0].Spec.Chain is not null
                ? Collapse.CollapseChains.Run(lane, trials, context.CancellationToken)
                : [.. TrialTraining.RunBatch(lane, trials, context.CancellationToken).Select(Metrics)];
        }
        finally
        {
            Return(lane, threads);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (ComputeBackend backend in _all)
            {
                backend.Dispose();
            }

            _all.Clear();
        }
    }

    /// <summary>A result's metrics under each of its evaluations.</summary>
    internal static TrialMetrics Metrics(TrialResult result)
    {
        List<MetricValue> metrics = [];
        Dictionary<string, ReliabilityDiagram> reliability = new(StringComparer.Ordinal), calibrated = new(StringComparer.Ordinal);
        foreach (EvaluationResult evaluation in result.Evaluations)
        {
            string name = evaluation.Name;
            if (evaluation.Reliability is { } diagram)
            {
                reliability[name] = diagram;
            }

            if (evaluation.CalibratedReliability is { } scaled)
            {
                calibrated[name] = scaled;
            }

            metrics.Add(new MetricValue(name, Metric.TestLoss, evaluation.Loss));
            metrics.Add(new MetricValue(name, Metric.TrainLoss, result.TrainLoss));
            if (evaluation.Accuracy is double accuracy)
            {
                metrics.Add(new MetricValue(name, Metric.TestAccuracy, accuracy));
            }

            if (evaluation.CalibrationError is double ece)
            {
                metrics.Add(new MetricValue(name, Metric.CalibrationError, ece));
                metrics.Add(new MetricValue(name, Metric.NegativeLogLikelihood, evaluation.Loss));
            }

            foreach ((string metric, double? value) in new[]
            {
                (Metric.MaxCalibrationError, evaluation.MaxCalibrationError), (Metric.Brier, evaluation.Brier), (Metric.Temperature, evaluation.Temperature),
                (Metric.CalibratedError, evaluation.CalibratedError), (Metric.CalibratedNegativeLogLikelihood, evaluation.CalibratedLoss),
                (Metric.MspAuroc, evaluation.MspAuroc),
            })
            {
                if (value is double v)
                {
                    metrics.Add(new MetricValue(name, metric, v));
                }
            }

            metrics.Add(new MetricValue(name, Metric.Parameters, result.Parameters));
            metrics.Add(new MetricValue(name, Metric.Tokens, result.SamplesSeen));
            metrics.Add(new MetricValue(name, Metric.Flops, result.TrainingFlops));
        }

        return new TrialMetrics(metrics, reliability, calibrated);
    }

    /// <summary>The threads of a lane for a trial that may use <paramref name="requested"/> cores: a GPU lane is one device whatever is asked.</summary>
    private int LaneThreads(int requested) => Kind == BackendKind.Cpu ? Math.Clamp(requested, 1, Environment.ProcessorCount) : 1;

    /// <summary>An idle lane of <paramref name="threads"/> threads, or a new one.</summary>
    private ComputeBackend Rent(int threads)
    {
        if (_idle.GetOrAdd(threads, _ => []).TryTake(out ComputeBackend? idle))
        {
            return idle;
        }

        ComputeBackend created = ComputeBackends.Create(Kind, _options with { Threads = threads });
        lock (_gate)
        {
            if (_disposed)
            {
                created.Dispose();
                throw new ObjectDisposedException(nameof(KernelsEngine));
            }

            _all.Add(created);
        }

        return created;
    }

    private void Return(ComputeBackend backend, int threads) => _idle.GetOrAdd(threads, _ => []).Add(backend);
}
