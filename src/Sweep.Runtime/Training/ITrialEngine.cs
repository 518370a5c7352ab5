namespace Sweep.Training;

/// <summary>
/// Trains and evaluates the model a <see cref="TrialSpec"/> describes, recording metrics per evaluation through
/// the trial's context. One engine serves one backend; the runner calls it from several threads at once, one
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

    /// <summary>Trains the model and evaluates it, recording metrics into <paramref name="context"/>.</summary>
    /// <param name="spec">The trial.</param>
    /// <param name="context">Seed, cancellation and where metrics go.</param>
    void Run(TrialSpec spec, TrialContext context);

    /// <summary>
    /// A key shared by the trials that can run together in one <see cref="RunBatch"/> call (same shapes; seeds,
    /// learning rates and weight decays may differ), or null when this trial runs alone (it is invalid, or the
    /// engine cannot batch it).
    /// </summary>
    /// <param name="spec">The trial.</param>
    /// <returns>The key, or null.</returns>
    string? BatchKey(TrialSpec spec) => null;

    /// <summary>
    /// Runs trials with one <see cref="BatchKey"/> together, recording each one's metrics into its own context.
    /// If it throws, no trial of the batch has a result.
    /// </summary>
    /// <param name="specs">The trials.</param>
    /// <param name="contexts">One context per trial, in the same order.</param>
    /// <param name="cancellationToken">Abandons the whole batch.</param>
    void RunBatch(IReadOnlyList<TrialSpec> specs, IReadOnlyList<TrialContext> contexts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(contexts);
        for (int i = 0; i < specs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Run(specs[i], contexts[i]);
        }
    }
}
