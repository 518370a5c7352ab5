using Sweep.Storage;

namespace Sweep.Running;

/// <summary>Follows a sweep as it runs (console progress, logs, tests). Called from worker threads.</summary>
public interface ISweepObserver
{
    /// <summary>The pending trials are known and about to run.</summary>
    /// <param name="plan">What will run.</param>
    void OnStarted(SweepPlan plan);

    /// <summary>A trial finished, done or failed, and is stored.</summary>
    /// <param name="trial">The trial.</param>
    /// <param name="record">What was stored.</param>
    /// <param name="cost">Its estimated cost.</param>
    void OnTrialCompleted(Trial trial, TrialRecord record, double cost);

    /// <summary>A stop was requested; the trials in flight will finish.</summary>
    /// <param name="inFlight">Trials still running.</param>
    void OnStopping(int inFlight);

    /// <summary>The run ended.</summary>
    /// <param name="outcome">What it did.</param>
    void OnFinished(SweepOutcome outcome);
}
