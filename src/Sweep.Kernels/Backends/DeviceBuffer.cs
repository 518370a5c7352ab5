namespace Sweep.Kernels;

/// <summary>
/// A block of memory on a backend: host memory for <c>cpu</c>, device memory for the ILGPU backends. Buffers
/// are created by <see cref="ComputeBackend.Allocate{T}"/>, reused across steps, and disposed by their owner.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <example>
/// <code>
/// using DeviceBuffer&lt;float&gt; x = backend.Upload&lt;float&gt;([1f, 2f, 3f]);
/// float[] back = x.ToArray();
/// </code>
/// </example>
public abstract class DeviceBuffer<T> : IDisposable
    where T : unmanaged
{
    private protected DeviceBuffer(ComputeBackend backend, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Backend = backend;
        Length = length;
    }

    /// <summary>The backend that owns this buffer.</summary>
    public ComputeBackend Backend { get; }

    /// <summary>Number of elements.</summary>
    public long Length { get; }

    /// <summary>Whether <see cref="Dispose()"/> has run.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Copies host data into this buffer, starting at element <paramref name="offset"/>.</summary>
    /// <param name="source">The data.</param>
    /// <param name="offset">First element written.</param>
    public void CopyFrom(ReadOnlySpan<T> source, long offset = 0)
    {
        CheckRange(offset, source.Length);
        CopyFromCore(source, offset);
    }

    /// <summary>Copies elements starting at <paramref name="offset"/> into host memory.</summary>
    /// <param name="destination">Where to write; its length is the element count.</param>
    /// <param name="offset">First element read.</param>
    public void CopyTo(Span<T> destination, long offset = 0)
    {
        CheckRange(offset, destination.Length);
        CopyToCore(destination, offset);
    }

    /// <summary>Copies the whole buffer to a new host array.</summary>
    /// <returns>The elements.</returns>
    public T[] ToArray()
    {
        var result = new T[checked((int)Length)];
        CopyTo(result);
        return result;
    }

    /// <summary>Sets every element to zero.</summary>
    public abstract void Clear();

    /// <inheritdoc />
    public void Dispose()
    {
        if (!IsDisposed)
        {
            IsDisposed = true;
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Releases the memory.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>, false from a finalizer.</param>
    protected abstract void Dispose(bool disposing);

    private protected abstract void CopyFromCore(ReadOnlySpan<T> source, long offset);

    private protected abstract void CopyToCore(Span<T> destination, long offset);

    private void CheckRange(long offset, int count)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (offset < 0 || offset + count > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"[{offset}, {offset + count}) is outside a buffer of {Length} elements.");
        }
    }
}

/// <summary>
/// A batch of equally shaped slices inside one float buffer: slice <c>s</c> starts at
/// <c>Offset + s·Stride</c>. A stride of 0 shares one slice among every model of a batch (read-only inputs).
/// </summary>
/// <param name="Buffer">The buffer.</param>
/// <param name="Offset">Element offset of slice 0.</param>
/// <param name="Stride">Elements between consecutive slices.</param>
/// <example>
/// <code>
/// // the weights of layer 2 in each of K models whose parameters are packed P floats apart
/// BatchView w2 = new(parameters, Offset: layerOffset, Stride: P);
/// </code>
/// </example>
public readonly record struct BatchView(DeviceBuffer<float> Buffer, long Offset = 0, long Stride = 0)
{
    /// <summary>Whether this view names no buffer (an absent optional operand).</summary>
    public bool IsEmpty => Buffer is null;

    /// <summary>Offset of slice <paramref name="slice"/>.</summary>
    /// <param name="slice">The slice index.</param>
    /// <returns>The element offset.</returns>
    public long Start(int slice) => Offset + (slice * Stride);

    /// <summary>The view shifted by <paramref name="elements"/> inside each slice.</summary>
    /// <param name="elements">Elements to skip.</param>
    /// <returns>The shifted view.</returns>
    public BatchView At(long elements) => this with { Offset = Offset + elements };

    /// <summary>A whole buffer as one slice (stride 0).</summary>
    /// <param name="buffer">The buffer.</param>
    public static implicit operator BatchView(DeviceBuffer<float> buffer) => new(buffer);

    /// <summary>Throws unless <paramref name="count"/> slices of <paramref name="length"/> elements fit in the buffer.</summary>
    /// <param name="count">Slices.</param>
    /// <param name="length">Elements per slice.</param>
    /// <param name="name">The operand's name, for the message.</param>
    internal void Require(int count, long length, string name)
    {
        if (Buffer is null)
        {
            throw new ArgumentNullException(name, $"operand '{name}' has no buffer.");
        }

        ObjectDisposedException.ThrowIf(Buffer.IsDisposed, Buffer);
        long last = Start(count - 1);
        if (Offset < 0 || Stride < 0 || last + length > Buffer.Length || Offset + length > Buffer.Length)
        {
            throw new ArgumentOutOfRangeException(name, $"{count} slices of {length} elements (offset {Offset}, stride {Stride}) do not fit in a buffer of {Buffer.Length}.");
        }
    }
}
