using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Sweep.Analysis;

namespace Sweep.Benchmarks.Fitting;

/// <summary>
/// Hoffmann et al.'s full fit: 4,500 L-BFGS starts of the Huber (δ = 1e-3) log-loss objective on 300 points, the best
/// final objective wins. Compare with bench/peers/fit_scipy.py (same data, grid and objective, scipy's L-BFGS-B);
/// bench/peers/fit_compare.py runs both interleaved.
/// </summary>
/// <example><code>dotnet run -c Release --project bench/Sweep.Benchmarks -- --filter '*ChinchillaFit*'</code></example>
[Config(typeof(FitJobConfig))]
[MemoryDiagnoser]
public class ChinchillaFitBenchmarks
{
    private FitData _data = null!;
    private double _objective;

    /// <summary>One thread (the per-core comparison with single-threaded scipy) and every core.</summary>
    public static IEnumerable<int> ThreadCounts => new[] { 1, Environment.ProcessorCount }.Distinct();

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => _data = FittingData.Chinchilla300();

    /// <summary>Each start runs to completion on a thread (the CPU default).</summary>
    [Benchmark(Baseline = true)]
    public double FullGrid() => _objective = Fit(FitEngine.Threads);

    /// <summary>All starts in lock step, one batched objective call per round (the accelerator-shaped path).</summary>
    [Benchmark]
    public double FullGridLockstep() => _objective = Fit(FitEngine.Lockstep);

    [GlobalCleanup]
    public void Report() => Console.WriteLine($"// best objective {_objective:R} (threads {Threads})");

    private double Fit(FitEngine engine)
        => ScalingFitter.Fit(_data, ScalingLaw.Chinchilla, new FitOptions { MaxDegreeOfParallelism = Threads, Engine = engine }).Objective;

    /// <summary>
    /// One op takes seconds: monitoring strategy, 1 warm-up + 5 measured iterations. In-process, because the
    /// out-of-process toolchain cannot build its generated project under this repository's custom ArtifactsPath.
    /// </summary>
    private sealed class FitJobConfig : ManualConfig
    {
        public FitJobConfig() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5));
    }
}
