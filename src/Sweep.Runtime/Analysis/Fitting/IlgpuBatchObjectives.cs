using Sweep.Kernels;
using Sweep.Kernels.Accelerators;

namespace Sweep.Analysis;

/// <summary>
/// Fit objectives evaluated by ILGPU kernels on an accelerator (<c>cuda</c>, <c>opencl</c>, or the <c>ilgpu-cpu</c>
/// simulator that checks them), in double precision: each fit's data are uploaded once, each lock-step round of the
/// fitter is one upload of the rows' points, two kernel launches and one download of objective and gradient. Serves
/// every law (Chinchilla, Kaplan, both power laws, the broken power law). Owns the accelerator; dispose it after the
/// fits. Results match <see cref="CpuBatchObjectives"/> to rounding (the tests hold them to 1e-13 relative).
/// </summary>
/// <example>
/// <code>
/// using IlgpuBatchObjectives gpu = IlgpuBatchObjectives.Create(BackendKind.Cuda);
/// LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, new FitOptions { Objectives = gpu, Engine = FitEngine.Lockstep });
/// </code>
/// </example>
public sealed class IlgpuBatchObjectives : IBatchObjectiveProvider, IDisposable
{
    private readonly FitObjectiveDevice _device;

    private IlgpuBatchObjectives(FitObjectiveDevice device) => _device = device;

    /// <summary>The accelerator's kind.</summary>
    public BackendKind Kind => _device.Kind;

    /// <summary>The device, in one line (name, memory, compute units).</summary>
    public string Device => _device.Description;

    /// <summary>Opens an accelerator for fit objectives.</summary>
    /// <param name="kind"><see cref="BackendKind.IlgpuCpu"/>, <see cref="BackendKind.Cuda"/> or <see cref="BackendKind.OpenCL"/>.</param>
    /// <param name="deviceIndex">Which CUDA or OpenCL device (see <see cref="ComputeBackends.ListDevices"/>).</param>
    /// <returns>The provider; the caller disposes it.</returns>
    /// <exception cref="InvalidOperationException">No such device here.</exception>
    /// <exception cref="NotSupportedException">The device has no double precision (an OpenCL device without <c>cl_khr_fp64</c>).</exception>
    public static IlgpuBatchObjectives Create(BackendKind kind, int deviceIndex = 0)
    {
        FitObjectiveDevice device = FitObjectiveDevice.Create(kind, deviceIndex);
        if (!device.SupportsFloat64)
        {
            string name = device.Name;
            device.Dispose();
            throw new NotSupportedException(NoFloat64(name));
        }

        return new IlgpuBatchObjectives(device);
    }

    /// <inheritdoc />
    public IBatchObjective Create(ScalingLaw law, IReadOnlyList<FitProblem> problems, double huberDelta)
    {
        ArgumentNullException.ThrowIfNull(law);
        ArgumentNullException.ThrowIfNull(problems);
        int total = problems.Sum(p => p.LogY.Length);
        bool joint = law.Inputs == 2;
        var x1 = new double[total];
        var x2 = joint ? new double[total] : [];
        var y = new double[total];
        var w = new double[total];
        var ranges = new int[2 * problems.Count];
        int at = 0;
        for (int i = 0; i < problems.Count; i++)
        {
            FitProblem problem = problems[i];
            int n = problem.LogY.Length;
            if (problem.LogX1.Length != n || problem.Weights.Length != n || (joint && problem.LogX2.Length != n))
            {
                throw new ArgumentException($"Problem {i}: every column needs {n} values.", nameof(problems));
            }

            problem.LogX1.Span.CopyTo(x1.AsSpan(at));
            if (joint)
            {
                problem.LogX2.Span.CopyTo(x2.AsSpan(at));
            }

            problem.LogY.Span.CopyTo(y.AsSpan(at));
            problem.Weights.Span.CopyTo(w.AsSpan(at));
            ranges[2 * i] = at;
            ranges[(2 * i) + 1] = n;
            at += n;
        }

        FitObjectiveBatch batch = _device.Upload(LawId(law), law.ParameterCount, huberDelta, x1, x2, y, w, ranges);
        return new Objective(batch);
    }

    /// <inheritdoc />
    public void Dispose() => _device.Dispose();

    /// <summary>The kernels' id of a law.</summary>
    internal static int LawId(ScalingLaw law) => law switch
    {
        ChinchillaLaw => FitObjectiveKernels.Chinchilla,
        KaplanLaw => FitObjectiveKernels.Kaplan,
        PowerLaw { Irreducible: true } => FitObjectiveKernels.Power,
        PowerLaw => FitObjectiveKernels.PowerNoIrreducible,
        BrokenPowerLaw => FitObjectiveKernels.Broken,
        _ => throw new ArgumentException($"Law '{law.Name}' has no accelerator kernel.", nameof(law)),
    };

    internal static string NoFloat64(string device)
        => $"{device} has no double precision (cl_khr_fp64), and the fit objective is computed in doubles";

    /// <summary>One fit's objective on the device; evaluates a whole round per call.</summary>
    private sealed class Objective(FitObjectiveBatch batch) : IBatchObjective, IDisposable
    {
        public int Dimension => batch.Dimension;

        public int ProblemCount => batch.ProblemCount;

        public bool AllowsConcurrentCalls => false;

        public void Evaluate(ReadOnlySpan<int> problems, ReadOnlySpan<double> points, Span<double> values, Span<double> gradients)
            => batch.Evaluate(problems, points, values, gradients);

        public void Dispose() => batch.Dispose();
    }
}
