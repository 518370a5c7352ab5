using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Sweep.Kernels.Cpu;

/// <summary>A unit of work split statically over the pool's workers.</summary>
internal interface IParallelWork
{
    /// <summary>Runs worker <paramref name="worker"/>'s share of the work.</summary>
    void Execute(int worker, int workers);
}

/// <summary>
/// A persistent pool of spinning threads with a static split: the caller is worker 0 and runs its share itself,
/// the others spin on a generation counter for a short while between jobs (a training step's kernels come
/// microseconds apart) and then sleep, so an idle pool costs nothing. Work is passed by reference to a struct on
/// the caller's stack: no allocation per job. <see cref="Parallel.For(int, int, Action{int})"/>'s dynamic
/// scheduling halved GEMM throughput at n = 128 on the development machine; this does not.
/// </summary>
internal sealed unsafe class SpinPool : IDisposable
{
    private const int Running = 0;
    private const int Sleeping = 1;

    private static readonly long s_spinTicks = Stopwatch.Frequency / 5_000; // 200 µs of spinning before sleeping

    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _wake;
    private readonly int[] _state;
    private readonly int _workers;
    private volatile int _generation;
    private volatile int _pending;
    private volatile bool _stopping;
    private void* _work;
    private delegate*<void*, int, int, void> _invoke;
    private Exception? _failure;

    // Sense-reversing barrier for work items that synchronise internally (a GEMM's shared packed panels).
    private volatile int _barrierCount;
    private volatile int _barrierSense;

    public SpinPool(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _workers = workers;
        _threads = new Thread[workers - 1];
        _wake = new ManualResetEventSlim[workers - 1];
        _state = new int[workers - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            _wake[i] = new ManualResetEventSlim(false);
            int worker = i + 1;
            _threads[i] = new Thread(() => WorkerLoop(worker, seen: 0))
            {
                IsBackground = true,
                Name = $"sweep-cpu-{worker}",
            };
            _threads[i].Start();
        }
    }

    public int Workers => _workers;

    /// <summary>Runs <paramref name="work"/> on every worker and returns when all are done.</summary>
    public void Run<T>(ref T work)
        where T : struct, IParallelWork
    {
        if (_workers == 1)
        {
            work.Execute(0, 1);
            return;
        }

        _work = Unsafe.AsPointer(ref work);
        _invoke = &Invoke<T>;
        _failure = null;
        _pending = _workers - 1;
        Interlocked.Increment(ref _generation);
        for (int i = 0; i < _state.Length; i++)
        {
            if (Volatile.Read(ref _state[i]) == Sleeping)
            {
                _wake[i].Set();
            }
        }

        Exception? own = null;
        try
        {
            work.Execute(0, _workers);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            own = ex;
        }

        SpinWait spin = default;
        while (_pending != 0)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        _work = null;
        Exception? failure = own ?? _failure;
        if (failure is not null)
        {
            throw new InvalidOperationException("a CPU kernel failed on a pool thread.", failure);
        }
    }

    /// <summary>Waits until every worker of the current job has reached this point.</summary>
    public void Barrier()
    {
        if (_workers == 1)
        {
            return;
        }

        int sense = _barrierSense;
        if (Interlocked.Increment(ref _barrierCount) == _workers)
        {
            _barrierCount = 0;
            _barrierSense = 1 - sense;
            return;
        }

        SpinWait spin = default;
        while (_barrierSense == sense)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        Interlocked.Increment(ref _generation);
        foreach (ManualResetEventSlim wake in _wake)
        {
            wake.Set();
        }

        foreach (Thread thread in _threads)
        {
            thread.Join();
        }

        foreach (ManualResetEventSlim wake in _wake)
        {
            wake.Dispose();
        }
    }

    private static void Invoke<T>(void* work, int worker, int workers)
        where T : struct, IParallelWork
        => Unsafe.AsRef<T>(work).Execute(worker, workers);

    /// <summary>
    /// A worker's life. It starts from generation 0, the pool's generation when it was made, and not from what it reads
    /// once running: a job or a Dispose issued before the thread first runs would otherwise be missed, and its caller
    /// would wait for it forever (a pool made and disposed at once, as device listing does, hung a test run).
    /// </summary>
    private void WorkerLoop(int worker, int seen)
    {
        int slot = worker - 1;
        while (true)
        {
            // Spin for the next job, then sleep; the Interlocked exchange orders the state write before the re-check.
            long start = Stopwatch.GetTimestamp();
            SpinWait spin = default;
            while (_generation == seen)
            {
                if (Stopwatch.GetTimestamp() - start > s_spinTicks)
                {
                    Interlocked.Exchange(ref _state[slot], Sleeping);
                    if (_generation == seen)
                    {
                        _wake[slot].Wait();
                    }

                    _wake[slot].Reset();
                    Interlocked.Exchange(ref _state[slot], Running);
                    start = Stopwatch.GetTimestamp();
                }
                else
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
            }

            seen = _generation;
            if (_stopping)
            {
                return;
            }

            try
            {
                _invoke(_work, worker, _workers);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _failure = ex;
            }

            Interlocked.Decrement(ref _pending);
        }
    }
}
