using System.Diagnostics;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Running;

/// <summary>
/// Runs one trial, or a batch the engine trains together, and turns what happened into <see cref="TrialRecord"/>s:
/// metrics when a trial finishes, its exception's message when it throws. Only an abort (a second Ctrl+C) leaves a
/// trial unrecorded. Each trial may use <paramref name="threads"/> cores (<see cref="TrialContext.Threads"/>).
/// </summary>
internal sealed class TrialExecutor(ITrialEngine engine, int threads = 1)
{
    private const int MaxErrorLength = 4_000;

    /// <summary>Runs the trial; null when it was aborted.</summary>
    public TrialRecord? Execute(TrialDescription trial, long runId, CancellationToken abort)
    {
        Stopwatch clock = Stopwatch.StartNew();
        IReadOnlyList<MetricValue> metrics = [];
        string? error = trial.SpecError;
        if (error is null)
        {
            try
            {
                if (trial.RunMode == StudyRunMode.TrialMethod)
                {
                    RecordingTrialContext context = new(trial.Trial, abort, threads);
                    trial.Trial.Run(context);
                    metrics = context.Metrics;
                }
                else
                {
                    metrics = engine.Run(Training(trial), new EngineContext(threads, abort));
                }
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return null;
            }
#pragma warning disable CA1031 // A trial's exception, whatever it is, is its result: stored as failed while the sweep goes on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                error = Describe(exception);
            }
        }

        clock.Stop();
        return ToRecord(trial, error is null ? metrics : [], error, clock.Elapsed.TotalSeconds, runId);
    }

    /// <summary>
    /// Runs trials the engine trains together. Each gets the batch's wall time divided by its size. If the batch
    /// throws, its trials run again one by one, so a failure is stored with the trial that caused it (and a batch too
    /// large for the device still finishes). An abort drops the batch: the records of trials finished before it
    /// (in that one-by-one fallback) are returned, the rest are not.
    /// </summary>
    public IReadOnlyList<TrialRecord> ExecuteBatch(IReadOnlyList<TrialDescription> trials, long runId, CancellationToken abort)
    {
        Stopwatch clock = Stopwatch.StartNew();
        IReadOnlyList<IReadOnlyList<MetricValue>> metrics;
        try
        {
            metrics = engine.RunBatch([.. trials.Select(Training)], new EngineContext(threads, abort));
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return [];
        }
#pragma warning disable CA1031 // The batch's exception is not yet any one trial's: each runs again alone and keeps its own outcome.
        catch (Exception)
#pragma warning restore CA1031
        {
            List<TrialRecord> records = [];
            foreach (TrialDescription trial in trials)
            {
                if (Execute(trial, runId, abort) is not TrialRecord record)
                {
                    break;
                }

                records.Add(record);
            }

            return records;
        }

        double each = clock.Elapsed.TotalSeconds / trials.Count;
        return [.. trials.Select((t, i) => ToRecord(t, metrics[i], null, each, runId))];
    }

    /// <summary>What the engine runs of a spec-based trial: its resolved specs and seed.</summary>
    private static TrainingTrial Training(TrialDescription trial)
        => new(trial.Spec ?? throw new InvalidOperationException($"trial {trial.Key} has no spec for the engine."), trial.Seed);

    private TrialRecord ToRecord(TrialDescription trial, IReadOnlyList<MetricValue> metrics, string? error, double wallSeconds, long runId)
        => TrialRecord.From(trial, error is null ? TrialStatus.Done : TrialStatus.Failed, error, wallSeconds, engine.Backend, runId, metrics) with
        {
            Reliability = TrialMetrics.ReliabilityOf(metrics),
            CalibratedReliability = TrialMetrics.CalibratedReliabilityOf(metrics),
        };

    /// <summary>The exception's type and message (inner exceptions included), then where it was thrown.</summary>
    internal static string Describe(Exception exception)
    {
        Exception root = exception is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : exception;
        List<string> messages = [];
        for (Exception? e = root; e is not null; e = e.InnerException)
        {
            messages.Add($"{e.GetType().Name}: {e.Message}");
        }

        string text = string.Join(" ---> ", messages);
        string? where = root.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (where is not null)
        {
            text += Environment.NewLine + where;
        }

        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }
}
