namespace Sweep.Kernels.Tests.Infrastructure;

/// <summary>Owns one backend for a test class or collection; null when the device is absent (GPU tests then skip).</summary>
public abstract class BackendFixture : IDisposable
{
    private readonly Lazy<ComputeBackend?> _backend;

    protected BackendFixture(Func<ComputeBackend?> create) => _backend = new Lazy<ComputeBackend?>(create);

    public ComputeBackend? Backend => _backend.Value;

    public void Dispose()
    {
        if (_backend.IsValueCreated)
        {
            _backend.Value?.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected static ComputeBackend? TryCreate(BackendKind kind)
        => ComputeBackends.ListDevices().Any(d => d.Kind == kind) ? ComputeBackends.Create(kind) : null;
}

public sealed class CpuFixture() : BackendFixture(() => ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: 2, Simd: SimdWidth.Auto)));

public sealed class CpuVector256Fixture() : BackendFixture(() => ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: 1, Simd: SimdWidth.Vector256)));

/// <summary>ILGPU's CPU accelerator: shared by every class in the "ilgpu-cpu" collection, which runs them one at a time.</summary>
public sealed class IlgpuCpuFixture() : BackendFixture(() => ComputeBackends.Create(BackendKind.IlgpuCpu));

public sealed class CudaFixture() : BackendFixture(() => TryCreate(BackendKind.Cuda));

public sealed class OpenClFixture() : BackendFixture(() => TryCreate(BackendKind.OpenCL));

[CollectionDefinition(Name)]
public sealed class IlgpuCpuCollection : ICollectionFixture<IlgpuCpuFixture>
{
    public const string Name = "ilgpu-cpu";
}

[CollectionDefinition(Name)]
public sealed class CudaCollection : ICollectionFixture<CudaFixture>
{
    public const string Name = "cuda";
}

[CollectionDefinition(Name)]
public sealed class OpenClCollection : ICollectionFixture<OpenClFixture>
{
    public const string Name = "opencl";
}
