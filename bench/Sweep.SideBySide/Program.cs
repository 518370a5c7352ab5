using System.Diagnostics;
using System.Globalization;
using Sweep.Kernels;

// Side-by-side driver: measures Sweep the way bench/peers/*.py measure PyTorch and prints the same
// "RESULT <name> <median> <min> <max> <runs> <unit>" lines, so one script can interleave both and compare.
//   sidebyside gemm THREADS [RUNS]                 SGEMM GFLOP/s, n = 64…1024, C = A·B
//   sidebyside mlp THREADS [RUNS] [h …]            32→h→1 ReLU MLP, MSE, Adam, batch 256: samples/s and 6N GFLOP/s
//   sidebyside batched THREADS [RUNS] K [h …]      K such models trained as one batched trial: total samples/s
//   sidebyside peak THREADS [RUNS]                 the measured FP32 FMA peak of the widest vector path (PeakProbe)
//   sidebyside kernel 1 [RUNS] [KC]                the GEMM micro-kernel alone on L1-resident panels (KernelProbe)
// --backend NAME (cpu by default; cuda, opencl, ilgpu-cpu) runs gemm, mlp and batched on another backend; on a GPU
// THREADS only names the result, the GEMM sizes go up to 4096, and every timed run ends with a device synchronisation.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
BackendKind kind = BackendKind.Cpu;
int backendFlag = Array.IndexOf(args, "--backend");
if (backendFlag >= 0)
{
    if (backendFlag + 1 >= args.Length)
    {
        Console.Error.WriteLine($"--backend needs a name: one of {string.Join(", ", ComputeBackends.Names)}");
        return 2;
    }

    try
    {
        kind = ComputeBackends.Parse(args[backendFlag + 1]);
    }
    catch (ArgumentException error)
    {
        Console.Error.WriteLine($"--backend: {error.Message}");
        return 2;
    }

    args = [.. args[..backendFlag], .. args[(backendFlag + 2)..]];
}

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: sidebyside [--backend NAME] {gemm|mlp|batched|peak|kernel} THREADS [RUNS] [K] [h ...]");
    return 2;
}

string mode = args[0];
int threads = int.Parse(args[1], CultureInfo.InvariantCulture);
int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
if (mode == "peak")
{
    PeakProbe.Run(threads, runs);
    return 0;
}

if (mode == "kernel")
{
    KernelProbe.Run(runs, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 256);
    return 0;
}

ComputeBackend backend;
try
{
    backend = ComputeBackends.Create(kind, new BackendOptions(Threads: threads));
}
catch (DeviceNotFoundException error)
{
    Console.Error.WriteLine($"--backend {ComputeBackends.NameOf(kind)}: {error.Message}");
    return 2;
}

using ComputeBackend owned = backend;
Console.Error.WriteLine($"# {backend.Describe()}");
SideBySide.Tag = kind == BackendKind.Cpu ? "sweep" : $"sweep_{ComputeBackends.NameOf(kind).Replace('-', '_')}";
switch (mode)
{
    case "gemm":
        SideBySide.Gemm(backend, threads, runs);
        break;
    case "mlp":
        foreach (int h in args.Length > 3 ? args[3..].Select(int.Parse) : [64, 256, 1024])
        {
            SideBySide.Mlp(backend, threads, runs, models: 1, h);
        }

        break;
    case "batched":
        int k = int.Parse(args[3], CultureInfo.InvariantCulture);
        foreach (int h in args.Length > 4 ? args[4..].Select(int.Parse) : [64])
        {
            SideBySide.Mlp(backend, threads, runs, models: k, h);
        }

        break;
    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        return 2;
}

return 0;

internal static class SideBySide
{
    private const int Inputs = 32;
    private const int Batch = 256;
    private const int Batches = 64;

    /// <summary>The result names' prefix: <c>sweep</c> on the CPU backend, <c>sweep_cuda</c> and so on elsewhere.</summary>
    public static string Tag { get; set; } = "sweep";

    public static void Gemm(ComputeBackend backend, int threads, int runs)
    {
        int[] sizes = backend.Kind is BackendKind.Cuda or BackendKind.OpenCL ? [64, 128, 256, 512, 1024, 2048, 4096] : [64, 128, 256, 512, 1024];
        foreach (int n in sizes)
        {
            using DeviceBuffer<float> a = backend.Allocate<float>(n * n), b = backend.Allocate<float>(n * n), c = backend.Allocate<float>(n * n);
            backend.FillNormal(a, 0, n * n, 1, 1, 0);
            backend.FillNormal(b, 0, n * n, 1, 2, 0);
            double flop = 2.0 * n * n * n;
            double[] rates = Measure(backend, runs, () => backend.Gemm(GemmLayout.AB, 1, n, n, n, 1f, a, b, 0f, c), 0.3, 50, flop / 1e9);
            Report($"sgemm_{Tag}_{threads}t_n{n}", rates, "GFLOP/s");
        }
    }

