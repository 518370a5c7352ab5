using Sweep.Training;

namespace Sweep.Runtime.Tests.Fakes;

/// <summary>An engine whose work and cost estimate a test supplies; counts the trials it starts.</summary>
public sealed class ScriptedEngine(Action<TrialSpec, TrialContext> run, Func<TrialSpec, double>? estimate = null) : ITrialEngine
{
    private int _started;

    public string Backend => "scripted";

    public int Started => Volatile.Read(ref _started);

    public double EstimateCost(TrialSpec spec) => estimate?.Invoke(spec) ?? 1.0;

    public void Run(TrialSpec spec, TrialContext context)
    {
        Interlocked.Increment(ref _started);
        run(spec, context);
    }

    public void Dispose()
    {
    }
}
