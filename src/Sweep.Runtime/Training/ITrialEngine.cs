using Sweep.Storage;

namespace Sweep.Training;

/// <summary>
/// Trains and evaluates the model a trial's spec describes (the study's Data, Model, Train and Evaluate specs, as a
/// <see cref="Running.TrialDescription"/> resolved them, with the trial's seed) and returns its metrics, one per
/// evaluation and metric. One engine serves one backend; the runner calls it from several threads at once, one
/// trial (or one batch of trials) per thread.
/// </summary>
/// <remarks>
/// Batching is optional: an engine that returns a key from <see cref="BatchKey"/> lets the runner hand it trials
/// with equal keys together through <see cref="RunBatch"/>. The default members run every trial on its own.
/// </remarks>
public interface ITrialEngine : IDisposable
{
    /// <summary>The backend's name as stored with each trial (<c>cpu</c>, <c>cuda</c>, …).</summary>
    string Backend { get; }

    /// <summary>One line for the console: the backend and, when it was chosen automatically, why.</summary>
    string Description => Backend;

    /// <summary>One line describing the device trials run on (SIMD width and threads, or GPU memory), or null.</summary>
    string? DeviceDescription => null;

    /// <summary>
    /// The most trials or batches this engine runs at once; the runner uses no more threads than this. A GPU is
    /// one device that parallelises inside a batch, so its engine runs one lane; the CPU runs one per core.
    /// </summary>
    int MaxLanes => int.MaxValue;

    /// <summary>The most trials <see cref="RunBatch"/> takes at once (1: no batching).</summary>
    int MaxBatch => 1;

    /// <summary>
    /// The most trials like this one worth training together, at most <see cref="MaxBatch"/>: an engine may batch
    /// small models more deeply than large ones (1: this trial's batches would not pay).
    /// </summary>
    /// <param name="spec">A trial of the batch.</param>
    /// <returns>The limit.</returns>
    int BatchLimit(TrialSpec spec) => MaxBatch;

    /// <summary>The trial's cost in FLOPs (training and evaluation), for planning and the ETA.</summary>
    /// <param name="spec">The trial.</param>
    /// <returns>An estimate in FLOPs.</returns>
    double EstimateCost(TrialSpec spec);

    /// <summary>Trains the model and evaluates it.</summary>
    /// <param name="trial">The trial's specs and seed.</param>
    /// <param name="context">The cores it may use and its cancellation.</param>
    /// <returns>Its metrics; a <see cref="TrialMetrics"/> to store reliability diagrams with them.</returns>
    IReadOnlyList<MetricValue> Run(TrainingTrial trial, EngineContext context);

    /// <summary>
    /// A key shared by the trials that can run together in one <see cref="RunBatch"/> call (same shapes; seeds,
    /// learning rates and weight decays may differ), or null when this trial runs alone (it is invalid, or the
    /// engine cannot batch it).
    /// </summary>
    /// <param name="spec">The trial.</param>
    /// <returns>The key, or null.</returns>
    string? BatchKey(TrialSpec spec) => null;

    /// <summary>Runs trials with one <see cref="BatchKey"/> together. If it throws, no trial of the batch has a result.</summary>
    /// <param name="trials">The trials.</param>
    /// <param name="context">The cores the batch may use; its cancellation abandons the whole batch.</param>
    /// <returns>Each trial's metrics, in the same order.</returns>
    IReadOnlyList<IReadOnlyList<MetricValue>> RunBatch(IReadOnlyList<TrainingTrial> trials, EngineContext context)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(context);
        List<IReadOnlyList<MetricValue>> results = [];
        foreach (TrainingTrial trial in trials)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            results.Add(Run(trial, context));
        }

        return results;
    }
}
