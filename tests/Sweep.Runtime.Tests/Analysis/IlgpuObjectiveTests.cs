using Sweep.Analysis;
using Sweep.Kernels;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>One ILGPU CPU accelerator for the class: its two kernels compile once, as they do per fit command.</summary>
public sealed class SimulatorObjectives : IDisposable
{
    public IlgpuBatchObjectives Objectives { get; } = IlgpuBatchObjectives.Create(BackendKind.IlgpuCpu);

    public void Dispose() => Objectives.Dispose();
}

/// <summary>
/// The accelerator objective (ILGPU kernels, run here on the CPU simulator, the same code CUDA and OpenCL compile)
/// against the fitter's managed CPU objective, <see cref="CpuBatchObjectives"/>: values and gradients on random rows
/// over several problems with bootstrap weights, for every law; and whole multi-start fits with a bootstrap.
/// </summary>
public sealed class IlgpuObjectiveTests(SimulatorObjectives simulator, ITestOutputHelper output) : IClassFixture<SimulatorObjectives>
{
    /// <summary>
    /// Agreement required: |Δf| ≤ 1e-13·f (f is a sum of non-negative terms) and |Δg_k| ≤ 1e-13·Σ_i |∂_k term_i|. The
    /// two sides differ in exp/log implementations (a few ulp each) and in summation order; measured here: at most
    /// 7e-16 on the objective and 7e-15 on the gradient, so 1e-13 leaves an order of magnitude and more.
    /// </summary>
    private const double Tolerance = 1e-13;

    public static TheoryData<string, double> Cases()
    {
        var data = new TheoryData<string, double>();
        foreach (string law in ScalingLaw.Names)
        {
            data.Add(law, Huber.HoffmannDelta); // mostly the linear Huber regime
            data.Add(law, 10);                  // all quadratic
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ObjectiveAndGradient_EqualTheCpuPath_OnRandomRowsOverBootstrapProblems(string lawName, double delta)
    {
        ScalingLaw law = ScalingLaw.Parse(lawName);
        FitData data = law.Inputs == 2
            ? Synthetic.Chinchilla(Synthetic.Epoch, 6, 5, 0.05, gaussianSeed: 7)
            : Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(30, 0.4, 1.5), 10, 1e5, 25, 0.05, 11);

        // The full data, two compacted bootstrap replicas (cells and points), and one replica left with its zero weights.
        LawArrays full = data.ToLawArrays();
        FitProblem[] problems =
        [
            CpuBatchObjectives.ToProblem(full),
            CpuBatchObjectives.ToProblem(full.Compact(ScalingFitter.ResampleCounts(data, BootstrapResampling.Cells, 5, 0))),
            CpuBatchObjectives.ToProblem(full.Compact(ScalingFitter.ResampleCounts(data, BootstrapResampling.Points, 5, 1))),
            new FitProblem(full.LogX1, full.LogX2, full.LogY, ScalingFitter.ResampleCounts(data, BootstrapResampling.Points, 5, 2).Select(c => (double)c).ToArray()),
        ];

        // 40 rows spread over the law's start grid, nudged off it, cycling through the problems.
        int p = law.ParameterCount;
        const int rows = 40;
        StartGrid grid = law.DefaultStarts(data);
        var rng = new SplitMix64(17);
        int[] rowProblems = [.. Enumerable.Range(0, rows).Select(r => r % problems.Length)];
        var points = new double[rows * p];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> start = grid[(r * 37) % grid.Count];
            for (int k = 0; k < p; k++)
            {
                points[(r * p) + k] = start[k] + (0.1 * (1 + Math.Abs(start[k])) * (rng.NextDouble() - 0.5));
            }
        }

        (double[] cpuValues, double[] cpuGradients) = Evaluate(CpuBatchObjectives.Instance.Create(law, problems, delta), rowProblems, points);
        (double[] values, double[] gradients) = Evaluate(simulator.Objectives.Create(law, problems, delta), rowProblems, points);

        double worstF = 0, worstG = 0;
        for (int r = 0; r < rows; r++)
        {
            double[] scale = TermScale(law, problems[rowProblems[r]], points.AsSpan(r * p, p), delta);
            double errorF = Math.Abs(values[r] - cpuValues[r]) / cpuValues[r];
            worstF = Math.Max(worstF, errorF);
            Assert.True(errorF <= Tolerance, $"row {r}: objective {values[r]:R} on the accelerator, {cpuValues[r]:R} on the CPU (relative error {errorF:E2})");
            for (int k = 0; k < p; k++)
            {
                double errorG = Math.Abs(gradients[(r * p) + k] - cpuGradients[(r * p) + k]) / scale[k];
                worstG = Math.Max(worstG, errorG);
                Assert.True(errorG <= Tolerance, $"row {r}, ∂/∂{law.FitParameterNames[k]}: {gradients[(r * p) + k]:R} vs {cpuGradients[(r * p) + k]:R} on the CPU (error {errorG:E2} of Σ|terms| = {scale[k]:E3})");
            }
        }

        output.WriteLine($"{law.Name}, δ = {delta}: max relative error objective {worstF:E2}, gradient {worstG:E2} (of Σ|terms|)");
    }

