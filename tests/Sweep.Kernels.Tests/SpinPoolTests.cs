using Sweep.Kernels.Cpu;

namespace Sweep.Kernels.Tests;

public sealed class SpinPoolTests
{
    private struct CountWorkers(int[] counts) : IParallelWork
    {
        public readonly void Execute(int worker, int workers) => Interlocked.Increment(ref counts[worker]);
    }

    [Fact]
    public async Task APoolDisposedAtOnce_StopsItsThreads_EvenBeforeTheyFirstRan()
    {
        // Device listing makes a backend and disposes it at once; a worker that had not started yet missed the stop and
        // Dispose waited for it forever. Thread starts are slow under load, so many pools make the race likely.
        Task disposals = Task.Run(() =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                new SpinPool(3).Dispose();
            }
        }, TestContext.Current.CancellationToken);

        Task first = await Task.WhenAny(disposals, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        Assert.Same(disposals, first);
    }

    [Fact]
    public async Task AJobRunAtOnce_RunsOnEveryWorker_EvenBeforeTheirThreadsFirstRan()
    {
        Task jobs = Task.Run(() =>
        {
            for (int i = 0; i < 1_000; i++)
            {
                using SpinPool pool = new(3);
                int[] counts = new int[3];
                CountWorkers work = new(counts);
                pool.Run(ref work);
                Assert.Equal([1, 1, 1], counts);
            }
        }, TestContext.Current.CancellationToken);

        Task first = await Task.WhenAny(jobs, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        Assert.Same(jobs, first);
        await jobs;
    }
}
