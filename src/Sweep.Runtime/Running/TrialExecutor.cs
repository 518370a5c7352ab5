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
    public TrialRecord? Execute(Trial trial, long runId, CancellationToken abort)
    {
        RecordingTrialContext context = new(trial, abort, threads);
        Stopwatch clock = Stopwatch.StartNew();
        string? error = null;
        try
        {
            if (trial.Definition.Descriptor.RunMode == StudyRunMode.TrialMethod)
            {
                trial.Run(context);
            }
            else
            {
                TrialSpec spec = trial.Describe()
                    ?? throw new InvalidOperationException($"study '{trial.Definition.Descriptor.Name}' describes no spec for trial {trial.Key}.");
                engine.Run(spec, context);
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

        clock.Stop();
        return ToRecord(trial, context, error, clock.Elapsed.TotalSeconds, runId);
    }

    /// <summary>
    /// Runs trials the engine trains together. Each gets the batch's wall time divided by its size. If the batch
    /// throws, its trials run again one by one, so a failure is stored with the trial that caused it (and a batch too
    /// large for the device still finishes). An abort drops the batch: the records of trials finished before it
    /// (in that one-by-one fallback) are returned, the rest are not.
    /// </summary>
    public IReadOnlyList<TrialRecord> ExecuteBatch(IReadOnlyList<Trial> trials, IReadOnlyList<TrialSpec> specs, long runId, CancellationToken abort)
    {
        RecordingTrialContext[] contexts = [.. trials.Select(t => new RecordingTrialContext(t, abort, threads))];
        Stopwatch clock = Stopwatch.StartNew();
        try
        {
            engine.RunBatch(specs, contexts, abort);
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
            foreach (Trial trial in trials)
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
        return [.. trials.Select((t, i) => ToRecord(t, contexts[i], null, each, runId))];
    }

    private TrialRecord ToRecord(Trial trial, RecordingTrialContext context, string? error, double wallSeconds, long runId)
        => new(
            trial.Definition.Descriptor.Name,
            trial.Key,
            trial.Index,
            trial.Seed,
            trial.Axes,
            trial.Derived,
            error is null ? TrialStatus.Done : TrialStatus.Failed,
            error,
            wallSeconds,
            engine.Backend,
            runId,
            error is null ? context.Metrics : []);

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
