using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Sweep.Analysis;
using Sweep.Kernels;

namespace Sweep.Benchmarks.Fitting;

/// <summary>
/// The fit objective on CUDA (<see cref="IlgpuBatchObjectives"/>, starts in lock step) against the managed CPU path
/// (<see cref="CpuBatchObjectives"/>, starts on all cores) in one run, on the data of <see cref="ChinchillaFitBenchmarks"/>
/// (300 points): <see cref="Round"/> is one objective-and-gradient evaluation of all 4,500 starts (upload, two kernel
/// launches, download), <see cref="FullGrid"/> the whole 4,500-start fit. Without a CUDA device the cuda cases are
/// filtered out and the cpu case prints "no CUDA device". The simulator (<c>ilgpu-cpu</c>) is left out on purpose: it
/// checks the kernels, its speed means nothing.
/// </summary>
/// <example><code>dotnet run -c Release --project bench/Sweep.Benchmarks -- --filter '*GpuFit*'</code></example>
[Config(typeof(GpuFitConfig))]
public class GpuFitBenchmarks
{
    private FitData _data = null!;
    private FitObjectiveBackend _backend = null!;
    private IBatchObjective _objective = null!;
    private int[] _rowProblems = [];
    private double[] _points = [];
    private double[] _values = [];
    private double[] _gradients = [];
    private double _best;

    /// <summary>Where the objective runs.</summary>
    public static IEnumerable<string> Backends => ["cpu", "cuda"];

    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "cpu";

    /// <summary>Whether this machine has a CUDA device (ILGPU sees one).</summary>
    internal static bool HasCuda { get; } = ComputeBackends.ListDevices().Any(d => d.Kind == BackendKind.Cuda);

    [GlobalSetup]
    public void Setup()
    {
        if (!HasCuda)
        {
            Console.WriteLine("// no CUDA device: the cuda cases were filtered out; only the cpu baseline runs");
        }

        _data = FittingData.Chinchilla300();
        _backend = FitObjectiveBackend.Create(ComputeBackends.Parse(Backend));
        Console.WriteLine($"// objective backend: {_backend.Description}");
        StartGrid grid = StartGrid.Hoffmann;
        int p = grid.Dimension;
        _rowProblems = new int[grid.Count];
        _points = new double[grid.Count * p];
        _values = new double[grid.Count];
        _gradients = new double[grid.Count * p];
        for (int s = 0; s < grid.Count; s++)
        {
            grid[s].CopyTo(_points.AsSpan(s * p, p));
        }

        var full = new FitProblem(
            _data.X.Select(v => Math.Log(v)).ToArray(), _data.D.Select(v => Math.Log(v)).ToArray(), _data.Y.Select(v => Math.Log(v)).ToArray(), Enumerable.Repeat(1.0, _data.Count).ToArray());
        _objective = _backend.Objectives.Create(ScalingLaw.Chinchilla, [full], Huber.HoffmannDelta);
    }

    /// <summary>One round: objective and gradient of every start of the Hoffmann grid (4,500 rows × 300 points).</summary>
    [Benchmark]
    public double Round()
    {
        if (_objective.AllowsConcurrentCalls)
        {
            // The CPU objective, split over the cores as the lock-step engine does.
            int p = _objective.Dimension, chunk = (_rowProblems.Length + Environment.ProcessorCount - 1) / Environment.ProcessorCount;
            Parallel.For(0, Environment.ProcessorCount, c =>
            {
                int lo = c * chunk, n = Math.Min(chunk, _rowProblems.Length - lo);
                if (n > 0)
                {
                    _objective.Evaluate(_rowProblems.AsSpan(lo, n), _points.AsSpan(lo * p, n * p), _values.AsSpan(lo, n), _gradients.AsSpan(lo * p, n * p));
                }
            });
        }
        else
        {
            _objective.Evaluate(_rowProblems, _points, _values, _gradients);
        }

        return _values[0];
    }

    /// <summary>The whole fit: 4,500 L-BFGS starts, the best final objective wins.</summary>
    [Benchmark]
    public double FullGrid() => _best = ScalingFitter.Fit(_data, ScalingLaw.Chinchilla, _backend.Apply(new FitOptions())).Objective;

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_best != 0)
        {
            Console.WriteLine($"// best objective {_best:R} ({Backend})");
        }

        (_objective as IDisposable)?.Dispose();
        _backend.Dispose();
    }

    /// <summary>
    /// As <see cref="ChinchillaFitBenchmarks"/>: monitoring, 1 warm-up + 5 measured iterations, in-process; plus the
    /// filter that drops the cuda cases on a machine without CUDA.
    /// </summary>
    private sealed class GpuFitConfig : ManualConfig
    {
        public GpuFitConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(5));
            AddFilter(new SimpleFilter(b => HasCuda || !Equals(b.Parameters["Backend"], "cuda")));
        }
    }
}
