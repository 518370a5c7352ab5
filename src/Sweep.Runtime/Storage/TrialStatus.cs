namespace Sweep.Storage;

/// <summary>The outcome of a stored trial.</summary>
public enum TrialStatus
{
    /// <summary>Finished; its metrics are stored.</summary>
    Done = 0,

    /// <summary>Threw; its error message is stored, and the next run retries it.</summary>
    Failed = 1,
}
