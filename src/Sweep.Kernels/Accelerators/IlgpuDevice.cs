using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Sweep.Kernels.Accelerators;

/// <summary>
/// The one place Sweep opens ILGPU: a <see cref="ILGPU.Context"/> with one <see cref="ILGPU.Runtime.Accelerator"/> on
/// one device of a kind (the CPU simulator, a CUDA or an OpenCL device), owned and disposed together. The training
/// backends (<see cref="IlgpuBackend"/>) and the fit-objective device (<see cref="FitObjectiveDevice"/>) each hold
/// one; <see cref="EnumerateGpus"/> lists the GPUs the <c>devices</c> listing shows. Contexts are created and
/// disposed one at a time (the simulator's too, for one code path; opening one takes milliseconds): on an H200
/// machine that also has a CPU OpenCL runtime, the runtime tests, opening and listing devices from 16 threads at
/// once, died of a segmentation fault before any test finished; with this lock (and the listing asked once per
/// process) the same run went through.
/// </summary>
internal sealed class IlgpuDevice : IDisposable
{
    private static readonly Lock DriverLock = new();

    private IlgpuDevice(BackendKind kind, int index, Context context, Device device, Accelerator accelerator)
    {
        Kind = kind;
        Index = index;
        Context = context;
        Device = device;
        Accelerator = accelerator;
    }

    /// <summary><see cref="BackendKind.IlgpuCpu"/>, <see cref="BackendKind.Cuda"/> or <see cref="BackendKind.OpenCL"/>.</summary>
    public BackendKind Kind { get; }

    /// <summary>The device's index among the devices of its kind.</summary>
    public int Index { get; }

    /// <summary>The context the accelerator lives in.</summary>
    public Context Context { get; }

    /// <summary>The device.</summary>
    public Device Device { get; }

    /// <summary>The accelerator on it.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>
    /// Opens device <paramref name="index"/> of <paramref name="kind"/>: the CPU simulator (a fixed 4-warp, 4-thread
    /// device, so kernels behave the same on every machine), or a CUDA or OpenCL device optimised at O2.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <param name="index">Which CUDA or OpenCL device (ignored for the simulator).</param>
    /// <returns>The open device; the caller disposes it.</returns>
    /// <exception cref="DeviceNotFoundException">There is no such device here.</exception>
    public static IlgpuDevice Open(BackendKind kind, int index = 0)
    {
        if (kind is not (BackendKind.IlgpuCpu or BackendKind.Cuda or BackendKind.OpenCL))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "ILGPU opens ilgpu-cpu, cuda or opencl devices.");
        }

        lock (DriverLock)
        {
            Context context = Context.Create(builder =>
            {
                _ = kind switch
                {
                    BackendKind.Cuda => builder.Cuda().Optimize(OptimizationLevel.O2),
                    BackendKind.OpenCL => builder.OpenCL().Optimize(OptimizationLevel.O2),
                    _ => builder.CPU(),
                };
                builder.EnableAlgorithms();
            });
            try
            {
                if (kind == BackendKind.IlgpuCpu)
                {
                    CPUDevice simulator = ReferenceCpuDevice();
                    return new IlgpuDevice(kind, 0, context, simulator, simulator.CreateCPUAccelerator(context));
                }

                AcceleratorType type = kind == BackendKind.Cuda ? AcceleratorType.Cuda : AcceleratorType.OpenCL;
                Device[] devices = [.. context.Devices.Where(d => d.AcceleratorType == type)];
                if (index < 0 || index >= devices.Length)
                {
                    throw new DeviceNotFoundException(kind, index, devices.Length);
                }

                return new IlgpuDevice(kind, index, context, devices[index], devices[index].CreateAccelerator(context));
            }
            catch
            {
                context.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Every CUDA and OpenCL device the drivers here report, in driver order; empty when there is no driver.
    /// </summary>
    /// <param name="describe">Called for each device while its context is open.</param>
    public static void EnumerateGpus(Action<Device> describe)
    {
        ArgumentNullException.ThrowIfNull(describe);
        try
        {
            lock (DriverLock)
            {
                using Context context = Context.Create(builder => builder.Cuda().OpenCL());
                foreach (Device device in context)
                {
                    if (device.AcceleratorType is AcceleratorType.Cuda or AcceleratorType.OpenCL)
                    {
                        describe(device);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or InvalidOperationException or NotSupportedException or EntryPointNotFoundException or BadImageFormatException)
        {
            // No driver: no GPU devices.
        }
    }

    /// <summary>The simulated CPU device every <c>ilgpu-cpu</c> accelerator and code-generation test uses.</summary>
    public static CPUDevice ReferenceCpuDevice() => new(4, 4, 1);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (DriverLock)
        {
            Accelerator.Dispose();
            Context.Dispose();
        }
    }
}
