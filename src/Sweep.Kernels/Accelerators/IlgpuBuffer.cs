using ILGPU;
using ILGPU.Runtime;

namespace Sweep.Kernels.Accelerators;

/// <summary>Device memory of an ILGPU accelerator.</summary>
internal sealed class IlgpuBuffer<T> : DeviceBuffer<T>
    where T : unmanaged
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _memory;

    public IlgpuBuffer(ComputeBackend backend, Accelerator accelerator, long length)
        : base(backend, length)
    {
        _memory = accelerator.Allocate1D<T>(Math.Max(1, length));
        _memory.View.MemSetToZero();
    }

    public ArrayView1D<T, Stride1D.Dense> View => _memory.View;

    public override void Clear() => _memory.View.MemSetToZero();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _memory.Dispose();
        }
    }

    private protected override void CopyFromCore(ReadOnlySpan<T> source, long offset)
    {
        if (source.Length > 0)
        {
            _memory.View.SubView(offset, source.Length).CopyFromCPU(source.ToArray());
        }
    }

    private protected override void CopyToCore(Span<T> destination, long offset)
    {
        if (destination.Length > 0)
        {
            var temp = new T[destination.Length];
            _memory.View.SubView(offset, destination.Length).CopyToCPU(temp);
            temp.CopyTo(destination);
        }
    }
}