    [Fact]
    public void ChinchillaMultiStartFitWithBootstrap_ThroughTheSimulator_EqualsTheCpuFit()
    {
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 5, 4, 0.01);
        var options = new FitOptions
        {
            Starts = StartGrid.Cartesian([0.5], [5, 10], [5, 10], [0.5], [0.5]),
            Bootstrap = new BootstrapOptions { Replicas = 4, StartsPerReplica = 2 },
        };

        LawFit cpu = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, options);
        LawFit device = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, options with { Objectives = simulator.Objectives, Engine = FitEngine.Lockstep });

        output.WriteLine($"cpu: objective {cpu.Objective:R}, {cpu.Convergence}");
        output.WriteLine($"ilgpu-cpu: objective {device.Objective:R}, {device.Convergence}");
        Assert.True(device.Convergence.Converged, device.Convergence.ToString());
        Assert.Equal(cpu.Objective, device.Objective, 1e-9 * cpu.Objective);
        for (int k = 0; k < cpu.Best.Natural.Count; k++)
        {
            Assert.Equal(cpu.Best.Natural[k], device.Best.Natural[k], 1e-6 * Math.Abs(cpu.Best.Natural[k]));
        }

        Assert.Equal(cpu.Replicas.Count, device.Replicas.Count);
        for (int r = 0; r < cpu.Replicas.Count; r++)
        {
            for (int k = 0; k < cpu.Best.Natural.Count; k++)
            {
                Assert.Equal(cpu.Replicas[r].Natural[k], device.Replicas[r].Natural[k], 1e-5 * Math.Abs(cpu.Replicas[r].Natural[k]));
            }
        }
    }

    [Fact]
    public void ThreadsEngine_WithAnAcceleratorObjective_RunsLockstepAndGivesTheSameFit()
    {
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(30, 0.4, 1.5), 10, 1e5, 12, 0.01, 8);
        var options = new FitOptions { Objectives = simulator.Objectives };

        LawFit threads = ScalingFitter.Fit(data, ScalingLaw.Power(), options with { Engine = FitEngine.Threads });
        LawFit lockstep = ScalingFitter.Fit(data, ScalingLaw.Power(), options with { Engine = FitEngine.Lockstep });

        Assert.Equal(lockstep.Best.Theta, threads.Best.Theta);
        Assert.Equal(lockstep.Starts.Evaluations, threads.Starts.Evaluations);
    }

    private static (double[] Values, double[] Gradients) Evaluate(IBatchObjective objective, int[] rowProblems, double[] points)
    {
        try
        {
            var values = new double[rowProblems.Length];
            var gradients = new double[points.Length];
            objective.Evaluate(rowProblems, points, values, gradients);
            return (values, gradients);
        }
        finally
        {
            (objective as IDisposable)?.Dispose();
        }
    }

    /// <summary>Σ_i |∂_k term_i| at θ: each point's gradient from the CPU objective of that point alone.</summary>
    private static double[] TermScale(ScalingLaw law, FitProblem problem, ReadOnlySpan<double> theta, double delta)
    {
        int n = problem.LogY.Length, p = theta.Length;
        bool joint = law.Inputs == 2;
        FitProblem[] single = [.. Enumerable.Range(0, n).Select(i => new FitProblem(
            problem.LogX1.Slice(i, 1), joint ? problem.LogX2.Slice(i, 1) : ReadOnlyMemory<double>.Empty, problem.LogY.Slice(i, 1), problem.Weights.Slice(i, 1)))];
        var points = new double[n * p];
        for (int i = 0; i < n; i++)
        {
            theta.CopyTo(points.AsSpan(i * p, p));
        }

        (_, double[] gradients) = Evaluate(CpuBatchObjectives.Instance.Create(law, single, delta), [.. Enumerable.Range(0, n)], points);
        var scale = new double[p];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < p; k++)
            {
                scale[k] += Math.Abs(gradients[(i * p) + k]);
            }
        }

        return scale;
    }
}
