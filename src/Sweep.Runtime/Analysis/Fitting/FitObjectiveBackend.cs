using System.Globalization;
using System.Runtime.Intrinsics;
using Sweep.Kernels;

namespace Sweep.Analysis;

/// <summary>
/// Where a fit's objective is evaluated, chosen from a backend name (<c>fit --backend</c>): the managed CPU loop
/// (<see cref="CpuBatchObjectives"/>, starts spread over threads) or ILGPU kernels on an accelerator
/// (<see cref="IlgpuBatchObjectives"/>, starts advanced lock-step, one launch per round). <see cref="Apply"/> puts the
/// choice into <see cref="FitOptions"/>; <see cref="Description"/> says what was chosen and why. Dispose it after the fits.
/// </summary>
/// <example>
/// <code>
/// using FitObjectiveBackend backend = FitObjectiveBackend.Create(BackendKind.Auto);
/// LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, backend.Apply(new FitOptions()));
/// Console.WriteLine(backend.Description); // "cpu (managed loop, Vector256, 16 threads; auto: no CUDA device, no OpenCL GPU)"
/// </code>
/// </example>
public sealed class FitObjectiveBackend : IDisposable
{
    private readonly IlgpuBatchObjectives? _accelerator;

    private FitObjectiveBackend(BackendKind kind, IlgpuBatchObjectives? accelerator, string description)
    {
        Kind = kind;
        _accelerator = accelerator;
        Description = description;
    }

    /// <summary>The backend that evaluates the objective: <see cref="BackendKind.Cpu"/>, or an ILGPU kind.</summary>
    public BackendKind Kind { get; }

    /// <summary>The objective provider.</summary>
    public IBatchObjectiveProvider Objectives => (IBatchObjectiveProvider?)_accelerator ?? CpuBatchObjectives.Instance;

    /// <summary>How starts are scheduled: threads on the CPU, lock-step rounds on an accelerator.</summary>
    public FitEngine Engine => _accelerator is null ? FitEngine.Threads : FitEngine.Lockstep;

    /// <summary>The backend in one line, with the device and, after <c>auto</c> or a fallback, the reason.</summary>
    public string Description { get; }

    /// <summary>
    /// Opens the backend for <paramref name="kind"/>. <see cref="BackendKind.Auto"/> takes a CUDA device, then an OpenCL
    /// GPU, then the CPU. An OpenCL device without double precision falls back to the CPU, and <see cref="Description"/>
    /// says so.
    /// </summary>
    /// <param name="kind">The requested backend.</param>
    /// <param name="deviceIndex">Which CUDA or OpenCL device.</param>
    /// <param name="threads">CPU threads (all cores when null); used by the CPU path.</param>
    /// <returns>The backend; the caller disposes it.</returns>
    /// <exception cref="InvalidOperationException">A GPU backend was asked for and no such device exists.</exception>
    public static FitObjectiveBackend Create(BackendKind kind, int deviceIndex = 0, int? threads = null)
    {
        string? reason = null;
        if (kind == BackendKind.Auto)
        {
            (kind, reason) = ComputeBackends.ResolveAuto();
            deviceIndex = 0;
        }

        if (kind == BackendKind.Cpu)
        {
            return Cpu(threads, reason);
        }

        try
        {
            IlgpuBatchObjectives accelerator = IlgpuBatchObjectives.Create(kind, deviceIndex);
            string why = reason is null ? string.Empty : $"; {reason}";
            return new FitObjectiveBackend(kind, accelerator, $"{ComputeBackends.NameOf(kind)} ({accelerator.Device}; fp64 kernels, lock-step rounds{why})");
        }
        catch (NotSupportedException e)
        {
            return Cpu(threads, $"{ComputeBackends.NameOf(kind)} refused: {e.Message}; the CPU evaluates it instead");
        }
    }

    /// <summary>Sets <see cref="FitOptions.Objectives"/> and <see cref="FitOptions.Engine"/> to this backend's.</summary>
    /// <param name="options">The options to start from.</param>
    public FitOptions Apply(FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Objectives = Objectives, Engine = Engine };
    }

    /// <inheritdoc />
    public void Dispose() => _accelerator?.Dispose();

    private static FitObjectiveBackend Cpu(int? threads, string? reason)
    {
        string simd = Vector256.IsHardwareAccelerated ? "Vector256" : "scalar";
        string count = (threads ?? Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture);
        string why = reason is null ? string.Empty : $"; {reason}";
        return new FitObjectiveBackend(BackendKind.Cpu, null, $"cpu (managed loop, {simd}, {count} threads{why})");
    }
}
