using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using Sweep.Kernels.Accelerators;
using Sweep.Kernels.Cpu;

namespace Sweep.Kernels;

/// <summary>Creates backends, resolves <see cref="BackendKind.Auto"/>, and lists devices (the CLI's <c>devices</c> command).</summary>
/// <example>
/// <code>
/// using ComputeBackend backend = ComputeBackends.Create(ComputeBackends.Parse("auto"));
/// Console.WriteLine(backend.Describe()); // e.g. "cpu (auto: no CUDA device, no OpenCL GPU): managed SIMD (Vector512+FMA …)"
/// </code>
/// </example>
public static class ComputeBackends
{
    private static readonly Lazy<IReadOnlyList<DeviceInfo>> Gpus = new(EnumerateGpus);

    /// <summary>The names the CLI accepts, in <see cref="BackendKind"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "cpu", "ilgpu-cpu", "cuda", "opencl"];

    /// <summary>The CLI name of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its name.</returns>
    public static string NameOf(BackendKind kind) => kind switch
    {
        BackendKind.Auto => "auto",
        BackendKind.Cpu => "cpu",
        BackendKind.IlgpuCpu => "ilgpu-cpu",
        BackendKind.Cuda => "cuda",
        BackendKind.OpenCL => "opencl",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a CLI name (case-insensitive; <c>cpu-simd</c> is accepted for <c>cpu</c>).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The kind.</returns>
    public static BackendKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "auto" => BackendKind.Auto,
            "cpu" or "cpu-simd" or "simd" => BackendKind.Cpu,
            "ilgpu-cpu" or "ilgpucpu" => BackendKind.IlgpuCpu,
            "cuda" => BackendKind.Cuda,
            "opencl" or "cl" => BackendKind.OpenCL,
            _ => throw new ArgumentException($"unknown backend '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>Creates a backend. <see cref="BackendKind.Auto"/> picks CUDA, then an OpenCL GPU, then <c>cpu</c>, and records why in <see cref="ComputeBackend.SelectionReason"/>.</summary>
    /// <param name="kind">The backend.</param>
    /// <param name="options">Threads, device index, SIMD width; null for the defaults.</param>
    /// <returns>The backend; the caller disposes it.</returns>
    /// <exception cref="DeviceNotFoundException">A GPU backend was asked for and no such device exists.</exception>
    public static ComputeBackend Create(BackendKind kind, BackendOptions? options = null)
    {
        options ??= BackendOptions.Default;
        switch (kind)
        {
            case BackendKind.Cpu:
                return new CpuBackend(options.Threads, options.Simd);
            case BackendKind.IlgpuCpu:
                return IlgpuBackend.Create(BackendKind.IlgpuCpu);
            case BackendKind.Cuda:
            case BackendKind.OpenCL:
                return IlgpuBackend.Create(kind, options.DeviceIndex);
            case BackendKind.Auto:
                (BackendKind chosen, string reason) = ResolveAuto();
                ComputeBackend backend = Create(chosen, options with { DeviceIndex = 0 });
                backend.SelectionReason = reason;
                return backend;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>What <see cref="BackendKind.Auto"/> resolves to here, and why.</summary>
    /// <returns>The kind and a short reason.</returns>
    public static (BackendKind Kind, string Reason) ResolveAuto()
    {
        IReadOnlyList<DeviceInfo> devices = ListDevices();
        if (devices.Any(d => d.Kind == BackendKind.Cuda))
        {
            return (BackendKind.Cuda, "auto: a CUDA device is present");
        }

        if (devices.Any(d => d.Kind == BackendKind.OpenCL && d.IsDefault))
        {
            return (BackendKind.OpenCL, "auto: no CUDA device, an OpenCL GPU is present");
        }

        return (BackendKind.Cpu, "auto: no CUDA device, no OpenCL GPU");
    }

    /// <summary>
    /// Every device a backend can use here: the CPU (managed SIMD), ILGPU's CPU simulator, and each CUDA and OpenCL
    /// device. The drivers are asked once per process (a process gains no GPU while it runs); later calls reuse that.
    /// </summary>
    /// <returns>The devices; the one <see cref="BackendKind.Auto"/> picks has <see cref="DeviceInfo.IsDefault"/> set.</returns>
    public static IReadOnlyList<DeviceInfo> ListDevices()
    {
        List<DeviceInfo> gpus = [.. Gpus.Value];
        bool cpuDefault = !gpus.Any(d => d.IsDefault);
        var result = new List<DeviceInfo> { CpuBackend.Describe(Environment.ProcessorCount, SimdWidth.Auto) with { IsDefault = cpuDefault } };
        result.Add(new DeviceInfo(
            BackendKind.IlgpuCpu,
            0,
            "CPUAccelerator",
            "ILGPU CPU accelerator (a simulator: the reference for checking kernels, 0.1–1 GFLOP/s)",
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            false));
        result.AddRange(gpus);
        return result;
    }

    private static IReadOnlyList<DeviceInfo> EnumerateGpus()
    {
        var gpus = new List<DeviceInfo>();
        int cuda = 0, cl = 0;
        IlgpuDevice.EnumerateGpus(device =>
        {
            if (device is CudaDevice)
            {
                gpus.Add(new DeviceInfo(BackendKind.Cuda, cuda, device.Name, IlgpuBackend.DescribeDevice(device), device.MemorySize, cuda == 0));
                cuda++;
            }
            else if (device is CLDevice clDevice)
            {
                bool isGpu = clDevice.DeviceType == CLDeviceType.CL_DEVICE_TYPE_GPU;
                gpus.Add(new DeviceInfo(BackendKind.OpenCL, cl, device.Name, IlgpuBackend.DescribeDevice(device) + (isGpu ? string.Empty : " (not a GPU)"), device.MemorySize, false));
                cl++;
            }
        });

        bool hasCuda = gpus.Any(d => d.Kind == BackendKind.Cuda);
        int firstClGpu = gpus.FindIndex(d => d.Kind == BackendKind.OpenCL && !d.Description.EndsWith("(not a GPU)", StringComparison.Ordinal));
        if (!hasCuda && firstClGpu >= 0)
        {
            gpus[firstClGpu] = gpus[firstClGpu] with { IsDefault = true };
        }

        return gpus;
    }
}
