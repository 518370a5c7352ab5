using System.Diagnostics;
using System.Globalization;
using Sweep.Running;
using Sweep.Storage;

namespace Sweep.Reporting;

/// <summary>
/// Progress as plain lines, for logs and CI (no terminal): every trial of a small sweep, else about every 5% of
/// the cost, and every failure with its error. The ETA is weighted by each trial's estimated cost.
/// </summary>
internal sealed class PlainProgress(TextWriter output) : ISweepObserver
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = new();
    private CostWeightedEta? _eta;
    private int _total;
    private int _done;
    private int _failed;
    private double _nextReport;

    public void OnStarted(SweepPlan plan)
    {
        _eta = new CostWeightedEta(plan.PendingCost);
        _total = plan.Pending.Count;
        _clock.Start();
        lock (_gate)
        {
            string cost = plan.CostUnit == "FLOPs" ? $", ~{NumberFormat.Short(plan.PendingCost)} FLOPs" : string.Empty;
            if (StaleLine(plan) is string stale)
            {
                output.WriteLine(stale);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{plan.Study.Name}: {plan.Trials.Count} trials in the grid, {plan.AlreadyDone} already done, running {plan.Pending.Count}{cost}"));
        }
    }

    /// <summary>What a run does with the plan's stale trials, in one line, or null when there are none.</summary>
    internal static string? StaleLine(SweepPlan plan)
        => StaleGroup.Summarize(plan.StaleGroups) is string stale
            ? $"{stale}: {(plan.KeepStale ? "keeping their results (--keep-stale)" : "running them again; the old results stay in the store as history (--keep-stale keeps them instead)")}."
            : null;

    public void OnTrialCompleted(Trial trial, TrialRecord record, double cost)
    {
        _eta?.Complete(cost);
        lock (_gate)
        {
            _done++;
            bool failed = record.Status == TrialStatus.Failed;
            if (failed)
            {
                _failed++;
            }

            double fraction = _eta?.Fraction ?? 0;
            if (!failed && _total > 50 && fraction < _nextReport && _done < _total)
            {
                return;
            }

            _nextReport = fraction + 0.05;
            TimeSpan? remaining = _eta?.Remaining(_clock.Elapsed);
            string status = failed ? "FAILED" : "done";
            string eta = remaining is TimeSpan left && _done < _total && fraction >= 0.02 ? $"  ETA {NumberFormat.Duration(left)}" : string.Empty;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  [{_done}/{_total}] {status} {trial.Key} ({record.WallSeconds:0.00}s){eta}"));
            if (failed)
            {
                output.WriteLine("      " + (record.Error ?? string.Empty).Split('\n')[0]);
            }
        }
    }

    public void OnStopping(int inFlight)
    {
        lock (_gate)
        {
            output.WriteLine($"stopping: finishing {inFlight} trial(s) in flight; run the same command again to resume.");
        }
    }

    public void OnFinished(SweepOutcome outcome)
    {
        lock (_gate)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{outcome.Study}: {outcome.Succeeded} done, {outcome.Failed} failed, {outcome.AlreadyDone} already done, {outcome.NotStarted} not started, in {NumberFormat.Duration(outcome.Elapsed)}"));
        }
    }
}
