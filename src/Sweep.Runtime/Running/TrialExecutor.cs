using System.Diagnostics;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Running;

/// <summary>
/// Runs one trial and turns what happened into a <see cref="TrialRecord"/>: its metrics when it finishes, its
/// exception's message when it throws. Only an abort (a second Ctrl+C) leaves a trial unrecorded.
/// </summary>
internal sealed class TrialExecutor(ITrialEngine engine)
{
    private const int MaxErrorLength = 4_000;

    /// <summary>Runs the trial; null when it was aborted.</summary>
    public TrialRecord? Execute(Trial trial, long runId, CancellationToken abort)
    {
        RecordingTrialContext context = new(trial, abort);
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
        return new TrialRecord(
            trial.Definition.Descriptor.Name,
            trial.Key,
            trial.Index,
            trial.Seed,
            trial.Axes,
            trial.Derived,
            error is null ? TrialStatus.Done : TrialStatus.Failed,
            error,
            clock.Elapsed.TotalSeconds,
            engine.Backend,
            runId,
            error is null ? context.Metrics : []);
    }

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
