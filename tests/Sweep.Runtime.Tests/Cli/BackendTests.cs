using Sweep.Hosting;
using Sweep.Kernels;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Cli;

/// <summary>
/// <c>--backend</c>, <c>--max-batch</c> and <c>devices</c> through the real engine: auto says what it picked and
/// why, a missing GPU is one line and exit code 2, and the ILGPU reference backend stores what the SIMD one does.
/// </summary>
public sealed class BackendTests : IDisposable
{
    /// <summary>
    /// How far the ILGPU simulator's losses may sit from the SIMD backend's after 30 Adam steps (relative): the two
    /// sum in different orders in float32, and the kernels' own parity tests hold one step to 1e-4.
    /// </summary>
    private const double LossTolerance = 1e-3;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using StringWriter output = new();
        using StringWriter error = new();
        int code = await SweepApp.RunAsync(args, new SweepAppOptions
        {
            Output = output,
            Error = error,
            Studies = [MlpStudy.Definition, RidgeStudy.Definition],
            Interactive = false,
            HandleSignals = false,
        });
        return (code, output.ToString(), error.ToString());
    }

    private static bool HasGpu => ComputeBackends.ListDevices().Any(d => d.Kind is BackendKind.Cuda or BackendKind.OpenCL);

    [Fact]
    public async Task Auto_SaysWhatItPickedAndWhy_AndStoresThatBackend()
    {
        (int code, string output, string error) = await RunAsync("run", "ridge", "--set", "Features=4", "--set", "TrainSize=64", "--seeds", "1", "--out", _folder.Path, "--no-report");

        Assert.Equal(0, code);
        Assert.Empty(error);
        (BackendKind kind, string reason) = ComputeBackends.ResolveAuto();
        string name = ComputeBackends.NameOf(kind);
        Assert.Contains($"backend: {name} ({reason})", output, StringComparison.Ordinal);
        Assert.Contains("device: ", output, StringComparison.Ordinal);
        using ResultStore store = ResultStore.Open(_folder.File(ResultStore.DefaultFileName));
        Assert.All(store.ReadTrials("ridge"), t => Assert.Equal(name, t.Backend));
        Assert.Equal(name, store.Runs("ridge").Single().Backend);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("opencl")]
    public async Task AMissingGpuBackend_IsOneLine_ExitTwo_AndNothingRuns(string backend)
    {
        if (HasGpu)
        {
            Assert.Skip("this machine has a GPU");
        }

        (int code, string output, string error) = await RunAsync("run", "mlp", "--backend", backend, "--out", _folder.Path);

        Assert.Equal(2, code);
        Assert.Empty(output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"error: --backend {backend}: no {backend} device is available here; this machine has cpu, ilgpu-cpu (see the 'devices' command).", line);
        Assert.False(File.Exists(_folder.File(ResultStore.DefaultFileName)));
    }

    [Theory]
    [InlineData("--backend", "tpu", "--backend: 'tpu' is not one of auto, cpu, ilgpu-cpu, cuda, opencl.")]
    [InlineData("--max-batch", "0", "--max-batch: 0 is not a positive number of trials.")]
    public async Task ABadBackendOrBatchLimit_IsNamed(string flag, string value, string message)
    {
        (int code, _, string error) = await RunAsync("run", "mlp", flag, value, "--out", _folder.Path);

        Assert.Equal(2, code);
        Assert.Equal($"error: {message}", error.Trim());
    }

    [Fact]
    public async Task Devices_ListsEveryBackendHere_AndWhatAutoPicks()
    {
        (int code, string output, string error) = await RunAsync("devices");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("managed SIMD", output, StringComparison.Ordinal);
        Assert.Contains("ilgpu-cpu", output, StringComparison.Ordinal);
        Assert.Contains("a simulator", output, StringComparison.Ordinal);
        (BackendKind kind, string reason) = ComputeBackends.ResolveAuto();
        Assert.Contains($"--backend auto picks {ComputeBackends.NameOf(kind)} ({reason.Replace("auto: ", string.Empty, StringComparison.Ordinal)}).", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), l => l.Contains("picked", StringComparison.Ordinal));
        if (!HasGpu)
        {
            Assert.Contains("No CUDA or OpenCL device was found", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ilgpu-cpu")]
    [InlineData("cuda")]
    [InlineData("opencl")]
    public async Task TheSameStudy_OnCpuAndOnAnIlgpuBackend_StoresTheSameMetrics_WithinTolerance(string backend)
    {
        Assert.SkipUnless(
            ComputeBackends.ListDevices().Any(d => d.Kind == ComputeBackends.Parse(backend)),
            $"no {backend} device on this machine");

        // Two widths × one learning rate × two seeds of a tiny MLP (30 Adam steps), clean and under FGSM: the
        // simulator runs every kernel of training and of the attack, so keep it small.
        string[] grid = ["--set", "LearningRate=0.03", "--seeds", "2", "--no-report"];
        (int cpu, string cpuOutput, _) = await RunAsync(["run", "mlp", "--backend", "cpu", "--out", _folder.File("cpu"), .. grid]);
        (int other, string otherOutput, _) = await RunAsync(["run", "mlp", "--backend", backend, "--out", _folder.File(backend), .. grid]);

        Assert.True(cpu == 0, cpuOutput);
        Assert.True(other == 0, otherOutput);
        Assert.Contains($"backend: {backend}", otherOutput, StringComparison.Ordinal);
        using ResultStore cpuStore = ResultStore.Open(Path.Combine(_folder.File("cpu"), ResultStore.DefaultFileName));
        using ResultStore otherStore = ResultStore.Open(Path.Combine(_folder.File(backend), ResultStore.DefaultFileName));
        Dictionary<string, StoredTrial> reference = cpuStore.ReadTrials("mlp").ToDictionary(t => t.Key);
        IReadOnlyList<StoredTrial> trials = otherStore.ReadTrials("mlp");
        Assert.Equal(4, trials.Count);
        foreach (StoredTrial trial in trials)
        {
            StoredTrial expected = reference[trial.Key];
            Assert.Equal(backend, trial.Backend);
            Assert.Equal(expected.Metrics.Keys.Order(StringComparer.Ordinal), trial.Metrics.Keys.Order(StringComparer.Ordinal));
            foreach ((string evaluation, IReadOnlyDictionary<string, double> metrics) in expected.Metrics)
            {
                Assert.Equal(metrics.Keys.Order(StringComparer.Ordinal), trial.Metrics[evaluation].Keys.Order(StringComparer.Ordinal));
                foreach ((string metric, double value) in metrics)
                {
                    double actual = trial.Metrics[evaluation][metric];
                    double tolerance = metric is Metric.TestLoss or Metric.TrainLoss ? LossTolerance * Math.Abs(value) : 0;
                    Assert.True(Math.Abs(actual - value) <= tolerance, $"{trial.Key} {evaluation} {metric}: {backend} {actual:R}, cpu {value:R}");
                }
            }
        }
    }
}
