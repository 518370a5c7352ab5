using System.Numerics;
using System.Runtime.Intrinsics;
using Kernel256 = Sweep.Kernels.Cpu.MicroKernel<Sweep.Kernels.Cpu.Width256, System.Runtime.Intrinsics.Vector256<float>>;
using Kernel512 = Sweep.Kernels.Cpu.MicroKernel<Sweep.Kernels.Cpu.Width512, System.Runtime.Intrinsics.Vector512<float>>;

namespace Sweep.Kernels.Cpu;

/// <summary>
/// The fast CPU backend: managed SIMD kernels on native memory, a packed register-blocked GEMM with the bias,
/// activation and activation-derivative sweeps fused into it, fused optimiser sweeps, and a persistent spinning
/// pool with a static split. A batch of at least as many models as threads is split by model (each thread trains
/// whole models, the unit of parallelism that measured best here); fewer models split each kernel.
/// </summary>
internal sealed unsafe partial class CpuBackend : ComputeBackend
{
    private const long ParallelElements = 32 * 1024;
    private const long ParallelFlops = 1L << 18;

    private readonly SpinPool _pool;
    private readonly GemmWorkspace _workspace;
    private readonly bool _use512;
    private readonly float[] _partials;

    public CpuBackend(int threads, SimdWidth width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _use512 = Uses512Path(width);
        _pool = new SpinPool(threads);
        _workspace = new GemmWorkspace(threads);
        _partials = new float[threads];
        Device = Describe(threads, width);
    }

    public override BackendKind Kind => BackendKind.Cpu;

    /// <summary>What a backend of <paramref name="threads"/> threads and <paramref name="width"/> would be, without starting its threads or buffers.</summary>
    /// <param name="threads">Threads.</param>
    /// <param name="width">The vector width asked for.</param>
    /// <returns>The device.</returns>
    public static DeviceInfo Describe(int threads, SimdWidth width)
    {
        bool use512 = Uses512Path(width);
        string isa = use512 ? "Vector512" : "Vector256";
        string fma = System.Runtime.Intrinsics.X86.Fma.IsSupported ? "+FMA" : string.Empty;
        return new DeviceInfo(
            BackendKind.Cpu,
            0,
            CpuName(),
            $"managed SIMD ({isa}{fma} GEMM micro-kernel {(use512 ? $"{Kernel512.MR}×{Kernel512.NR}" : $"{Kernel256.MR}×{Kernel256.NR}")}, Vector<float> = {Vector<float>.Count} lanes), {threads} thread{(threads == 1 ? string.Empty : "s")} of {Environment.ProcessorCount} logical cores, {CpuName()}",
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            IsDefault: true);
    }

    public override DeviceInfo Device { get; }

    public int Threads { get; }

    public bool Uses512 => _use512;

    internal SpinPool Pool => _pool;

    internal GemmWorkspace Workspace => _workspace;

    /// <summary>Whether MLP training uses the fused whole-step kernel (tests turn it off to compare).</summary>
    internal bool FuseTrainingSteps { get; set; } = true;

    internal override IFusedMlpStep? CreateFusedStep(MlpShape shape, int models, int batchRows, int trainRows, LossKind loss, OptimizerKind optimizer)
        => FuseTrainingSteps ? new CpuMlpStep(this, shape, models, batchRows, trainRows, loss, optimizer) : null;

    public override DeviceBuffer<T> Allocate<T>(long length) => new CpuBuffer<T>(this, length);

    public override void Synchronize()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pool.Dispose();
            _workspace.Dispose();
        }
    }

    private static string CpuName()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }

    private float* P(BatchView view, int slice)
    {
        var buffer = (CpuBuffer<float>)view.Buffer;
        CheckOwned(buffer);
        return buffer.Pointer + view.Start(slice);
    }

    private float* POrNull(BatchView view, int slice) => view.IsEmpty ? null : P(view, slice);

    private float* Base(DeviceBuffer<float> buffer)
    {
        CheckOwned(buffer);
        return ((CpuBuffer<float>)buffer).Pointer;
    }

    /// <summary>Whether a batch of slices is split by slice (each thread takes whole slices).</summary>
    private bool SplitBySlice(int count) => Threads > 1 && count >= Threads && (count % Threads == 0 || count >= 2 * Threads);

    private static bool Uses512Path(SimdWidth width) => width switch
    {
        SimdWidth.Vector512 => true,
        SimdWidth.Vector256 => false,
        _ => Vector512.IsHardwareAccelerated,
    };
}
