using System.Globalization;
using Spectre.Console;
using Sweep.Running;
using Sweep.Storage;

namespace Sweep.Reporting;

/// <summary>
/// A Spectre.Console progress bar for a terminal: its value is the completed cost, so its ETA column is weighted by
/// each trial's estimated cost; the description counts trials done and failed.
/// </summary>
internal sealed class LiveProgress(IAnsiConsole console) : ISweepObserver
{
    private readonly Lock _gate = new();
    private ProgressTask? _task;
    private string _study = string.Empty;
    private int _total;
    private int _done;
    private int _failed;

    /// <summary>Runs <paramref name="body"/> inside a live progress display.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                lock (_gate)
                {
                    _task = context.AddTask("starting", autoStart: false);
                }

                result = await body().ConfigureAwait(false);
                lock (_gate)
                {
                    _task.Value = _task.MaxValue;
                    _task.StopTask();
                }
            }).ConfigureAwait(false);
        return result;
    }

    public void OnStarted(SweepPlan plan)
    {
        lock (_gate)
        {
            _study = plan.Study.Name;
            _total = plan.Pending.Count;
            if (PlainProgress.StaleLine(plan) is string stale)
            {
                console.MarkupLine($"[yellow]{Markup.Escape(stale)}[/]");
            }

            if (_task is not null)
            {
                _task.MaxValue = Math.Max(plan.PendingCost, double.Epsilon);
                _task.Description = Describe();
                _task.StartTask();
            }
        }
    }

    public void OnTrialCompleted(Trial trial, TrialRecord record, double cost)
    {
        lock (_gate)
        {
            _done++;
            if (record.Status == TrialStatus.Failed)
            {
                _failed++;
                console.MarkupLine($"[red]failed[/] {Markup.Escape(trial.Key)}: {Markup.Escape((record.Error ?? string.Empty).Split('\n')[0])}");
            }

            if (_task is not null)
            {
                _task.Increment(cost);
                _task.Description = Describe();
            }
        }
    }

    public void OnStopping(int inFlight)
    {
        lock (_gate)
        {
            console.MarkupLine($"[yellow]stopping[/]: finishing {inFlight} trial(s) in flight (Ctrl+C again abandons them); run the same command again to resume.");
        }
    }

    public void OnFinished(SweepOutcome outcome)
    {
    }

    private string Describe()
        => string.Create(CultureInfo.InvariantCulture, $"{Markup.Escape(_study)} {_done}/{_total}") + (_failed > 0 ? $" [red]{_failed} failed[/]" : string.Empty);
}
