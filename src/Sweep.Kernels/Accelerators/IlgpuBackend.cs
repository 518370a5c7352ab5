using System.Globalization;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using V = ILGPU.Runtime.ArrayView1D<float, ILGPU.Stride1D.Dense>;

namespace Sweep.Kernels.Accelerators;

/// <summary>
/// The ILGPU backends (<c>ilgpu-cpu</c>, <c>cuda</c>, <c>opencl</c>): holds an <see cref="IlgpuDevice"/> (the context and
/// accelerator) and launches the kernels of <see cref="IlgpuKernelCache"/>. On a GPU the matrix
/// product is the shared-memory tiled kernel; on the CPU simulator, where a barrier costs an OS-thread
/// rendezvous, it is the one-thread-per-element kernel (the tiled one is still tested there on small shapes).
/// </summary>
internal sealed class IlgpuBackend : ComputeBackend
{
    private const int GpuTile = 16;
    private const int CpuTile = 4;

    private readonly IlgpuDevice _device;
    private readonly Accelerator _accelerator;
    private readonly IlgpuKernelCache _kernels;
    private readonly IlgpuBuffer<float> _dummy;
    private readonly int _groupSize;
    private IlgpuBuffer<float> _scalars;

    private IlgpuBackend(IlgpuDevice device)
    {
        BackendKind kind = device.Kind;
        Accelerator accelerator = device.Accelerator;
        Kind = kind;
        _device = device;
        _accelerator = accelerator;
        _kernels = new IlgpuKernelCache(accelerator);
        _dummy = new IlgpuBuffer<float>(this, accelerator, 1);
        _scalars = new IlgpuBuffer<float>(this, accelerator, 64);
        int group = 1;
        while (group * 2 <= Math.Min(256, accelerator.MaxNumThreadsPerGroup))
        {
            group *= 2;
        }

        _groupSize = group;
        Tile = kind == BackendKind.IlgpuCpu ? CpuTile : GpuTile;
        UseTiledGemm = kind != BackendKind.IlgpuCpu;
        Device = new DeviceInfo(kind, device.Index, device.Device.Name, DescribeDevice(device.Device), device.Device.MemorySize, IsDefault: false);
    }

    public override BackendKind Kind { get; }

    public override DeviceInfo Device { get; }

    /// <summary>Whether the matrix product uses the shared-memory tiled kernel (GPUs) or the one-thread-per-element kernel.</summary>
    public bool UseTiledGemm { get; set; }

    /// <summary>The tiled kernel's tile width (the group is Tile×Tile threads).</summary>
    public int Tile { get; }

