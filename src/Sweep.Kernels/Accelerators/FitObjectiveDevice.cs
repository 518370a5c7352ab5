using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;
using D = ILGPU.Runtime.ArrayView1D<double, ILGPU.Stride1D.Dense>;
using I = ILGPU.Runtime.ArrayView1D<int, ILGPU.Stride1D.Dense>;

namespace Sweep.Kernels.Accelerators;

/// <summary>
/// An ILGPU accelerator (<c>ilgpu-cpu</c>, <c>cuda</c> or <c>opencl</c>) that evaluates scaling-law fit objectives
/// with <see cref="FitObjectiveKernels"/>: holds an <see cref="IlgpuDevice"/> (the context and accelerator), compiles
/// the two kernels on first use and keeps them for its lifetime, and hands out one <see cref="FitObjectiveBatch"/> per
/// fit (the data uploaded once). Launches are serialised: one device, one stream.
/// </summary>
internal sealed class FitObjectiveDevice : IDisposable
{
    private readonly IlgpuDevice _device;
    private readonly Accelerator _accelerator;
    private Action<Index2D, D, D, D, D, I, I, D, D, FitArgs>? _partials;
    private Action<Index1D, D, D, FitArgs>? _totals;

    private FitObjectiveDevice(IlgpuDevice device)
    {
        Kind = device.Kind;
        _device = device;
        _accelerator = device.Accelerator;
        Name = device.Device.Name;
        Description = IlgpuBackend.DescribeDevice(device.Device);
        SupportsFloat64 = Kind != BackendKind.OpenCL || device.Device.Capabilities is CLCapabilityContext { Float64: true };
    }

    /// <summary>The backend kind.</summary>
    public BackendKind Kind { get; }

    /// <summary>The device's name.</summary>
    public string Name { get; }

    /// <summary>A one-line description of the device.</summary>
    public string Description { get; }

    /// <summary>
    /// Whether the device computes in double precision (CUDA GPUs and the CPU simulator always do; OpenCL devices only
    /// with <c>cl_khr_fp64</c>). Without it <see cref="Upload"/> refuses: the fit objective needs doubles.
    /// </summary>
    public bool SupportsFloat64 { get; }

    /// <summary>Threads per warp (the lanes a row is split over, at most).</summary>
    public int WarpSize => _accelerator.WarpSize;

    /// <summary>Serialises launches and copies of every batch of this device.</summary>
    internal object Gate { get; } = new();

    /// <summary>The stream every launch and copy goes through.</summary>
    internal AcceleratorStream Stream => _accelerator.DefaultStream;

