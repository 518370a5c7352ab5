using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Sweep.Kernels.Cpu;

/// <summary>
/// Copies the training rows a shuffled minibatch picks (inputs and targets) into consecutive rows, with the loads of
/// the row <see cref="Distance"/> places ahead already asked for. A batch of models whose training sets outgrow the
/// last-level cache reads every row from memory: prefetching a whole block of rows first stalled on the core's miss
/// buffers, and copying without prefetch waited for one row at a time. Eight rows in flight (24 cache lines for
/// 32-float rows) was the fastest of 4, 8, 12 and 16 on the 2-core Zen 4, and the same as a whole-block prefetch when
/// the rows are in cache.
/// </summary>
internal static unsafe class RowGather
{
    public const int Distance = 8;

    /// <summary>Rows <paramref name="rows"/>[0…count) of (xs, ys) into rows 0…count of (x, y).</summary>
    public static void Copy(float* xs, int inputs, float* ys, int targets, int* rows, int count, float* x, float* y)
    {
        for (int r = 0; r < Math.Min(Distance, count); r++)
        {
            Prefetch(xs + ((long)rows[r] * inputs), inputs);
            Prefetch(ys + ((long)rows[r] * targets), targets);
        }

        for (int r = 0; r < count; r++)
        {
            if (r + Distance < count)
            {
                Prefetch(xs + ((long)rows[r + Distance] * inputs), inputs);
                Prefetch(ys + ((long)rows[r + Distance] * targets), targets);
            }

            PackedGemm.Copy(xs + ((long)rows[r] * inputs), x + ((long)r * inputs), inputs);
            PackedGemm.Copy(ys + ((long)rows[r] * targets), y + ((long)r * targets), targets);
        }
    }

    /// <summary>Asks for every cache line of a row of <paramref name="floats"/> floats (the last one again when the row is aligned).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* p, int floats)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        for (int offset = 0; offset < floats; offset += 16)
        {
            Sse.Prefetch0(p + offset);
        }

        Sse.Prefetch0(p + floats - 1);
    }
}
