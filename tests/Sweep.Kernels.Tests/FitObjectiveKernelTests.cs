using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime.OpenCL;
using Sweep.Kernels.Accelerators;

namespace Sweep.Kernels.Tests;

/// <summary>
/// The fit-objective kernels: their own exp and log against <see cref="Math"/>, the two-stage device sums against the
/// same per-point math summed on the host (simulator always; CUDA and fp64 OpenCL where present), and the refusal to
/// build them for an OpenCL device without fp64. (The comparison with the fitter's CPU objective is in
/// Sweep.Runtime.Tests, IlgpuObjectiveTests.)
/// </summary>
public sealed class FitObjectiveKernelTests(ITestOutputHelper output)
{
    /// <summary>(law id, parameters, joint) for every law the kernels serve.</summary>
    public static TheoryData<int, int, bool> Laws => new()
    {
        { FitObjectiveKernels.Chinchilla, 5, true },
        { FitObjectiveKernels.Kaplan, 4, true },
        { FitObjectiveKernels.Power, 3, false },
        { FitObjectiveKernels.PowerNoIrreducible, 2, false },
        { FitObjectiveKernels.Broken, 6, false },
    };

    [Fact]
    public void Exp_MatchesMathExp_ToAFewUlp()
    {
        var rng = new Random(1);
        double worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double x = i < 100_000 ? (rng.NextDouble() * 1417.0) - 708.0 : (rng.NextDouble() * 4.0) - 2.0;
            double expected = Math.Exp(x);
            worst = Math.Max(worst, Math.Abs(FitObjectiveKernels.Exp(x) - expected) / expected);
        }

