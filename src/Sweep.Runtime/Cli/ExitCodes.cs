namespace Sweep.Cli;

/// <summary>What the process's exit code means.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;

    /// <summary>The command ran, and some trials failed (they are stored with their errors and rerun next time).</summary>
    public const int TrialsFailed = 1;

    /// <summary>A bad argument, study, value or file: nothing ran.</summary>
    public const int UsageError = 2;

    /// <summary>The run was stopped (Ctrl+C or SIGTERM) after the trials in flight; run it again to resume.</summary>
    public const int Interrupted = 130;
}
