using System.Collections.Concurrent;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Fakes;

/// <summary>Wraps an engine and records how the runner called it: the size of every batch and every trial run alone.</summary>
public sealed class CountingEngine(ITrialEngine inner) : ITrialEngine
{
    private readonly ConcurrentQueue<int> _batches = new();
    private int _alone;
    private int _concurrent;
    private int _maxConcurrent;

    public string Backend => inner.Backend;

    public int MaxLanes => inner.MaxLanes;

    public int MaxBatch => inner.MaxBatch;

    /// <summary>Sizes of the batches the runner handed over, in the order they started.</summary>
    public IReadOnlyList<int> Batches => [.. _batches];

    /// <summary>Trials the runner ran on their own.</summary>
    public int Alone => Volatile.Read(ref _alone);

    /// <summary>The most calls in flight at once.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

    public double EstimateCost(TrialSpec spec) => inner.EstimateCost(spec);

    public string? BatchKey(TrialSpec spec) => inner.BatchKey(spec);

    public int BatchLimit(TrialSpec spec) => inner.BatchLimit(spec);

    public IReadOnlyList<MetricValue> Run(TrainingTrial trial, EngineContext context)
    {
        Interlocked.Increment(ref _alone);
        using (Track())
        {
            return inner.Run(trial, context);
        }
    }

    public IReadOnlyList<IReadOnlyList<MetricValue>> RunBatch(IReadOnlyList<TrainingTrial> trials, EngineContext context)
    {
        _batches.Enqueue(trials.Count);
        using (Track())
        {
            return inner.RunBatch(trials, context);
        }
    }

    public void Dispose() => inner.Dispose();

    private Scope Track()
    {
        int now = Interlocked.Increment(ref _concurrent);
        int seen;
        while ((seen = Volatile.Read(ref _maxConcurrent)) < now && Interlocked.CompareExchange(ref _maxConcurrent, now, seen) != seen)
        {
        }

        return new Scope(this);
    }

    private readonly struct Scope(CountingEngine engine) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref engine._concurrent);
    }
}
