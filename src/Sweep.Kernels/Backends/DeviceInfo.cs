namespace Sweep.Kernels;

/// <summary>A device a backend can run on, as <see cref="ComputeBackends.ListDevices"/> reports it.</summary>
/// <param name="Kind">The backend kind that uses it.</param>
/// <param name="Index">Index among the devices of that kind (pass it as <see cref="BackendOptions.DeviceIndex"/>).</param>
/// <param name="Name">The device's name.</param>
/// <param name="Description">A one-line description (vector width and threads, or memory and compute units).</param>
/// <param name="MemoryBytes">Memory available to it, in bytes.</param>
/// <param name="IsDefault">Whether <see cref="BackendKind.Auto"/> would pick it.</param>
/// <example>
/// <code>
/// foreach (DeviceInfo d in ComputeBackends.ListDevices()) Console.WriteLine($"{ComputeBackends.NameOf(d.Kind)}[{d.Index}] {d.Description}");
/// </code>
/// </example>
public sealed record DeviceInfo(BackendKind Kind, int Index, string Name, string Description, long MemoryBytes, bool IsDefault);

/// <summary>How to create a backend.</summary>
/// <param name="Threads">
/// Threads of the <c>cpu</c> backend, the caller included. The default is 1: the runner trains independent trials
/// side by side, one per core, which measured faster than splitting one model across cores; use more for a single
/// large model, a large matrix product, or a batch of models (split by model).
/// </param>
/// <param name="DeviceIndex">Which CUDA or OpenCL device (see <see cref="ComputeBackends.ListDevices"/>).</param>
/// <param name="Simd">The <c>cpu</c> backend's GEMM micro-kernel (tests force each one).</param>
/// <example>
/// <code>
/// using ComputeBackend cpu = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: 2));
/// </code>
/// </example>
public sealed record BackendOptions(int Threads = 1, int DeviceIndex = 0, SimdWidth Simd = SimdWidth.Auto)
{
    /// <summary>One thread, the first device, the widest SIMD.</summary>
    public static BackendOptions Default { get; } = new();
}