        output.WriteLine($"exp: max relative error {worst:E2} ({worst / 2.220446049250313E-16:F2} × 2^-52)");
        Assert.True(worst < 1e-15, $"max relative error {worst:E2}");
        Assert.Equal(1.0, FitObjectiveKernels.Exp(0.0));
        Assert.Equal(double.PositiveInfinity, FitObjectiveKernels.Exp(710.0));
        Assert.Equal(double.PositiveInfinity, FitObjectiveKernels.Exp(double.PositiveInfinity));
        Assert.Equal(0.0, FitObjectiveKernels.Exp(-750.0));
        Assert.Equal(0.0, FitObjectiveKernels.Exp(double.NegativeInfinity));
        Assert.True(double.IsNaN(FitObjectiveKernels.Exp(double.NaN)));
        Assert.True(double.IsFinite(FitObjectiveKernels.Exp(709.78)), "e^709.78 is below double.MaxValue");
    }

    [Fact]
    public void Log_MatchesMathLog_ToAFewUlp()
    {
        var rng = new Random(2);
        double worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            // Log-uniform over the normal doubles, then the range the objective uses (sums of softmax terms in [1, 3]).
            double x = i < 100_000 ? Math.Exp((rng.NextDouble() * 1400.0) - 700.0) : 1.0 + (rng.NextDouble() * 2.0);
            double expected = Math.Log(x);
            worst = Math.Max(worst, Math.Abs(FitObjectiveKernels.Log(x) - expected) / Math.Max(Math.Abs(expected), 1e-300));
        }

        output.WriteLine($"log: max relative error {worst:E2} ({worst / 2.220446049250313E-16:F2} × 2^-52)");
        Assert.True(worst < 1e-15, $"max relative error {worst:E2}");
        Assert.Equal(0.0, FitObjectiveKernels.Log(1.0));
        Assert.Equal(double.NegativeInfinity, FitObjectiveKernels.Log(0.0));
        Assert.Equal(double.PositiveInfinity, FitObjectiveKernels.Log(double.PositiveInfinity));
        Assert.True(double.IsNaN(FitObjectiveKernels.Log(-1.0)));
        Assert.True(double.IsNaN(FitObjectiveKernels.Log(double.NaN)));
    }

    [Theory]
    [MemberData(nameof(Laws))]
    public void Simulator_MatchesHostSums(int law, int parameters, bool joint)
    {
        using FitObjectiveDevice device = FitObjectiveDevice.Create(BackendKind.IlgpuCpu);
        AssertMatchesHost(device, law, parameters, joint);
    }

    [Theory]
    [MemberData(nameof(Laws))]
    public void Cuda_MatchesHostSums(int law, int parameters, bool joint)
    {
        Assert.SkipUnless(ComputeBackends.ListDevices().Any(d => d.Kind == BackendKind.Cuda), "no CUDA device");
        using FitObjectiveDevice device = FitObjectiveDevice.Create(BackendKind.Cuda);
        AssertMatchesHost(device, law, parameters, joint);
    }

    [Theory]
    [MemberData(nameof(Laws))]
    public void OpenClWithFp64_MatchesHostSums(int law, int parameters, bool joint)
    {
        Assert.SkipUnless(ComputeBackends.ListDevices().Any(d => d.Kind == BackendKind.OpenCL), "no OpenCL device");
        using FitObjectiveDevice device = FitObjectiveDevice.Create(BackendKind.OpenCL);
        Assert.SkipUnless(device.SupportsFloat64, $"{device.Name} has no fp64");
        AssertMatchesHost(device, law, parameters, joint);
    }

    [Fact]
    public void Kernels_DoNotCompileForAnOpenClDeviceWithoutFp64()
    {
        using Context context = Context.Create(builder => builder.OpenCL());
        using var cl = new CLBackend(context, new CLCapabilityContext(genericAddressSpace: false, int64_Atomics: false, subGroups: false, float16: false, float64: false), CLDeviceVendor.Nvidia, CLCVersion.CL20);
        EntryPointDescription entry = EntryPointDescription.FromImplicitlyGroupedKernel(typeof(FitObjectiveKernels).GetMethod(nameof(FitObjectiveKernels.Totals), System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!);

        // This is why the host checks the device before uploading, and the fitter falls back to the CPU.
        Exception e = Assert.ThrowsAny<Exception>(() => cl.Compile(entry, default));
        Assert.IsType<CapabilityNotSupportedException>(e as CapabilityNotSupportedException ?? e.InnerException);
        Assert.Contains("Float64", (e.InnerException ?? e).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Three problems (33 points, 3 points — fewer than the lanes — and 17, with integer bootstrap weights) and 9 rows at
    /// random parameters: the device equals the per-point terms summed on the host in point order, to 1e-13 of the sum
    /// of the absolute terms (the lanes add in another order).
    /// </summary>
    private void AssertMatchesHost(FitObjectiveDevice device, int law, int parameters, bool joint)
    {
        var rng = new Random(law + 10);
        int[] sizes = [33, 3, 17];
        int total = sizes.Sum();
        var x1 = new double[total];
        var x2 = joint ? new double[total] : [];
        var y = new double[total];
        var w = new double[total];
        var ranges = new int[2 * sizes.Length];
        for (int i = 0, at = 0; i < sizes.Length; at += sizes[i], i++)
        {
            ranges[2 * i] = at;
            ranges[(2 * i) + 1] = sizes[i];
        }

        for (int i = 0; i < total; i++)
        {
            x1[i] = joint ? 17 + (rng.NextDouble() * 7) : 2 + (rng.NextDouble() * 10);
            if (joint)
            {
                x2[i] = 20 + (rng.NextDouble() * 7);
            }

            y[i] = Math.Log(1.5 + rng.NextDouble());
            w[i] = rng.Next(1, 4);
        }

        const int rows = 9;
        int[] problems = [.. Enumerable.Range(0, rows).Select(r => r % sizes.Length)];
        double[] points = [.. Enumerable.Range(0, rows * parameters).Select(_ => (rng.NextDouble() * 2) - 0.5)];
        const double delta = 0.05;
        using FitObjectiveBatch batch = device.Upload(law, parameters, delta, x1, x2, y, w, ranges);
        var values = new double[rows];
        var gradients = new double[rows * parameters];
        batch.Evaluate(problems, points, values, gradients);

        double worst = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> p = points.AsSpan(r * parameters, parameters);
            var theta = new FitObjectiveKernels.Theta(p[0], p[1], At(p, 2), At(p, 3), At(p, 4), At(p, 5));
            var sums = default(FitObjectiveKernels.Sums);
            var scale = new double[parameters + 1];
            for (int i = ranges[2 * problems[r]], end = i + ranges[(2 * problems[r]) + 1]; i < end; i++)
            {
                FitObjectiveKernels.Terms t = FitObjectiveKernels.PointTerms(law, theta, x1[i], joint ? x2[i] : 0);
                FitObjectiveKernels.Sums one = default(FitObjectiveKernels.Sums).Add(t, y[i], w[i], delta);
                sums = sums.Add(t, y[i], w[i], delta);
                double[] parts = [one.F, one.G0, one.G1, one.G2, one.G3, one.G4, one.G5];
                for (int k = 0; k <= parameters; k++)
                {
                    scale[k] += Math.Abs(parts[k]);
                }
            }

            double[] expected = [sums.F, sums.G0, sums.G1, sums.G2, sums.G3, sums.G4, sums.G5];
            for (int k = 0; k <= parameters; k++)
            {
                double actual = k == 0 ? values[r] : gradients[(r * parameters) + k - 1];
                double error = Math.Abs(actual - expected[k]) / Math.Max(scale[k], 1e-300);
                worst = Math.Max(worst, error);
                Assert.True(error <= 1e-13, $"row {r}, {(k == 0 ? "objective" : $"gradient[{k - 1}]")}: {actual:R} on {device.Kind}, {expected[k]:R} on the host (error {error:E2} of the term scale)");
            }
        }

        output.WriteLine($"{device.Kind} ({device.Description}), {batch.Lanes} lanes: max error {worst:E2} of the sum of |terms|");
    }

    private static double At(ReadOnlySpan<double> p, int k) => k < p.Length ? p[k] : 0;
}
