namespace Sweep.Storage;

/// <summary>How a run of a study ended.</summary>
public enum RunStatus
{
    /// <summary>Still running, or killed before it could say otherwise.</summary>
    Running = 0,

    /// <summary>Every trial it started finished.</summary>
    Completed = 1,

    /// <summary>It finished, and some trials failed.</summary>
    Failures = 2,

    /// <summary>It was stopped (Ctrl+C or SIGTERM) after the trials in flight.</summary>
    Cancelled = 3,
}
