using System.Numerics;

namespace Sweep.Kernels;

/// <summary>The double-precision vector loops the least-squares solvers share: a dot product and y += α·x, with FMA.</summary>
internal static class DoubleVectors
{
    /// <summary>Σ a[i]·b[i], two vector accumulators wide.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int w = Vector<double>.Count;
        int i = 0;
        Vector<double> s0 = default, s1 = default;
        for (; i + (2 * w) <= a.Length; i += 2 * w)
        {
            s0 = Vector.FusedMultiplyAdd(new Vector<double>(a[i..]), new Vector<double>(b[i..]), s0);
            s1 = Vector.FusedMultiplyAdd(new Vector<double>(a[(i + w)..]), new Vector<double>(b[(i + w)..]), s1);
        }

        double sum = Vector.Sum(s0 + s1);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>y += α·x.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int w = Vector<double>.Count;
        int i = 0;
        var va = new Vector<double>(alpha);
        for (; i + w <= x.Length; i += w)
        {
            Vector.FusedMultiplyAdd(va, new Vector<double>(x[i..]), new Vector<double>(y[i..])).CopyTo(y[i..]);
        }

        for (; i < x.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }
}
