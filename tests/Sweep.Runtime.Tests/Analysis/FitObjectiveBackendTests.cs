using System.Globalization;
using System.Text;
using Sweep.Analysis;
using Sweep.Kernels;
using Sweep.Runtime.Tests.Fakes;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>Choosing where the objective runs: <see cref="FitObjectiveBackend"/> and <c>fit --backend</c>.</summary>
public sealed class FitObjectiveBackendTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static bool HasCuda => ComputeBackends.ListDevices().Any(d => d.Kind == BackendKind.Cuda);

    [Fact]
    public void Cpu_IsTheManagedLoopOnThreads()
    {
        using FitObjectiveBackend backend = FitObjectiveBackend.Create(BackendKind.Cpu, threads: 3);

        Assert.Equal(BackendKind.Cpu, backend.Kind);
        Assert.Same(CpuBatchObjectives.Instance, backend.Objectives);
        Assert.Equal(FitEngine.Threads, backend.Engine);
        Assert.StartsWith("cpu (managed loop, ", backend.Description, StringComparison.Ordinal);
        Assert.Contains("3 threads", backend.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void IlgpuCpu_IsTheKernelsOnTheSimulator_InLockstep()
    {
        using FitObjectiveBackend backend = FitObjectiveBackend.Create(BackendKind.IlgpuCpu);
        FitOptions options = backend.Apply(new FitOptions { HuberDelta = 0.01 });

        Assert.Equal(BackendKind.IlgpuCpu, backend.Kind);
        Assert.IsType<IlgpuBatchObjectives>(backend.Objectives);
        Assert.Same(backend.Objectives, options.Objectives);
        Assert.Equal(FitEngine.Lockstep, options.Engine);
        Assert.Equal(0.01, options.HuberDelta);
        Assert.StartsWith("ilgpu-cpu (CPUAccelerator", backend.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_WithoutAGpu_IsTheCpu_AndSaysWhy()
    {
        Assert.SkipWhen(ComputeBackends.ResolveAuto().Kind != BackendKind.Cpu, "a GPU is present");
        using FitObjectiveBackend backend = FitObjectiveBackend.Create(BackendKind.Auto);

        Assert.Equal(BackendKind.Cpu, backend.Kind);
        Assert.Contains("auto: no CUDA device", backend.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FitCommand_DefaultsToCpu_AndIlgpuCpuGivesTheSameFit()
    {
        string csv = PowerCsv();
        string[] args = ["fit", "--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--bootstrap", "0"];

        (int textCode, string text, string textError) = await Fakes.Cli.RunAsync(args);
        (int cpuCode, string cpuJson, string cpuError) = await Fakes.Cli.RunAsync([.. args, "--json"]);
        (int code, string json, string error) = await Fakes.Cli.RunAsync([.. args, "--backend", "ilgpu-cpu", "--json"]);

        Assert.True(textCode == 0 && cpuCode == 0 && code == 0, textError + cpuError + error);
        Assert.StartsWith("objective backend: cpu (managed loop, ", text.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
        LawResults cpu = AnalysisJson.Deserialize<LawResults>(cpuJson)!;
        LawResults device = AnalysisJson.Deserialize<LawResults>(json)!;
        Assert.StartsWith("cpu (managed loop, ", cpu.ObjectiveBackend, StringComparison.Ordinal);
        Assert.StartsWith("ilgpu-cpu (CPUAccelerator", device.ObjectiveBackend, StringComparison.Ordinal);
        FitReport expected = cpu.Fits.Single().Report!, actual = device.Fits.Single().Report!;
        Assert.Equal(expected.Objective, actual.Objective, 1e-9 * expected.Objective);
        for (int k = 0; k < expected.Parameters.Count; k++)
        {
            Assert.Equal(expected.Parameters[k].Estimate, actual.Parameters[k].Estimate, 1e-6 * Math.Abs(expected.Parameters[k].Estimate));
        }
    }

    [Fact]
    public async Task FitCommand_UnknownBackend_IsAnErrorNamingTheChoices()
    {
        (int code, _, string error) = await Fakes.Cli.RunAsync("fit", "--data", PowerCsv(), "--law", "power", "--x", "width", "--y", "loss", "--backend", "tpu");

        Assert.NotEqual(0, code);
        Assert.Contains("--backend: 'tpu' is not one of auto, cpu, ilgpu-cpu, cuda, opencl.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FitCommand_CudaWithoutADevice_IsAnErrorNamingTheFlag()
    {
        Assert.SkipWhen(HasCuda, "a CUDA device is present");
        (int code, _, string error) = await Fakes.Cli.RunAsync("fit", "--data", PowerCsv(), "--law", "power", "--x", "width", "--y", "loss", "--backend", "cuda");

        Assert.NotEqual(0, code);
        Assert.Contains("--backend cuda: no cuda device is available here", error, StringComparison.Ordinal);
    }

    /// <summary><c>y = E + A·x^−α</c> at 10 widths, 0.3% log-noise.</summary>
    private string PowerCsv()
    {
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(2, 0.5, 0.1), 4, 4096, 10, 0.003, 1);
        StringBuilder csv = new("width,loss\n");
        for (int i = 0; i < data.Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{data.X[i]:R},{data.Y[i]:R}\n");
        }

        string path = _folder.File("power.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
