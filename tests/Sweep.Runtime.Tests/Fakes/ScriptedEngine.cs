using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Fakes;

/// <summary>An engine whose work and cost estimate a test supplies (recording into a context); counts the trials it starts.</summary>
public sealed class ScriptedEngine(Action<TrialSpec, TrialContext> run, Func<TrialSpec, double>? estimate = null) : ITrialEngine
{
    private int _started;

    public string Backend => "scripted";

    public int Started => Volatile.Read(ref _started);

    public double EstimateCost(TrialSpec spec) => estimate?.Invoke(spec) ?? 1.0;

    public IReadOnlyList<MetricValue> Run(TrainingTrial trial, EngineContext context)
    {
        Interlocked.Increment(ref _started);
        RecordingContext recording = new((int)trial.Seed, context.CancellationToken, context.Threads);
        run(trial.Spec, recording);
        return recording.Metrics();
    }

    public void Dispose()
    {
    }
}