    /// <summary>Opens device <paramref name="deviceIndex"/> of <paramref name="kind"/>.</summary>
    /// <param name="kind"><see cref="BackendKind.IlgpuCpu"/>, <see cref="BackendKind.Cuda"/> or <see cref="BackendKind.OpenCL"/>.</param>
    /// <param name="deviceIndex">Which CUDA or OpenCL device (ignored for the simulator).</param>
    /// <exception cref="InvalidOperationException">No such device here.</exception>
    public static FitObjectiveDevice Create(BackendKind kind, int deviceIndex = 0)
    {
        IlgpuDevice device = IlgpuDevice.Open(kind, deviceIndex);
        try
        {
            return new FitObjectiveDevice(device);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Uploads one fit's data: problem p owns points <c>ranges[2p] .. ranges[2p] + ranges[2p+1]</c> of the columns.
    /// </summary>
    /// <param name="law">A law id of <see cref="FitObjectiveKernels"/>.</param>
    /// <param name="parameters">Fit parameters of the law (2 to <see cref="FitObjectiveKernels.MaxParameters"/>).</param>
    /// <param name="delta">Huber threshold δ.</param>
    /// <param name="logX1">log x (or log N) of every point of every problem.</param>
    /// <param name="logX2">log D (joint laws), else empty.</param>
    /// <param name="logY">log y.</param>
    /// <param name="weights">Weights.</param>
    /// <param name="ranges">First point and point count of each problem.</param>
    /// <returns>The batch; the caller disposes it.</returns>
    public FitObjectiveBatch Upload(
        int law, int parameters, double delta, ReadOnlySpan<double> logX1, ReadOnlySpan<double> logX2, ReadOnlySpan<double> logY,
        ReadOnlySpan<double> weights, ReadOnlySpan<int> ranges)
    {
        if (!SupportsFloat64)
        {
            throw new NotSupportedException($"{Name} has no double precision (cl_khr_fp64); the fit objective needs it.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(parameters, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parameters, FitObjectiveKernels.MaxParameters);
        int maxCount = 1;
        for (int p = 1; p < ranges.Length; p += 2)
        {
            maxCount = Math.Max(maxCount, ranges[p]);
        }

        int lanes = Math.Clamp(Math.Min(maxCount, WarpSize), 1, 64);
        var args = new FitArgs { Law = law, Parameters = parameters, Lanes = lanes, Delta = delta };
        lock (Gate)
        {
            _accelerator.Bind();
            return new FitObjectiveBatch(this, args, ranges.Length / 2, Copy(logX1), Copy(logX2), Copy(logY), Copy(weights), Copy(ranges));
        }
    }

    public void Dispose() => _device.Dispose();

    /// <summary>A device buffer of <paramref name="length"/> elements (at least one).</summary>
    internal MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(long length)
        where T : unmanaged
        => _accelerator.Allocate1D<T>(Math.Max(1, length));

    /// <summary>Runs one round: stage 1 over rows × lanes, stage 2 over rows. The caller holds <see cref="Gate"/>.</summary>
    internal void Launch(int rows, D logX1, D logX2, D logY, D weights, I ranges, I rowProblems, D points, D partials, D results, FitArgs args)
    {
        _accelerator.Bind();
        _partials ??= _accelerator.LoadAutoGroupedStreamKernel<Index2D, D, D, D, D, I, I, D, D, FitArgs>(FitObjectiveKernels.Partials);
        _totals ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, D, D, FitArgs>(FitObjectiveKernels.Totals);
        _partials(new Index2D(args.Lanes, rows), logX1, logX2, logY, weights, ranges, rowProblems, points, partials, args);
        _totals(rows, partials, results, args);
    }

    private MemoryBuffer1D<T, Stride1D.Dense> Copy<T>(ReadOnlySpan<T> data)
        where T : unmanaged
    {
        MemoryBuffer1D<T, Stride1D.Dense> buffer = Allocate<T>(data.Length);
        if (data.Length > 0)
        {
            buffer.View.SubView(0, data.Length).CopyFromCPU(_accelerator.DefaultStream, data);
        }

        return buffer;
    }
}

/// <summary>
/// One fit's data on a <see cref="FitObjectiveDevice"/>, and the row buffers its rounds reuse (grown when a round has
/// more rows than any before, never shrunk). <see cref="Evaluate"/> is one round: upload the rows' problems and
/// points, two kernel launches, download objective and gradient.
/// </summary>
internal sealed class FitObjectiveBatch : IDisposable
{
    private readonly FitObjectiveDevice _device;
    private readonly FitArgs _args;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _logX1;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _logX2;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _logY;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _weights;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _ranges;
    private MemoryBuffer1D<int, Stride1D.Dense>? _rowProblems;
    private MemoryBuffer1D<double, Stride1D.Dense>? _points;
    private MemoryBuffer1D<double, Stride1D.Dense>? _partials;
    private MemoryBuffer1D<double, Stride1D.Dense>? _results;
    private double[] _host = [];
    private int _capacity;
    private bool _disposed;

    internal FitObjectiveBatch(
        FitObjectiveDevice device, FitArgs args, int problems, MemoryBuffer1D<double, Stride1D.Dense> logX1, MemoryBuffer1D<double, Stride1D.Dense> logX2,
        MemoryBuffer1D<double, Stride1D.Dense> logY, MemoryBuffer1D<double, Stride1D.Dense> weights, MemoryBuffer1D<int, Stride1D.Dense> ranges)
    {
        _device = device;
        _args = args;
        ProblemCount = problems;
        _logX1 = logX1;
        _logX2 = logX2;
        _logY = logY;
        _weights = weights;
        _ranges = ranges;
    }

    /// <summary>Fit parameters per row.</summary>
    public int Dimension => _args.Parameters;

    /// <summary>Problems uploaded.</summary>
    public int ProblemCount { get; }

    /// <summary>Lanes each row's points are split over.</summary>
    public int Lanes => _args.Lanes;

    /// <summary>Evaluates every row (see <see cref="FitObjectiveKernels.Partials"/>).</summary>
    /// <param name="problems">Problem index of each row (each in [0, <see cref="ProblemCount"/>)).</param>
    /// <param name="points">Row-major points, rows × <see cref="Dimension"/>.</param>
    /// <param name="values">Receives the objective of each row.</param>
    /// <param name="gradients">Receives row-major gradients.</param>
    public void Evaluate(ReadOnlySpan<int> problems, ReadOnlySpan<double> points, Span<double> values, Span<double> gradients)
    {
        int rows = problems.Length, p = _args.Parameters, width = p + 1;
        if (points.Length != rows * p || values.Length != rows || gradients.Length != rows * p)
        {
            throw new ArgumentException($"{rows} rows need {rows * p} point and gradient entries and {rows} values.", nameof(points));
        }

        foreach (int problem in problems)
        {
            if ((uint)problem >= (uint)ProblemCount)
            {
                throw new ArgumentOutOfRangeException(nameof(problems), problem, $"There are {ProblemCount} problems.");
            }
        }

        if (rows == 0)
        {
            return;
        }

        lock (_device.Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EnsureCapacity(rows);
            AcceleratorStream stream = _device.Stream;
            _rowProblems!.View.SubView(0, rows).CopyFromCPU(stream, problems);
            _points!.View.SubView(0, rows * p).CopyFromCPU(stream, points);
            _device.Launch(rows, _logX1.View, _logX2.View, _logY.View, _weights.View, _ranges.View, _rowProblems.View, _points.View, _partials!.View, _results!.View, _args);
            Span<double> host = _host.AsSpan(0, rows * width);
            _results.View.SubView(0, host.Length).CopyToCPU(stream, host);
            stream.Synchronize();
            for (int r = 0; r < rows; r++)
            {
                values[r] = host[r * width];
                host.Slice((r * width) + 1, p).CopyTo(gradients.Slice(r * p, p));
            }
        }
    }

    public void Dispose()
    {
        lock (_device.Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _logX1.Dispose();
            _logX2.Dispose();
            _logY.Dispose();
            _weights.Dispose();
            _ranges.Dispose();
            _rowProblems?.Dispose();
            _points?.Dispose();
            _partials?.Dispose();
            _results?.Dispose();
        }
    }

    private void EnsureCapacity(int rows)
    {
        if (rows <= _capacity)
        {
            return;
        }

        int p = _args.Parameters, width = p + 1;
        _rowProblems?.Dispose();
        _points?.Dispose();
        _partials?.Dispose();
        _results?.Dispose();
        _rowProblems = _device.Allocate<int>(rows);
        _points = _device.Allocate<double>((long)rows * p);
        _partials = _device.Allocate<double>((long)rows * _args.Lanes * width);
        _results = _device.Allocate<double>((long)rows * width);
        _host = new double[rows * width];
        _capacity = rows;
    }
}