    /// <summary>Opens device <paramref name="index"/> of <paramref name="kind"/> (see <see cref="IlgpuDevice.Open"/>).</summary>
    /// <exception cref="DeviceNotFoundException">There is no such device here.</exception>
    public static IlgpuBackend Create(BackendKind kind, int index = 0)
    {
        IlgpuDevice device = IlgpuDevice.Open(kind, index);
        try
        {
            return new IlgpuBackend(device);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public static string DescribeDevice(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        string memory = (device.MemorySize / (1024.0 * 1024 * 1024)).ToString("F1", CultureInfo.InvariantCulture);
        return device switch
        {
            CudaDevice cuda => $"{device.Name}, {memory} GiB, {device.NumMultiprocessors} SMs, compute {cuda.Architecture}",
            CLDevice cl => $"{device.Name} ({cl.Vendor}), {memory} GiB, {device.NumMultiprocessors} compute units",
            _ => $"{device.Name}, warp {device.WarpSize}, {device.MaxNumThreadsPerGroup} threads per group (simulated)",
        };
    }

    public override DeviceBuffer<T> Allocate<T>(long length)
    {
        if (length > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "ILGPU kernels here index with 32-bit integers.");
        }

        return new IlgpuBuffer<T>(this, _accelerator, length);
    }

    public override void Synchronize() => _accelerator.Synchronize();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dummy.Dispose();
            _scalars.Dispose();
            _device.Dispose();
        }
    }

    private protected override void GemmCore(GemmLayout layout, int count, int m, int n, int k, float alpha, BatchView a, BatchView b, float beta, BatchView c)
    {
        GemmArgs g = Layout(layout, m, n, k, alpha, beta, a, b, c);
        LaunchGemm(count, g, a, b, c, default, default, default);
    }

    private protected override void DenseForwardCore(DenseShape shape, BatchView x, BatchView weights, BatchView bias, ActivationKind activation, BatchView z, BatchView h)
    {
        GemmArgs g = Layout(GemmLayout.ABt, shape.Rows, shape.Outputs, shape.Inputs, 1f, 0f, x, weights, z);
        g.HasBias = 1;
        (g.BiasOff, g.BiasStride) = OffsetStride(bias);
        if (!h.IsEmpty)
        {
            g.HasH = 1;
            g.Activation = (int)activation;
            (g.HOff, g.HStride) = OffsetStride(h);
        }

        LaunchGemm(shape.Count, g, x, weights, z, bias, h, default);
    }

    private protected override void DenseBackwardCore(
        DenseShape shape, BatchView gradZ, BatchView x, BatchView weights, BatchView gradWeights, BatchView gradBias, BatchView gradInput,
        BatchView inputPreActivation, ActivationKind inputActivation)
    {
        if (!gradWeights.IsEmpty)
        {
            GemmCore(GemmLayout.AtB, shape.Count, shape.Outputs, shape.Inputs, shape.Rows, 1f, gradZ, x, 0f, gradWeights);
        }

        if (!gradBias.IsEmpty)
        {
            ColumnSumsCore(shape.Count, shape.Rows, shape.Outputs, gradZ, gradBias);
        }

        if (!gradInput.IsEmpty)
        {
            GemmArgs g = Layout(GemmLayout.AB, shape.Rows, shape.Inputs, shape.Outputs, 1f, 0f, gradZ, weights, gradInput);
            if (inputActivation != ActivationKind.Identity)
            {
                g.HasAux = 1;
                g.AuxActivation = (int)inputActivation;
                (g.AuxOff, g.AuxStride) = OffsetStride(inputPreActivation);
            }

            LaunchGemm(shape.Count, g, gradZ, weights, gradInput, default, default, inputActivation == ActivationKind.Identity ? default : inputPreActivation);
        }
    }

    private protected override void AddBiasCore(int count, int rows, int cols, BatchView x, BatchView bias, BatchView y)
    {
        ElementArgs e = Elements(rows * cols, x, bias, y);
        e.Cols = cols;
        _kernels.AddBias(Total(count, e.Length), View(x), View(bias), View(y), e);
    }

    private protected override void ActivateCore(ActivationKind activation, int count, long length, BatchView x, BatchView y)
    {
        ElementArgs e = Elements(length, x, default, y);
        e.Activation = (int)activation;
        _kernels.Activate(Total(count, e.Length), View(x), View(y), e);
    }

    private protected override void ActivationBackwardCore(ActivationKind activation, int count, long length, BatchView z, BatchView gradOutput, BatchView gradInput)
    {
        ElementArgs e = Elements(length, z, gradOutput, gradInput);
        e.Activation = (int)activation;
        _kernels.ActivationBackward(Total(count, e.Length), View(z), View(gradOutput), View(gradInput), e);
    }

    private protected override void AxpyCore(int count, long length, float alpha, BatchView x, BatchView y)
    {
        ElementArgs e = Elements(length, x, default, y);
        e.Alpha = alpha;
        _kernels.Axpy(Total(count, e.Length), View(x), View(y), e);
    }

    private protected override void ScaleCore(int count, long length, float alpha, BatchView x)
    {
        ElementArgs e = Elements(length, default, default, x);
        e.Alpha = alpha;
        _kernels.Scale(Total(count, e.Length), View(x), e);
    }

    private protected override void AttackStepCore(int count, long length, BatchView x, BatchView origin, BatchView gradient, float stepSize, float epsilon)
    {
        ElementArgs e = Elements(length, origin, gradient, x);
        e.Alpha = stepSize;
        e.Beta = epsilon;
        _kernels.Attack(Total(count, e.Length), View(origin), View(gradient), View(x), e);
    }

    private protected override void AttackStepL2Core(int count, int rows, int cols, BatchView x, BatchView origin, BatchView gradient, float stepSize, float epsilon)
    {
        ElementArgs e = Elements((long)rows * cols, origin, gradient, x);
        e.Cols = cols;
        e.Alpha = stepSize;
        e.Beta = epsilon;
        _kernels.AttackL2(Total(count, rows), View(origin), View(gradient), View(x), e);
    }

    private protected override void ColumnSumsCore(int count, int rows, int cols, BatchView x, BatchView result)
    {
        ElementArgs e = Elements((long)rows * cols, x, default, result);
        e.Cols = cols;
        _kernels.ColumnSums(Total(count, cols), View(x), View(result), e);
    }

    private protected override void ReduceCore(bool squares, int count, long length, BatchView x, DeviceBuffer<float> result)
    {
        (int xOff, int xStride) = OffsetStride(x);
        var r = new ReduceArgs { Kind = squares ? 1 : 0, Length = checked((int)length), XOff = xOff, XStride = xStride };
        _kernels.Reduce(GroupPerSlice(count), View(x), View(result), r);
    }

    private protected override void LossCore(LossKind kind, int count, int rows, int cols, BatchView predictions, BatchView targets, BatchView gradient, DeviceBuffer<float> loss)
    {
        var r = new ReduceArgs { Kind = (int)kind, Rows = rows, Cols = cols, HasGrad = gradient.IsEmpty ? 0 : 1 };
        (r.XOff, r.XStride) = OffsetStride(predictions);
        (r.YOff, r.YStride) = OffsetStride(targets);
        if (!gradient.IsEmpty)
        {
            (r.GOff, r.GStride) = OffsetStride(gradient);
        }

        _kernels.Loss(GroupPerSlice(count), View(predictions), View(targets), gradient.IsEmpty ? _dummy.View : View(gradient), View(loss), r);
    }

    private protected override void OptimizerStepCore(
        OptimizerKind kind, int count, long length, BatchView parameters, BatchView gradients, BatchView state1, BatchView state2,
        DeviceBuffer<float> settings, DeviceBuffer<float>? gradSumSquares, int step)
    {
        if (_scalars.Length < 4L * count)
        {
            _scalars.Dispose();
            _scalars = new IlgpuBuffer<float>(this, _accelerator, 4L * count);
        }

        var o = new OptimizerArgs { Kind = (int)kind, Length = checked((int)length), Step = step, HasClip = gradSumSquares is null ? 0 : 1 };
        (o.WOff, o.WStride) = OffsetStride(parameters);
        (o.GOff, o.GStride) = OffsetStride(gradients);
        (o.MOff, o.MStride) = OffsetStride(state1);
        BatchView v = kind == OptimizerKind.Sgd ? state1 : state2;
        (o.VOff, o.VStride) = OffsetStride(v);
        V sumSquares = gradSumSquares is null ? _dummy.View : View(gradSumSquares);
        _kernels.OptimizerScalars(count, View(settings), sumSquares, _scalars.View, o);
        _kernels.OptimizerUpdate(Total(count, o.Length), View(parameters), View(gradients), View(state1), View(v), View(settings), _scalars.View, o);
    }

    private protected override void FillRandomCore(DeviceBuffer<float> destination, long offset, long length, ulong seed, uint stream, ulong start, bool normal, float a, float b)
    {
        var r = new RandomArgs { Offset = checked((int)offset), Seed = seed, Stream = stream, Start = start, Normal = normal ? 1 : 0, A = a, B = b };
        _kernels.Fill(checked((int)length), View(destination), r);
    }

    private protected override void RandomBitsCore(DeviceBuffer<uint> destination, long offset, long length, ulong seed, uint stream, ulong start)
    {
        CheckOwned(destination);
        var r = new RandomArgs { Offset = checked((int)offset), Seed = seed, Stream = stream, Start = start };
        _kernels.Bits(checked((int)length), ((IlgpuBuffer<uint>)destination).View, r);
    }

    private protected override void GatherMinibatchCore(
        int count, int rows, int trainRows, int inputs, int targets, BatchView xSource, BatchView ySource, BatchView xBatch, BatchView yBatch,
        DeviceBuffer<uint> seeds, long firstSample)
    {
        CheckOwned(seeds);
        var a = new GatherArgs { Rows = rows, TrainRows = trainRows, Inputs = inputs, Targets = targets, FirstSample = firstSample };
        (a.XsOff, a.XsStride) = OffsetStride(xSource);
        (a.YsOff, a.YsStride) = OffsetStride(ySource);
        (a.XbOff, a.XbStride) = OffsetStride(xBatch);
        (a.YbOff, a.YbStride) = OffsetStride(yBatch);
        _kernels.Gather(new Index2D(rows, count), View(xSource), View(ySource), View(xBatch), View(yBatch), ((IlgpuBuffer<uint>)seeds).View, a);
    }

    private static GemmArgs Layout(GemmLayout layout, int m, int n, int k, float alpha, float beta, BatchView a, BatchView b, BatchView c)
    {
        var g = new GemmArgs { M = m, N = n, K = k, Alpha = alpha, Beta = beta };
        (g.AOff, g.AStride) = OffsetStride(a);
        (g.BOff, g.BStride) = OffsetStride(b);
        (g.COff, g.CStride) = OffsetStride(c);
        (g.ARow, g.ACol) = layout == GemmLayout.AtB ? (1, m) : (k, 1);
        (g.BRow, g.BCol) = layout == GemmLayout.ABt ? (1, k) : (n, 1);
        return g;
    }

    private static (int Offset, int Stride) OffsetStride(BatchView view) => (checked((int)view.Offset), checked((int)view.Stride));

    private static ElementArgs Elements(long length, BatchView x, BatchView y, BatchView o)
    {
        var e = new ElementArgs { Length = checked((int)length), Cols = 1 };
        if (!x.IsEmpty)
        {
            (e.XOff, e.XStride) = OffsetStride(x);
        }

        if (!y.IsEmpty)
        {
            (e.YOff, e.YStride) = OffsetStride(y);
        }

        (e.OOff, e.OStride) = OffsetStride(o);
        return e;
    }

    private static Index1D Total(int count, int length) => checked(count * length);

    private void LaunchGemm(int count, GemmArgs g, BatchView a, BatchView b, BatchView c, BatchView bias, BatchView h, BatchView aux)
    {
        if ((long)count * g.M * g.N > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "the product has more than 2³¹ elements.");
        }

        V avw = View(a), bvw = View(b), cv = View(c), bv = bias.IsEmpty ? _dummy.View : View(bias), hv = h.IsEmpty ? _dummy.View : View(h), av = aux.IsEmpty ? _dummy.View : View(aux);
        if (UseTiledGemm)
        {
            int t = Tile;
            var config = new KernelConfig(
                new Index3D((g.N + t - 1) / t, (g.M + t - 1) / t, count),
                new Index3D(t, t, 1),
                SharedMemoryConfig.RequestDynamic<float>(2 * t * t));
            _kernels.GemmTiled(config, avw, bvw, cv, bv, hv, av, g);
        }
        else
        {
            _kernels.GemmNaive(new Index3D(g.N, g.M, count), avw, bvw, cv, bv, hv, av, g);
        }
    }

    private KernelConfig GroupPerSlice(int count) => new(new Index1D(count), new Index1D(_groupSize), SharedMemoryConfig.RequestDynamic<float>(_groupSize));

    private V View(BatchView view) => View(view.Buffer);

    private V View(DeviceBuffer<float> buffer)
    {
        CheckOwned(buffer);
        return ((IlgpuBuffer<float>)buffer).View;
    }
}
