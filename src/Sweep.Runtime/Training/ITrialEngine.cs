namespace Sweep.Training;

/// <summary>
/// Trains and evaluates the model a <see cref="TrialSpec"/> describes, recording metrics per evaluation through
/// the trial's context. One engine serves one backend; the runner calls it from several threads at once, one
/// trial per thread.
/// </summary>
public interface ITrialEngine : IDisposable
{
    /// <summary>The backend's name as stored with each trial (<c>cpu</c>, <c>cuda</c>, …).</summary>
    string Backend { get; }

    /// <summary>The trial's training cost in FLOPs, for planning and the ETA.</summary>
    /// <param name="spec">The trial.</param>
    /// <returns>An estimate in FLOPs.</returns>
    double EstimateCost(TrialSpec spec);

    /// <summary>Trains the model and evaluates it, recording metrics into <paramref name="context"/>.</summary>
    /// <param name="spec">The trial.</param>
    /// <param name="context">Seed, cancellation and where metrics go.</param>
    void Run(TrialSpec spec, TrialContext context);
}
