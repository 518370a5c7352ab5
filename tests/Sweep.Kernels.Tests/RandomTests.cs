namespace Sweep.Kernels.Tests;

public class RandomTests
{
    [Theory]
    [InlineData(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void Philox4x32x10_MatchesRandom123KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint e0, uint e1, uint e2, uint e3)
    {
        // Known-answer vectors of Random123's kat_vectors (philox4x32 10 rounds).
        Assert.Equal(new PhiloxBlock(e0, e1, e2, e3), Philox.Round10(c0, c1, c2, c3, k0, k1));
    }

    [Fact]
    public void Streams_SeedsAndIndices_GiveIndependentNumbers()
    {
        uint a = Philox.Bits(1, RandomStreams.Init, 0);
        Assert.NotEqual(a, Philox.Bits(1, RandomStreams.TrainInputs, 0));
        Assert.NotEqual(a, Philox.Bits(2, RandomStreams.Init, 0));
        Assert.NotEqual(a, Philox.Bits(1, RandomStreams.Init, 1));
        Assert.NotEqual(a, Philox.Bits(1UL << 32, RandomStreams.Init, 0));
        Assert.NotEqual(Philox.Derive(1, 0), Philox.Derive(1, 1));
    }

    [Fact]
    public void Normals_HaveZeroMeanAndUnitVariance_AndUniformsFillTheUnitInterval()
    {
        const int n = 200_000;
        double sum = 0, squares = 0, uMin = 1, uMax = 0;
        for (int i = 0; i < n; i++)
        {
            double z = Philox.Normal(42, 3, (ulong)i);
            sum += z;
            squares += z * z;
            double u = Philox.Uniform(42, 4, (ulong)i);
            uMin = Math.Min(uMin, u);
            uMax = Math.Max(uMax, u);
        }

        double mean = sum / n, variance = (squares / n) - (mean * mean);
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
        Assert.InRange(uMin, 0, 1e-4);
        Assert.InRange(uMax, 1 - 1e-4, 1 - 1e-9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(37)]
    [InlineData(1000)]
    [InlineData(4097)]
    public void CounterShuffle_IsAPermutationThatChangesEveryEpoch(int n)
    {
        var seen = new bool[n];
        int[] epoch0 = [.. Enumerable.Range(0, n).Select(i => CounterShuffle.SampleRow(9, i, n))];
        int[] epoch1 = [.. Enumerable.Range(0, n).Select(i => CounterShuffle.SampleRow(9, n + i, n))];
        foreach (int row in epoch0)
        {
            Assert.InRange(row, 0, n - 1);
            Assert.False(seen[row], $"row {row} drawn twice in one epoch");
            seen[row] = true;
        }

        Assert.Equal(n, epoch1.Distinct().Count());
        if (n >= 37)
        {
            Assert.NotEqual(epoch0, epoch1);
            int fixedPoints = epoch0.Where((row, i) => row == i).Count();
            Assert.True(fixedPoints < Math.Max(4, n / 20), $"{fixedPoints} fixed points: not shuffled");
        }
    }

    [Theory]
    [InlineData(1, 0L, 5)]
    [InlineData(3, 2L, 20)]
    [InlineData(37, 30L, 100)]
    [InlineData(2048, 2040L, 300)]
    [InlineData(4097, 4000L, 9000)]
    [InlineData(16384, 16383L, 257)]
    public void CounterShuffle_SampleRows_EqualsTheScalarRowOfEverySampleAcrossEpochs(int n, long firstSample, int count)
    {
        // The vector Feistel network must give the scalar one's rows bit for bit: every epoch boundary inside the
        // run, every lane position and the scalar tail, with and without cycle-walking (n not a power of 4).
        foreach (ulong seed in new ulong[] { 0, 9, 0xDEADBEEFCAFEUL })
        {
            var rows = new int[count];
            CounterShuffle.SampleRows(seed, firstSample, n, rows);
            for (int i = 0; i < count; i++)
            {
                Assert.True(CounterShuffle.SampleRow(seed, firstSample + i, n) == rows[i], $"seed {seed}, sample {firstSample + i}: {rows[i]}");
            }
        }
    }
}
