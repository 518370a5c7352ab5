using System.Runtime.CompilerServices;

namespace Sweep.Kernels;

/// <summary>
/// A random permutation of <c>0…n−1</c> that needs no memory: a four-round Feistel network on the smallest
/// even-bit power-of-two domain that holds n, walked in cycles until the image falls below n (at most four steps
/// on average). The round keys come from Philox keyed by (seed, <see cref="RandomStreams.Shuffle"/>, epoch), so
/// minibatch order is reshuffled every epoch, is the same on every backend, and can be computed for any position
/// inside a kernel.
/// </summary>
/// <example>
/// <code>
/// PhiloxBlock keys = CounterShuffle.Keys(seed, epoch: 3);
/// int row = CounterShuffle.Permute(position: 17, n: 1000, keys);
/// </code>
/// </example>
public static class CounterShuffle
{
    /// <summary>The four round keys of one epoch's permutation.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="epoch">The epoch.</param>
    /// <returns>The round keys.</returns>
    public static PhiloxBlock Keys(ulong seed, long epoch) => Philox.Generate(seed, RandomStreams.Shuffle, (ulong)epoch);

    /// <summary>The image of <paramref name="position"/> under the permutation of 0…n−1 with the given keys.</summary>
    /// <param name="position">Position in 0…n−1.</param>
    /// <param name="n">The domain size, at least 1.</param>
    /// <param name="k0">Round key 0.</param>
    /// <param name="k1">Round key 1.</param>
    /// <param name="k2">Round key 2.</param>
    /// <param name="k3">Round key 3.</param>
    /// <returns>The permuted index in 0…n−1.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Permute(int position, int n, uint k0, uint k1, uint k2, uint k3) => Permute(position, n, HalfBits(n), k0, k1, k2, k3);

    /// <summary>Half the bit width of the Feistel domain for n: the smallest h with 4^h ≥ n (hoist it out of loops).</summary>
    /// <param name="n">The domain size.</param>
    /// <returns>h.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HalfBits(int n)
    {
        int half = 1;
        while ((1L << (2 * half)) < n)
        {
            half++;
        }

        return half;
    }

    /// <summary>The permutation with <see cref="HalfBits"/> precomputed.</summary>
    /// <param name="position">Position in 0…n−1.</param>
    /// <param name="n">The domain size.</param>
    /// <param name="half">HalfBits(n).</param>
    /// <param name="k0">Round key 0.</param>
    /// <param name="k1">Round key 1.</param>
    /// <param name="k2">Round key 2.</param>
    /// <param name="k3">Round key 3.</param>
    /// <returns>The permuted index.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Permute(int position, int n, int half, uint k0, uint k1, uint k2, uint k3)
    {
        uint mask = (1u << half) - 1u;
        uint x = (uint)position;
        do
        {
            uint left = x >> half;
            uint right = x & mask;
            uint t = left ^ (Mix(right ^ k0) & mask);
            left = right;
            right = t;
            t = left ^ (Mix(right ^ k1) & mask);
            left = right;
            right = t;
            t = left ^ (Mix(right ^ k2) & mask);
            left = right;
            right = t;
            t = left ^ (Mix(right ^ k3) & mask);
            left = right;
            right = t;
            x = (left << half) | right;
        }
        while (x >= (uint)n);

        return (int)x;
    }

    /// <summary>The image of <paramref name="position"/> under the permutation with the given keys.</summary>
    /// <param name="position">Position in 0…n−1.</param>
    /// <param name="n">The domain size.</param>
    /// <param name="keys">Round keys from <see cref="Keys"/>.</param>
    /// <returns>The permuted index.</returns>
    public static int Permute(int position, int n, PhiloxBlock keys) => Permute(position, n, keys.X0, keys.X1, keys.X2, keys.X3);

    /// <summary>The row of the training set at position <paramref name="sample"/> of the shuffled sample stream.</summary>
    /// <param name="seed">The trial's seed.</param>
    /// <param name="sample">Index of the sample in the stream of all samples drawn (step × batch + row).</param>
    /// <param name="n">Training set size.</param>
    /// <returns>The row.</returns>
    public static int SampleRow(ulong seed, long sample, int n)
    {
        long epoch = sample / n;
        int position = (int)(sample - (epoch * n));
        return Permute(position, n, Keys(seed, epoch));
    }

    // lowbias32 (Chris Wellons' hash-prospector): a cheap, well-mixing 32-bit bijection.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mix(uint x)
    {
        x ^= x >> 16;
        x *= 0x7FEB352Du;
        x ^= x >> 15;
        x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }
}
