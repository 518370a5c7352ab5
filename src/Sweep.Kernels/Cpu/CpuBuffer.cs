using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sweep.Kernels.Cpu;

/// <summary>Host memory for the <c>cpu</c> backend: 64-byte aligned native memory, so kernels work on raw pointers.</summary>
internal sealed unsafe class CpuBuffer<T> : DeviceBuffer<T>
    where T : unmanaged
{
    private void* _memory;

    public CpuBuffer(ComputeBackend backend, long length)
        : base(backend, length)
    {
        nuint bytes = (nuint)Math.Max(1, length) * (nuint)sizeof(T);
        _memory = NativeMemory.AlignedAlloc(bytes, 64);
        NativeMemory.Clear(_memory, bytes);
    }

    ~CpuBuffer()
    {
        Dispose(false);
    }

    public T* Pointer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            ObjectDisposedException.ThrowIf(_memory is null, this);
            return (T*)_memory;
        }
    }

    public Span<T> AsSpan() => new(Pointer, checked((int)Length));

    public override void Clear() => NativeMemory.Clear(Pointer, (nuint)Length * (nuint)sizeof(T));

    protected override void Dispose(bool disposing)
    {
        if (_memory is not null)
        {
            NativeMemory.AlignedFree(_memory);
            _memory = null;
        }
    }

    private protected override void CopyFromCore(ReadOnlySpan<T> source, long offset) => source.CopyTo(new Span<T>(Pointer + offset, source.Length));

    private protected override void CopyToCore(Span<T> destination, long offset) => new ReadOnlySpan<T>(Pointer + offset, destination.Length).CopyTo(destination);
}
