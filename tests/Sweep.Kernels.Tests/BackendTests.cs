namespace Sweep.Kernels.Tests;

public class BackendTests
{
    [Theory]
    [InlineData("auto", BackendKind.Auto)]
    [InlineData("CPU", BackendKind.Cpu)]
    [InlineData("cpu-simd", BackendKind.Cpu)]
    [InlineData("ilgpu-cpu", BackendKind.IlgpuCpu)]
    [InlineData("cuda", BackendKind.Cuda)]
    [InlineData("opencl", BackendKind.OpenCL)]
    public void Parse_AcceptsTheCliNames(string name, BackendKind kind)
    {
        Assert.Equal(kind, ComputeBackends.Parse(name));
        Assert.Equal(kind, ComputeBackends.Parse(ComputeBackends.NameOf(kind)));
    }

    [Fact]
    public void Parse_RejectsUnknownNamesAndListsTheValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => ComputeBackends.Parse("tpu"));
        Assert.Contains("ilgpu-cpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListDevices_AlwaysHasTheCpuAndTheReference_AndExactlyOneDefault()
    {
        IReadOnlyList<DeviceInfo> devices = ComputeBackends.ListDevices();

        Assert.Contains(devices, d => d.Kind == BackendKind.Cpu);
        Assert.Contains(devices, d => d.Kind == BackendKind.IlgpuCpu);
        Assert.Single(devices, d => d.IsDefault);
    }

    [Fact]
    public void DevicesListedAndOpenedFromManyThreadsAtOnce_AgreeAndWork()
    {
        // On an H200 machine with a CPU OpenCL runtime too, a process doing this from 16 threads died of a
        // segmentation fault until the drivers were opened one at a time. Here: the GPU kinds present, else the
        // simulator, opened side by side, each running a kernel.
        var lists = new IReadOnlyList<DeviceInfo>[16];
        Parallel.For(0, lists.Length, new ParallelOptions { MaxDegreeOfParallelism = lists.Length }, i => lists[i] = ComputeBackends.ListDevices());
        BackendKind[] kinds = [.. lists[0].Where(d => d.Kind is BackendKind.Cuda or BackendKind.OpenCL).Select(d => d.Kind).Distinct()];
        if (kinds.Length == 0)
        {
            kinds = [BackendKind.IlgpuCpu];
        }

        var sums = new float[8 * kinds.Length];
        Parallel.For(0, sums.Length, new ParallelOptions { MaxDegreeOfParallelism = sums.Length }, i =>
        {
            using ComputeBackend backend = ComputeBackends.Create(kinds[i % kinds.Length]);
            using DeviceBuffer<float> x = backend.Upload<float>([1f, 2f, 3f, i]);
            backend.Scale(1, 4, 2f, x);
            sums[i] = x.ToArray().Sum();
        });

        Assert.All(lists, list => Assert.Equal(lists[0].Select(d => (d.Kind, d.Index, d.Description)), list.Select(d => (d.Kind, d.Index, d.Description))));
        Assert.Equal(Enumerable.Range(0, sums.Length).Select(i => 2f * (6 + i)), sums);
    }

    [Fact]
    public void Auto_PicksTheDefaultDevice_AndSaysWhy()
    {
        DeviceInfo expected = ComputeBackends.ListDevices().Single(d => d.IsDefault);

        using ComputeBackend backend = ComputeBackends.Create(BackendKind.Auto);

        Assert.Equal(expected.Kind, backend.Kind);
        Assert.StartsWith($"{backend.Name} (auto:", backend.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_WhenAbsent_FailsWithAClearMessage()
    {
        Assert.SkipWhen(ComputeBackends.ListDevices().Any(d => d.Kind == BackendKind.Cuda), "a CUDA device is present");

        var error = Assert.Throws<DeviceNotFoundException>(() => ComputeBackends.Create(BackendKind.Cuda));
        Assert.Equal("no cuda device is available here.", error.Message);
        Assert.Equal((BackendKind.Cuda, 0), (error.Kind, error.Available));
    }

    [Fact]
    public void Kernels_RejectForeignBuffersAndOutOfRangeViews()
    {
        using ComputeBackend a = ComputeBackends.Create(BackendKind.Cpu), b = ComputeBackends.Create(BackendKind.Cpu);
        using DeviceBuffer<float> mine = a.Allocate<float>(16), theirs = b.Allocate<float>(16);

        Assert.Throws<ArgumentException>(() => a.Axpy(1, 16, 1f, theirs, mine));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Axpy(2, 16, 1f, new BatchView(mine, 0, 16), new BatchView(mine, 0, 16)));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Gemm(GemmLayout.AB, 1, 4, 4, 5, 1f, mine, mine, 0f, mine));
    }

    [Fact]
    public void CpuBackend_DescribesItsVectorWidthAndThreads()
    {
        using ComputeBackend backend = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: 2, Simd: SimdWidth.Vector256));

        Assert.Contains("Vector256", backend.Describe(), StringComparison.Ordinal);
        Assert.Contains("2 threads", backend.Describe(), StringComparison.Ordinal);
    }
}
