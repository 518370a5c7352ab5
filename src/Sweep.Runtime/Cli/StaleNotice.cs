using Sweep.Running;
using Sweep.Storage;

namespace Sweep.Cli;

/// <summary>
/// Before a command reads a study's results, brings the store in line with the study this program declares
/// (<see cref="StaleTrials.Reconcile"/>), so stale rows are left out, and says so in one line.
/// </summary>
internal static class StaleNotice
{
    /// <summary>Reconciles a stored study when this program declares it.</summary>
    /// <returns>The line to show, or null when nothing is stale (or the program does not declare the study).</returns>
    public static string? Reconcile(CliEnvironment env, ResultStore store, string study)
    {
        StudyDefinition? declared = env.Studies.FirstOrDefault(s => s.Descriptor.Name == study);
        if (declared is null)
        {
            return null;
        }

        StaleReport report = StaleTrials.Reconcile(store, declared);
        return StaleGroup.Summarize(report.Groups) is string stale
            ? $"note: {stale}; they are left out of these results ('run {study}' runs them again, 'run {study} --keep-stale' keeps them)."
            : null;
    }
}