    public static void Mlp(ComputeBackend backend, int threads, int runs, int models, int hidden)
    {
        // The peer's task: inputs N(0, I_32), targets from a fixed tanh teacher 32→16→1, 64 batches of 256 rows.
        var shape = new MlpShape(Inputs, [hidden], 1, ActivationKind.Relu);
        int rows = Batch * Batches;
        using var trainer = new MlpTrainer(backend, shape, models, Batch, rows, LossKind.MeanSquaredError, OptimizerKind.Adam);
        var x = new float[rows * Inputs];
        var y = new float[rows];
        var teacher1 = new double[Inputs * 16];
        var teacher2 = new double[16];
        Philox.FillNormal(7, RandomStreams.Teacher, 0, teacher1, 1 / Math.Sqrt(Inputs));
        Philox.FillNormal(7, RandomStreams.Teacher, 1 << 20, teacher2, 0.25);
        for (int k = 0; k < models; k++)
        {
            for (int i = 0; i < rows; i++)
            {
                double f = 0;
                for (int j = 0; j < 16; j++)
                {
                    double s = 0;
                    for (int d = 0; d < Inputs; d++)
                    {
                        if (j == 0)
                        {
                            x[(i * Inputs) + d] = (float)Philox.Normal((ulong)k, RandomStreams.TrainInputs, (ulong)((i * Inputs) + d));
                        }

                        s += teacher1[(d * 16) + j] * x[(i * Inputs) + d];
                    }

                    f += Math.Tanh(s) * teacher2[j];
                }

                y[i] = (float)f;
            }

            trainer.LoadTrainingData(k, x, y);
            trainer.SetShuffleSeed(k, (ulong)k);
            trainer.InitializeParameters(k, (ulong)k);
            trainer.Configure(k, OptimizerSettings.Default with { LearningRate = 1e-3f, TotalSteps = int.MaxValue });
        }

        // Steps in runs, as the runtime's trial loop takes them: the largest power of two that runs in under a
        // quarter second (on the CPU each model trains through a run before the next starts).
        int step = 0;
        float first = Loss(trainer, ref step);
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 0.5)
        {
            trainer.Steps(step, 8);
            step += 8;
            backend.Synchronize();
        }

        var probe = Stopwatch.StartNew();
        trainer.Steps(step, 16);
        step += 16;
        backend.Synchronize();
        double perStep = probe.Elapsed.TotalSeconds / 16;
        int run = 1;
        while (run < 4096 && 2 * run * perStep < 0.25)
        {
            run *= 2;
        }

        double[] stepsPerSecond = Measure(
            backend,
            runs,
            () =>
            {
                trainer.Steps(step, run);
                step += run;
            },
            1.5,
            4,
            run);
        double[] samples = [.. stepsPerSecond.Select(r => r * Batch * models)];
        string name = models == 1 ? $"mlp_{Tag}_{threads}t_h{hidden}" : $"mlp_{Tag}_batched{models}_{threads}t_h{hidden}";
        Report($"{name}_samples_per_s", samples, "samples/s", "F0");
        double flopPerSample = 6.0 * shape.Parameters;
        Report($"{name}_gflops_6N", [.. samples.Select(s => s * flopPerSample / 1e9)], "GFLOP/s");
        float last = trainer.LastLosses()[0];
        Console.WriteLine(FormattableString.Invariant($"# h={hidden} models={models} params={shape.Parameters} us/step={1e6 / Median(stepsPerSecond):F1} loss first={first:F4} last={last:F5} after {step} steps in runs of {run}"));
    }

    private static float Loss(MlpTrainer trainer, ref int step)
    {
        trainer.Step(step++);
        return trainer.LastLosses()[0];
    }

    /// <summary>
    /// Calibrates repetitions to about <paramref name="seconds"/> per run, warms up, then times <paramref name="runs"/>
    /// runs, each ended by a device synchronisation (a no-op on the CPU backend, whose calls return finished).
    /// </summary>
    private static double[] Measure(ComputeBackend backend, int runs, Action action, double seconds, int minReps, double unitsPerCall)
    {
        action();
        backend.Synchronize();
        var clock = Stopwatch.StartNew();
        int probe = 0;
        while (clock.Elapsed.TotalSeconds < 0.05 || probe < 3)
        {
            action();
            probe++;
        }

        backend.Synchronize();

        double perCall = clock.Elapsed.TotalSeconds / probe;
        int reps = Math.Max(minReps, (int)(seconds / perCall));
        for (int i = 0; i < reps; i++)
        {
            action();
        }

        backend.Synchronize();
        var rates = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            clock.Restart();
            for (int i = 0; i < reps; i++)
            {
                action();
            }

            backend.Synchronize();
            rates[r] = reps * unitsPerCall / clock.Elapsed.TotalSeconds;
        }

        return rates;
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
    }

    private static void Report(string name, double[] values, string unit, string format = "F2")
    {
        Console.WriteLine($"RESULT\t{name}\t{Median(values).ToString(format, CultureInfo.InvariantCulture)}\t{values.Min().ToString(format, CultureInfo.InvariantCulture)}\t{values.Max().ToString(format, CultureInfo.InvariantCulture)}\t{values.Length}\t{unit}");
        Console.Out.Flush();
    }
}
