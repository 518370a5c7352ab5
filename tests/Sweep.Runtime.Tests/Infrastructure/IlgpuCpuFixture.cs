using Sweep.Kernels;

namespace Sweep.Runtime.Tests;

/// <summary>One ILGPU CPU simulator backend (its kernels compile once), shared by the tests of the "ilgpu-cpu" collection, which run one at a time.</summary>
public sealed class IlgpuCpuFixture : IDisposable
{
    private readonly Lazy<ComputeBackend> _backend = new(() => ComputeBackends.Create(BackendKind.IlgpuCpu));

    public ComputeBackend Backend => _backend.Value;

    public void Dispose()
    {
        if (_backend.IsValueCreated)
        {
            _backend.Value.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class IlgpuCpuCollection : ICollectionFixture<IlgpuCpuFixture>
{
    public const string Name = "ilgpu-cpu";
}
