namespace Sweep.Kernels.Accelerators;

#pragma warning disable CA1051 // kernel argument blocks are plain data

/// <summary>A batch of fit-objective rows (<see cref="FitObjectiveKernels"/>).</summary>
internal struct FitArgs
{
    /// <summary>Which law (<see cref="FitObjectiveKernels.Chinchilla"/>, …).</summary>
    public int Law;

    /// <summary>Fit parameters P per row.</summary>
    public int Parameters;

    /// <summary>Lanes L per row: the points of a row are split over L threads.</summary>
    public int Lanes;

    /// <summary>Huber threshold δ.</summary>
    public double Delta;
}

#pragma warning restore CA1051

/// <summary>
/// Marks a kernel class whose kernels compute in double precision: they need fp64 on the device (every CUDA GPU, the
/// CPU simulator, OpenCL devices with <c>cl_khr_fp64</c>), so the code-generation tests compile them for an fp64
/// OpenCL device, and the host falls back to the CPU on an OpenCL device without it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class Float64KernelsAttribute : Attribute;
