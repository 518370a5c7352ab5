using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Sweep.Kernels.Accelerators;

/// <summary>Philox fills and the shuffled minibatch gather: the same integers as the host on every backend.</summary>
internal static partial class RandomKernels
{
    internal static void Fill(Index1D index, ArrayView1D<float, Stride1D.Dense> destination, RandomArgs r)
    {
        ulong i = r.Start + (ulong)(long)index.X;
        float value;
        if (r.Normal != 0)
        {
            PhiloxBlock block = Philox.Generate(r.Seed, r.Stream, i >> 2);
            int lane = (int)(i & 3);
            uint u1 = lane < 2 ? block.X0 : block.X2;
            uint u2 = lane < 2 ? block.X1 : block.X3;
            float radius = XMath.Sqrt(-2f * XMath.Log(Philox.ToUniformOpenZero(u1)));
            float angle = 2f * 3.14159265358979f * Philox.ToUniform(u2);
            float n = (lane & 1) == 0 ? radius * XMath.Cos(angle) : radius * XMath.Sin(angle);
            value = r.A + (r.B * n);
        }
        else
        {
            value = r.A + (r.B * Philox.ToUniform(Philox.Generate(r.Seed, r.Stream, i >> 2).Get((int)(i & 3))));
        }

        destination[r.Offset + index.X] = value;
    }

    internal static void Bits(Index1D index, ArrayView1D<uint, Stride1D.Dense> destination, RandomArgs r)
    {
        ulong i = r.Start + (ulong)(long)index.X;
        destination[r.Offset + index.X] = Philox.Generate(r.Seed, r.Stream, i >> 2).Get((int)(i & 3));
    }

    /// <summary>Row index.X of slice index.Y's minibatch, from the slice's shuffled training set.</summary>
    internal static void Gather(
        Index2D index,
        ArrayView1D<float, Stride1D.Dense> xs,
        ArrayView1D<float, Stride1D.Dense> ys,
        ArrayView1D<float, Stride1D.Dense> xb,
        ArrayView1D<float, Stride1D.Dense> yb,
        ArrayView1D<uint, Stride1D.Dense> seeds,
        GatherArgs a)
    {
        int r = index.X, s = index.Y;
        ulong seed = seeds[2 * s] | ((ulong)seeds[(2 * s) + 1] << 32);
        long sample = a.FirstSample + r;
        long epoch = sample / a.TrainRows;
        int position = (int)(sample - (epoch * a.TrainRows));
        PhiloxBlock keys = Philox.Generate(seed, RandomStreams.Shuffle, (ulong)epoch);
        int row = CounterShuffle.Permute(position, a.TrainRows, keys.X0, keys.X1, keys.X2, keys.X3);
        int xsBase = a.XsOff + (s * a.XsStride) + (row * a.Inputs);
        int xbBase = a.XbOff + (s * a.XbStride) + (r * a.Inputs);
        for (int j = 0; j < a.Inputs; j++)
        {
            xb[xbBase + j] = xs[xsBase + j];
        }

        int ysBase = a.YsOff + (s * a.YsStride) + (row * a.Targets);
        int ybBase = a.YbOff + (s * a.YbStride) + (r * a.Targets);
        for (int j = 0; j < a.Targets; j++)
        {
            yb[ybBase + j] = ys[ysBase + j];
        }
    }
}
