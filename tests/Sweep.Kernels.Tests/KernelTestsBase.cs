using Sweep.Kernels.Tests.Infrastructure;

namespace Sweep.Kernels.Tests;

/// <summary>
/// The parity suite, written once and run on every backend (<see cref="CpuKernelTests"/>,
/// <see cref="CpuVector256KernelTests"/>, <see cref="IlgpuCpuKernelTests"/>, and on CUDA and OpenCL where present):
/// each kernel against a naive double-precision reference over odd and round shapes, every backward pass and loss
/// gradient against finite differences, and whole training steps against a double-precision MLP.
/// Tolerances: products within 2e-5 of Σ|α·a·b| + |β·c| per element; element-wise kernels within 2e-6 relative;
/// transcendental activations within 1e-5; gradients within 1e-3 of finite differences (relative norm).
/// </summary>
public abstract class KernelTestsBase
{
    private readonly BackendFixture _fixture;
    private readonly string _skipReason;

    protected KernelTestsBase(BackendFixture fixture, string skipReason)
    {
        _fixture = fixture;
        _skipReason = skipReason;
    }

    public static TheoryData<GemmLayout, int, int, int, int> GemmCases
    {
        get
        {
            var data = new TheoryData<GemmLayout, int, int, int, int>();
            foreach (GemmLayout layout in Enum.GetValues<GemmLayout>())
            {
                data.Add(layout, 1, 1, 1, 1);
                data.Add(layout, 1, 7, 7, 7);
                data.Add(layout, 1, 33, 33, 33);
                data.Add(layout, 1, 257, 7, 33);
                data.Add(layout, 1, 7, 257, 33);
                data.Add(layout, 2, 33, 17, 257);
                data.Add(layout, 3, 64, 64, 64);
                data.Add(layout, 2, 1, 33, 7);
                data.Add(layout, 1, 33, 1, 65);
                data.Add(layout, 2, 3, 100, 9);
                data.Add(layout, 1, 40, 3, 1);
            }

            return data;
        }
    }

    public static TheoryData<ActivationKind> Activations => new(Enum.GetValues<ActivationKind>());

    protected ComputeBackend Backend
    {
        get
        {
            Assert.SkipUnless(_fixture.Backend is not null, _skipReason);
            return _fixture.Backend!;
        }
    }

    [Theory]
    [MemberData(nameof(GemmCases))]
    public void Gemm_MatchesDoublePrecisionReference(GemmLayout layout, int count, int m, int n, int k)
    {
        float[] a = Reference.Random(count * m * k, 1);
        float[] b = Reference.Random(count * k * n, 2);
        float[] c = Reference.Random(count * m * n, 3);
        using DeviceBuffer<float> da = Backend.Upload<float>(a), db = Backend.Upload<float>(b), dc = Backend.Upload<float>(c);

        Backend.Gemm(layout, count, m, n, k, 1.5f, new BatchView(da, 0, m * k), new BatchView(db, 0, k * n), 0.5f, new BatchView(dc, 0, m * n));

        (double[] expected, double[] scale) = Reference.Gemm(layout, count, m, n, k, 1.5f, a, b, 0.5f, c);
        Tolerance.AssertClose(dc.ToArray(), expected, scale, 2e-5, $"{layout} C");
    }

    [Theory]
    [InlineData(GemmLayout.AB)]
    [InlineData(GemmLayout.ABt)]
    [InlineData(GemmLayout.AtB)]
    public void Gemm_WithBetaZero_NeverReadsC(GemmLayout layout)
    {
        const int m = 13, n = 35, k = 9;
        float[] a = Reference.Random(m * k, 4), b = Reference.Random(k * n, 5);
        float[] garbage = Enumerable.Repeat(float.NaN, m * n).ToArray();
        using DeviceBuffer<float> da = Backend.Upload<float>(a), db = Backend.Upload<float>(b), dc = Backend.Upload<float>(garbage);

        Backend.Gemm(layout, 1, m, n, k, 1f, da, db, 0f, dc);

        (double[] expected, double[] scale) = Reference.Gemm(layout, 1, m, n, k, 1f, a, b, 0f, garbage);
        Tolerance.AssertClose(dc.ToArray(), expected, scale, 2e-5, $"{layout} C");
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void DenseForward_FusesBiasAndActivation(ActivationKind activation)
    {
        const int count = 2, rows = 33, inputs = 7, outputs = 65;
        float[] x = Reference.Random(count * rows * inputs, 6), w = Reference.Random(count * outputs * inputs, 7, 0.5), bias = Reference.Random(count * outputs, 8);
        using DeviceBuffer<float> dx = Backend.Upload<float>(x), dw = Backend.Upload<float>(w), db = Backend.Upload<float>(bias);
        using DeviceBuffer<float> dz = Backend.Allocate<float>(count * rows * outputs), dh = Backend.Allocate<float>(count * rows * outputs);

        Backend.DenseForward(
            new DenseShape(count, rows, inputs, outputs),
            new BatchView(dx, 0, rows * inputs), new BatchView(dw, 0, outputs * inputs), new BatchView(db, 0, outputs),
            activation, new BatchView(dz, 0, rows * outputs), new BatchView(dh, 0, rows * outputs));

        var z = new double[count * rows * outputs];
        var h = new double[z.Length];
        var scale = new double[z.Length];
        for (int s = 0; s < count; s++)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int o = 0; o < outputs; o++)
                {
                    double sum = bias[(s * outputs) + o], abs = Math.Abs(sum);
                    for (int i = 0; i < inputs; i++)
                    {
                        double t = (double)x[(s * rows * inputs) + (r * inputs) + i] * w[(s * outputs * inputs) + (o * inputs) + i];
                        sum += t;
                        abs += Math.Abs(t);
                    }

                    int e = (s * rows * outputs) + (r * outputs) + o;
                    z[e] = sum;
                    scale[e] = abs + 1e-6;
                    h[e] = Reference.Activate(activation, sum);
                }
            }
        }

        // act′ ≤ 1.13 for every activation here, so h inherits z's error bound.
        Tolerance.AssertClose(dz.ToArray(), z, scale, 2e-5, "z");
        Tolerance.AssertClose(dh.ToArray(), h, [.. scale.Select((v, e) => Math.Max(1.2 * v, Math.Abs(h[e])))], 2e-5, "h");
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void DenseBackward_MatchesFiniteDifferences(ActivationKind inputActivation)
    {
        // L = Σ G ⊙ (act(P)·Wᵀ + b): the kernel's gradients must be ∂L/∂W, ∂L/∂b and ∂L/∂P.
        const int count = 2, rows = 7, inputs = 5, outputs = 9;
        float[] pre = Reference.Random(count * rows * inputs, 9);
        float[] x = [.. pre.Select(v => (float)Reference.Activate(inputActivation, v))];
        float[] w = Reference.Random(count * outputs * inputs, 10, 0.5), g = Reference.Random(count * rows * outputs, 11);
        using DeviceBuffer<float> dPre = Backend.Upload<float>(pre), dx = Backend.Upload<float>(x), dw = Backend.Upload<float>(w), dg = Backend.Upload<float>(g);
        using DeviceBuffer<float> gw = Backend.Allocate<float>(w.Length), gb = Backend.Allocate<float>(count * outputs), gIn = Backend.Allocate<float>(pre.Length);

        Backend.DenseBackward(
            new DenseShape(count, rows, inputs, outputs),
            new BatchView(dg, 0, rows * outputs), new BatchView(dx, 0, rows * inputs), new BatchView(dw, 0, outputs * inputs),
            new BatchView(gw, 0, outputs * inputs), new BatchView(gb, 0, outputs), new BatchView(gIn, 0, rows * inputs),
            new BatchView(dPre, 0, rows * inputs), inputActivation);

        var expectedW = new double[w.Length];
        var expectedB = new double[count * outputs];
        var expectedIn = new double[pre.Length];
        for (int s = 0; s < count; s++)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int o = 0; o < outputs; o++)
                {
                    double go = g[(s * rows * outputs) + (r * outputs) + o];
                    expectedB[(s * outputs) + o] += go;
                    for (int i = 0; i < inputs; i++)
                    {
                        expectedW[(s * outputs * inputs) + (o * inputs) + i] += go * x[(s * rows * inputs) + (r * inputs) + i];
                    }
                }

                for (int i = 0; i < inputs; i++)
                {
                    int e = (s * rows * inputs) + (r * inputs) + i;
                    double sum = 0;
                    for (int o = 0; o < outputs; o++)
                    {
                        sum += g[(s * rows * outputs) + (r * outputs) + o] * w[(s * outputs * inputs) + (o * inputs) + i];
                    }

                    // ∂L/∂P by a central difference of the activation in double precision.
                    expectedIn[e] = sum * Reference.DerivativeByDifference(inputActivation, pre[e]);
                }
            }
        }

        Tolerance.AssertClose(gw.ToArray(), expectedW, 1e-5, 1.0, "dW");
        Tolerance.AssertClose(gb.ToArray(), expectedB, 1e-5, 1.0, "db");
        Tolerance.AssertClose(gIn.ToArray(), expectedIn, 1e-4, 1e-2, "dP");
    }

    [Theory]
    [InlineData(ActivationKind.Identity, 1)]
    [InlineData(ActivationKind.Relu, 7)]
    [InlineData(ActivationKind.Gelu, 33)]
    [InlineData(ActivationKind.Tanh, 1000)]
    [InlineData(ActivationKind.Relu, 1000)]
    [InlineData(ActivationKind.Gelu, 257)]
    [InlineData(ActivationKind.Tanh, 7)]
    public void Activate_MatchesReference(ActivationKind activation, int length)
    {
        float[] x = Reference.Random(2 * length, 12, 3.0);
        using DeviceBuffer<float> dx = Backend.Upload<float>(x), dy = Backend.Allocate<float>(x.Length);

        Backend.Activate(activation, 2, length, new BatchView(dx, 0, length), new BatchView(dy, 0, length));

        // GELU's far negative tail is 0.5·x·(1 + tanh(u)) with 1 + tanh(u) cancelling: allow 2e-7·|x| absolute there.
        double[] expected = [.. x.Select(v => Reference.Activate(activation, v))];
        double[] scales = [.. expected.Select((e, i) => Math.Max(Math.Max(Math.Abs(e), 1e-3), 0.02 * Math.Abs(x[i])))];
        Tolerance.AssertClose(dy.ToArray(), expected, scales, 1e-5);
    }

    [Theory]
    [InlineData(ActivationKind.Relu, 33)]
    [InlineData(ActivationKind.Gelu, 257)]
    [InlineData(ActivationKind.Tanh, 7)]
    [InlineData(ActivationKind.Identity, 1)]
    public void ActivationBackward_MatchesFiniteDifferences(ActivationKind activation, int length)
    {
        // Keep ReLU's inputs away from its kink, where a difference quotient is not a derivative.
        float[] z = [.. Reference.Random(2 * length, 13, 2.0).Select(v => MathF.Abs(v) < 1e-2f ? 0.5f : v)];
        float[] up = Reference.Random(2 * length, 14);
        using DeviceBuffer<float> dz = Backend.Upload<float>(z), dUp = Backend.Upload<float>(up), dIn = Backend.Allocate<float>(z.Length);

        Backend.ActivationBackward(activation, 2, length, new BatchView(dz, 0, length), new BatchView(dUp, 0, length), new BatchView(dIn, 0, length));

        double[] expected = [.. z.Select((v, i) => up[i] * Reference.DerivativeByDifference(activation, v))];
        double[] scales = [.. expected.Select((e, i) => Math.Max(Math.Abs(e), 0.01 * Math.Abs(up[i])))];
        Tolerance.AssertClose(dIn.ToArray(), expected, scales, 1e-4);
    }

    [Fact]
    public void AddBias_AddsOneBiasPerColumnAndSlice()
    {
        const int count = 3, rows = 7, cols = 33;
        float[] x = Reference.Random(count * rows * cols, 15), bias = Reference.Random(count * cols, 16);
        using DeviceBuffer<float> dx = Backend.Upload<float>(x), db = Backend.Upload<float>(bias), dy = Backend.Allocate<float>(x.Length);

        Backend.AddBias(count, rows, cols, new BatchView(dx, 0, rows * cols), new BatchView(db, 0, cols), new BatchView(dy, 0, rows * cols));

        double[] expected = [.. x.Select((v, e) => (double)v + bias[((e / (rows * cols)) * cols) + (e % cols)])];
        Tolerance.AssertClose(dy.ToArray(), expected, 2e-6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(1000)]
    public void AxpyAndScale_MatchReference(int length)
    {
        float[] x = Reference.Random(2 * length, 17), y = Reference.Random(2 * length, 18);
        using DeviceBuffer<float> dx = Backend.Upload<float>(x), dy = Backend.Upload<float>(y);

        Backend.Axpy(2, length, 0.25f, new BatchView(dx, 0, length), new BatchView(dy, 0, length));
        Backend.Scale(2, length, -3f, new BatchView(dy, 0, length));

        Tolerance.AssertClose(dy.ToArray(), [.. y.Select((v, i) => -3.0 * (v + (0.25 * x[i])))], 2e-6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(40_000)]
    public void SumAndSumOfSquares_MatchReferencePerSlice(int length)
    {
        float[] x = Reference.Random(3 * length, 19);
        using DeviceBuffer<float> dx = Backend.Upload<float>(x), sum = Backend.Allocate<float>(3), squares = Backend.Allocate<float>(3);

        Backend.Sum(3, length, new BatchView(dx, 0, length), sum);
        Backend.SumOfSquares(3, length, new BatchView(dx, 0, length), squares);

        var expectedSum = new double[3];
        var expectedSquares = new double[3];
        var absSum = new double[3];
        for (int i = 0; i < x.Length; i++)
        {
            expectedSum[i / length] += x[i];
            absSum[i / length] += Math.Abs(x[i]);
            expectedSquares[i / length] += (double)x[i] * x[i];
        }

        Tolerance.AssertClose(sum.ToArray(), expectedSum, [.. absSum.Select(a => a + 1e-6)], 1e-5, "sum");
        Tolerance.AssertClose(squares.ToArray(), expectedSquares, 1e-5, 1e-6, "sum of squares");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 33)]
    [InlineData(257, 9)]
    public void ColumnSums_MatchReference(int rows, int cols)
    {
        float[] x = Reference.Random(2 * rows * cols, 20);
        using DeviceBuffer<float> dx = Backend.Upload<float>(x), result = Backend.Allocate<float>(2 * cols);

        Backend.ColumnSums(2, rows, cols, new BatchView(dx, 0, rows * cols), new BatchView(result, 0, cols));

        var expected = new double[2 * cols];
        var scale = new double[2 * cols];
        for (int e = 0; e < x.Length; e++)
        {
            int s = e / (rows * cols), j = e % cols;
            expected[(s * cols) + j] += x[e];
            scale[(s * cols) + j] += Math.Abs(x[e]);
        }

        Tolerance.AssertClose(result.ToArray(), expected, scale, 1e-5);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(257, 1)]
    public void MseLoss_ValueMatchesAndGradientMatchesFiniteDifferences(int rows, int cols)
    {
        int n = rows * cols;
        float[] p = Reference.Random(2 * n, 21), t = Reference.Random(2 * n, 22);
        using DeviceBuffer<float> dp = Backend.Upload<float>(p), dt = Backend.Upload<float>(t), dg = Backend.Allocate<float>(2 * n), loss = Backend.Allocate<float>(2);

        Backend.Loss(LossKind.MeanSquaredError, 2, rows, cols, new BatchView(dp, 0, n), new BatchView(dt, 0, n), new BatchView(dg, 0, n), loss);

        Tolerance.AssertClose(loss.ToArray(), [Reference.Mse(p, t, 0, n), Reference.Mse(p, t, n, n)], 1e-5);
        var fd = new double[2 * n];
        for (int e = 0; e < 2 * n; e++)
        {
            int s = e / n;
            double[] dp2 = [.. p.Select(v => (double)v)];
            double Loss(double v)
            {
                dp2[e] = v;
                double sum = 0;
                for (int i = 0; i < n; i++)
                {
                    double d = dp2[(s * n) + i] - t[(s * n) + i];
                    sum += d * d;
                }

                return sum / n;
            }

            fd[e] = (Loss(p[e] + 1e-4) - Loss(p[e] - 1e-4)) / 2e-4;
        }

        Tolerance.AssertClose(dg.ToArray(), fd, 1e-4, 1e-3, "gradient");
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(7, 3)]
    [InlineData(33, 10)]
    public void CrossEntropyLoss_ValueMatchesAndGradientMatchesFiniteDifferences(int rows, int classes)
    {
        float[] logits = Reference.Random(2 * rows * classes, 23, 2.0);
        float[] labels = [.. Enumerable.Range(0, 2 * rows).Select(i => (float)((i * 7) % classes))];
        using DeviceBuffer<float> dl = Backend.Upload<float>(logits), dy = Backend.Upload<float>(labels);
        using DeviceBuffer<float> dg = Backend.Allocate<float>(logits.Length), loss = Backend.Allocate<float>(2);

        Backend.Loss(LossKind.SoftmaxCrossEntropy, 2, rows, classes, new BatchView(dl, 0, rows * classes), new BatchView(dy, 0, rows), new BatchView(dg, 0, rows * classes), loss);

        double[] values = [.. logits.Select(v => (double)v)];
        double SliceLoss(int s) => Reference.CrossEntropy(values.AsSpan(s * rows * classes, rows * classes), rows, classes, labels.AsSpan(s * rows, rows));
        Tolerance.AssertClose(loss.ToArray(), [SliceLoss(0), SliceLoss(1)], 1e-5);
        var fd = new double[values.Length];
        for (int e = 0; e < values.Length; e++)
        {
            int s = e / (rows * classes);
            double keep = values[e];
            values[e] = keep + 1e-5;
            double up = SliceLoss(s);
            values[e] = keep - 1e-5;
            double down = SliceLoss(s);
            values[e] = keep;
            fd[e] = (up - down) / 2e-5;
        }

        Tolerance.AssertClose(dg.ToArray(), fd, 1e-4, 1e-3, "gradient");
    }

    [Fact]
    public void CrossEntropyLoss_IsStableForHugeLogits()
    {
        float[] logits = [1e4f, -1e4f, 0f, 3e4f, 3e4f - 1f, -5e4f];
        float[] labels = [1f, 0f];
        using DeviceBuffer<float> dl = Backend.Upload<float>(logits), dy = Backend.Upload<float>(labels);
        using DeviceBuffer<float> dg = Backend.Allocate<float>(6), loss = Backend.Allocate<float>(1);

        Backend.Loss(LossKind.SoftmaxCrossEntropy, 1, 2, 3, dl, dy, dg, loss);

        // Row 0: label logit is 2e4 below the max; row 1: the label's logit is the max, the runner-up 1 below.
        double expected = (2e4 + Math.Log(1 + Math.Exp(-1))) / 2;
        Assert.True(Tolerance.Close(loss.ToArray()[0], expected, 1e-5), $"loss {loss.ToArray()[0]} vs {expected}");
        Assert.All(dg.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    public void OptimizerStep_MatchesDoublePrecisionReference(OptimizerKind kind)
    {
        const int count = 2, length = 37, steps = 4;
        OptimizerSettings[] settings =
        [
            OptimizerSettings.Default with { LearningRate = 0.05f, WeightDecay = 0.01f, Momentum = 0.9f, TotalSteps = steps },
            OptimizerSettings.Default with { LearningRate = 0.1f, WeightDecay = 0.1f, Momentum = 0.5f, ClipNorm = 0.5f, Schedule = ScheduleKind.WarmupCosine, WarmupSteps = 2, TotalSteps = steps },
        ];
        float[] w = Reference.Random(count * length, 24), g = Reference.Random(count * length, 25);
        using DeviceBuffer<float> dw = Backend.Upload<float>(w), dg = Backend.Upload<float>(g);
        using DeviceBuffer<float> m = Backend.Allocate<float>(w.Length), v = Backend.Allocate<float>(w.Length);
        using DeviceBuffer<float> packed = Backend.Upload<float>(OptimizerSettings.Pack(settings)), squares = Backend.Allocate<float>(count);
        var rw = new double[count][];
        var rm = new double[count][];
        var rv = new double[count][];
        for (int s = 0; s < count; s++)
        {
            rw[s] = [.. w.AsSpan(s * length, length).ToArray().Select(x => (double)x)];
            rm[s] = new double[length];
            rv[s] = new double[length];
        }

        for (int step = 0; step < steps; step++)
        {
            Backend.SumOfSquares(count, length, new BatchView(dg, 0, length), squares);
            Backend.OptimizerStep(kind, count, length, new BatchView(dw, 0, length), new BatchView(dg, 0, length), new BatchView(m, 0, length), new BatchView(v, 0, length), packed, squares, step);
            for (int s = 0; s < count; s++)
            {
                double[] gs = [.. g.AsSpan(s * length, length).ToArray().Select(x => (double)x)];
                Reference.OptimizerStep(kind, rw[s], gs, rm[s], rv[s], settings[s], step, gs.Sum(x => x * x));
            }
        }

        Tolerance.AssertClose(dw.ToArray(), [.. rw.SelectMany(x => x)], 2e-5, 1.0, $"{kind} weights");
    }

    [Fact]
    public void RandomBits_AreThePhiloxStreamBitForBit()
    {
        using DeviceBuffer<uint> bits = Backend.Allocate<uint>(1003);

        Backend.RandomBits(bits, 3, 1000, seed: 0x1234_5678_9ABC_DEF0UL, stream: 5, start: 17);

        uint[] actual = bits.ToArray();
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(Philox.Bits(0x1234_5678_9ABC_DEF0UL, 5, 17 + (ulong)i), actual[3 + i]);
        }
    }

    [Fact]
    public void FillNormalAndUniform_MatchTheHostStreams()
    {
        using DeviceBuffer<float> normal = Backend.Allocate<float>(1001), uniform = Backend.Allocate<float>(1001);

        Backend.FillNormal(normal, 1, 1000, seed: 99, stream: 3, start: 5, mean: 1f, std: 2f);
        Backend.FillUniform(uniform, 1, 1000, seed: 99, stream: 3, start: 5, low: -1f, high: 3f);

        double[] expectedNormal = [.. Enumerable.Range(0, 1000).Select(i => 1 + (2 * Philox.Normal(99, 3, 5 + (ulong)i)))];
        double[] expectedUniform = [.. Enumerable.Range(0, 1000).Select(i => -1 + (4 * Philox.Uniform(99, 3, 5 + (ulong)i)))];
        Tolerance.AssertClose(normal.ToArray().AsSpan(1), expectedNormal, 2e-5, 1.0, "normal");
        Tolerance.AssertClose(uniform.ToArray().AsSpan(1), expectedUniform, 1e-6, 1.0, "uniform");
    }

    [Fact]
    public void GatherMinibatch_FollowsTheCounterShuffleAcrossAnEpochBoundary()
    {
        const int count = 2, trainRows = 37, rows = 10, inputs = 3;
        const long first = 30; // samples 30…39: the end of epoch 0 and the start of epoch 1
        float[] x = [.. Enumerable.Range(0, count * trainRows * inputs).Select(i => (float)i)];
        float[] y = [.. Enumerable.Range(0, count * trainRows).Select(i => (float)(-i))];
        ulong[] seeds = [11, 0xFFFF_0000_1234UL];
        uint[] packedSeeds = [.. seeds.SelectMany(s => new[] { (uint)s, (uint)(s >> 32) })];
        using DeviceBuffer<float> dx = Backend.Upload<float>(x), dy = Backend.Upload<float>(y);
        using DeviceBuffer<float> bx = Backend.Allocate<float>(count * rows * inputs), by = Backend.Allocate<float>(count * rows);
        using DeviceBuffer<uint> ds = Backend.Upload<uint>(packedSeeds);

        Backend.GatherMinibatch(count, rows, trainRows, inputs, 1, new BatchView(dx, 0, trainRows * inputs), new BatchView(dy, 0, trainRows), new BatchView(bx, 0, rows * inputs), new BatchView(by, 0, rows), ds, first);

        float[] gx = bx.ToArray(), gy = by.ToArray();
        for (int s = 0; s < count; s++)
        {
            for (int r = 0; r < rows; r++)
            {
                int row = CounterShuffle.SampleRow(seeds[s], first + r, trainRows);
                Assert.Equal(-((s * trainRows) + row), gy[(s * rows) + r]);
                Assert.Equal(x[(s * trainRows * inputs) + (row * inputs) + 2], gx[(s * rows * inputs) + (r * inputs) + 2]);
            }
        }
    }

    [Fact]
    public void AttackStep_StepsBySignAndProjectsOntoTheBall()
    {
        float[] origin = [0f, 1f, -1f, 0.5f, 2f];
        float[] x = [0.05f, 1.2f, -1f, 0.5f, 2f];
        float[] g = [1f, 3f, -2f, 0f, -0.1f];
        using DeviceBuffer<float> dx = Backend.Upload<float>(x), d0 = Backend.Upload<float>(origin), dg = Backend.Upload<float>(g);

        Backend.AttackStep(1, 5, dx, d0, dg, stepSize: 0.1f, epsilon: 0.2f);

        Tolerance.AssertClose(dx.ToArray(), [0.15, 1.2, -1.1, 0.5, 1.9], 1e-6);
    }

    [Fact]
    public void AttackStepL2_StepsAlongTheNormalisedGradientAndProjectsEachRowOntoTheBall()
    {
        // Two slices of three rows of four, at an offset and a stride: a row at its origin that moves by the step and stays
        // inside the ball, one 1.2 away that stays out of it (projected back to radius ε), and one with a zero gradient.
        const int rows = 3, cols = 4, stride = 15, offset = 2;
        const float step = 0.5f, epsilon = 0.6f;
        float[] origin = Reference.Random(offset + stride + (rows * cols), 71);
        float[] x = [.. origin];
        float[] g = Reference.Random(offset + stride + (rows * cols), 72, 3.0);
        for (int slice = 0; slice < 2; slice++)
        {
            int at = offset + (slice * stride);
            for (int j = 0; j < cols; j++)
            {
                x[at + cols + j] += 0.6f;
                g[at + (2 * cols) + j] = 0f;
            }
        }

        using DeviceBuffer<float> dx = Backend.Upload<float>(x), d0 = Backend.Upload<float>(origin), dg = Backend.Upload<float>(g);

        Backend.AttackStepL2(2, rows, cols, new BatchView(dx, offset, stride), new BatchView(d0, offset, stride), new BatchView(dg, offset, stride), step, epsilon);

        double[] expected = [.. x.Select(v => (double)v)];
        for (int slice = 0; slice < 2; slice++)
        {
            for (int r = 0; r < rows; r++)
            {
                int at = offset + (slice * stride) + (r * cols);
                double norm = Math.Sqrt(Enumerable.Range(0, cols).Sum(j => (double)g[at + j] * g[at + j]));
                double[] delta = [.. Enumerable.Range(0, cols).Select(j => x[at + j] - (double)origin[at + j] + (norm > 0 ? step * g[at + j] / norm : 0))];
                double length = Math.Sqrt(delta.Sum(d => d * d));
                for (int j = 0; j < cols; j++)
                {
                    expected[at + j] = origin[at + j] + (delta[j] * Math.Min(1, epsilon / length));
                }
            }
        }

        float[] moved = dx.ToArray();
        Tolerance.AssertClose(moved, expected, 1e-5);
        for (int slice = 0; slice < 2; slice++)
        {
            int at = offset + (slice * stride);
            double Distance(int r) => Math.Sqrt(Enumerable.Range(0, cols).Sum(j => Math.Pow(moved[at + (r * cols) + j] - (double)origin[at + (r * cols) + j], 2)));
            Assert.Equal(step, Distance(0), 1e-5);
            Assert.Equal(epsilon, Distance(1), 1e-5);
            Assert.Equal(x.AsSpan(at + (2 * cols), cols).ToArray(), moved.AsSpan(at + (2 * cols), cols).ToArray());
        }

        Assert.Equal(x.AsSpan(0, offset).ToArray(), moved.AsSpan(0, offset).ToArray());
    }

    [Theory]
    [InlineData(LossKind.MeanSquaredError, OptimizerKind.Adam, ActivationKind.Relu)]
    [InlineData(LossKind.SoftmaxCrossEntropy, OptimizerKind.Sgd, ActivationKind.Tanh)]
    [InlineData(LossKind.MeanSquaredError, OptimizerKind.AdamW, ActivationKind.Gelu)]
    public void TrainingSteps_MatchADoublePrecisionMlp(LossKind loss, OptimizerKind optimizer, ActivationKind activation)
    {
        int outputs = loss == LossKind.MeanSquaredError ? 1 : 3;
        var shape = new MlpShape(5, [9, 7], outputs, activation);
        const int models = 2, rows = 7, steps = 3;
        int targets = loss == LossKind.MeanSquaredError ? outputs : 1;
        using var trainer = new MlpTrainer(Backend, shape, models, rows, rows, loss, optimizer);
        var settings = new OptimizerSettings[models];
        var reference = new double[models][];
        var m = new double[models][];
        var v = new double[models][];
        var xs = new float[models][];
        var ys = new float[models][];
        for (int k = 0; k < models; k++)
        {
            trainer.InitializeParameters(k, (ulong)(k + 1));
            settings[k] = OptimizerSettings.Default with { LearningRate = 0.05f * (k + 1), WeightDecay = 0.01f, TotalSteps = steps };
            trainer.Configure(k, settings[k]);
            reference[k] = [.. trainer.GetParameters(k).Select(p => (double)p)];
            m[k] = new double[shape.Parameters];
            v[k] = new double[shape.Parameters];
            xs[k] = Reference.Random(rows * 5, 30 + k);
            ys[k] = loss == LossKind.MeanSquaredError ? Reference.Random(rows * targets, 40 + k) : [.. Enumerable.Range(0, rows).Select(i => (float)((i + k) % outputs))];
        }

        for (int step = 0; step < steps; step++)
        {
            trainer.Step(step, xs, ys);
            for (int k = 0; k < models; k++)
            {
                var grad = new double[shape.Parameters];
                Reference.MlpLoss(shape, reference[k], [.. xs[k].Select(x => (double)x)], rows, ys[k], loss, grad, []);
                Reference.OptimizerStep(optimizer, reference[k], grad, m[k], v[k], settings[k], step, 0);
            }
        }

        // An Adam step moves a parameter by about the learning rate whatever the size of its gradient, so a gradient
        // that cancels to rounding level (a GPU sums in another order) moves it by a rounding-sized share of that:
        // the tolerance is relative to how far the steps can move a parameter (seen on an H200: 1.03e-5 at lr 0.1).
        for (int k = 0; k < models; k++)
        {
            double reach = optimizer == OptimizerKind.Sgd ? 0.1 : Math.Max(0.1, settings[k].LearningRate * steps);
            Tolerance.AssertClose(trainer.GetParameters(k), reference[k], 1e-4, reach, $"model {k} parameters");
        }
    }

    [Theory]
    [InlineData(LossKind.MeanSquaredError, ActivationKind.Tanh)]
    [InlineData(LossKind.SoftmaxCrossEntropy, ActivationKind.Gelu)]
    [InlineData(LossKind.MeanSquaredError, ActivationKind.Relu)]
    public void MlpGradients_MatchFiniteDifferences(LossKind loss, ActivationKind activation)
    {
        int outputs = loss == LossKind.MeanSquaredError ? 2 : 4;
        var shape = new MlpShape(4, [6, 5], outputs, activation);
        const int rows = 9;
        using var trainer = new MlpTrainer(Backend, shape, 1, rows, rows, loss, OptimizerKind.Sgd);
        trainer.InitializeParameters(0, 5);
        trainer.Configure(0, OptimizerSettings.Default with { LearningRate = 0f, Momentum = 0f });
        double[] parameters = [.. trainer.GetParameters(0).Select(p => (double)p)];
        float[] x = Reference.Random(rows * 4, 50);
        float[] y = loss == LossKind.MeanSquaredError ? Reference.Random(rows * outputs, 51) : [.. Enumerable.Range(0, rows).Select(i => (float)(i % outputs))];

        trainer.Step(0, [x], [y]);

        double[] xd = [.. x.Select(v => (double)v)];
        var fd = new double[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            double keep = parameters[i];
            parameters[i] = keep + 1e-6;
            double up = Reference.MlpLoss(shape, parameters, xd, rows, y, loss, [], []);
            parameters[i] = keep - 1e-6;
            double down = Reference.MlpLoss(shape, parameters, xd, rows, y, loss, [], []);
            parameters[i] = keep;
            fd[i] = (up - down) / 2e-6;
        }

        double error = Tolerance.RelativeNorm(trainer.GetGradients(0), fd);
        Assert.True(error < 1e-3, $"‖g − g_fd‖/‖g_fd‖ = {error:G3}");
    }

    [Fact]
    public void InputGradient_MatchesFiniteDifferences()
    {
        var shape = new MlpShape(6, [8], 3, ActivationKind.Tanh);
        const int rows = 5;
        using var trainer = new MlpTrainer(Backend, shape, 1, rows, rows, LossKind.SoftmaxCrossEntropy, OptimizerKind.Adam);
        trainer.InitializeParameters(0, 8);
        double[] parameters = [.. trainer.GetParameters(0).Select(p => (double)p)];
        float[] x = Reference.Random(rows * 6, 52);
        float[] y = [0f, 1f, 2f, 1f, 0f];

        float[] gradient = trainer.InputGradient([x], [y], rows)[0];

        double[] xd = [.. x.Select(v => (double)v)];
        var fd = new double[xd.Length];
        for (int i = 0; i < xd.Length; i++)
        {
            double keep = xd[i];
            xd[i] = keep + 1e-6;
            double up = Reference.MlpLoss(shape, parameters, xd, rows, y, LossKind.SoftmaxCrossEntropy, [], []);
            xd[i] = keep - 1e-6;
            double down = Reference.MlpLoss(shape, parameters, xd, rows, y, LossKind.SoftmaxCrossEntropy, [], []);
            xd[i] = keep;
            fd[i] = (up - down) / 2e-6;
        }

        double error = Tolerance.RelativeNorm(gradient, fd);
        Assert.True(error < 1e-3, $"‖g − g_fd‖/‖g_fd‖ = {error:G3}");
    }

    [Theory]
    [InlineData(AttackNormKind.LInfinity)]
    [InlineData(AttackNormKind.L2)]
    public void Attacks_StayWithinEpsilon_RaiseTheLoss_AndPgdIsAtLeastAsStrongAsFgsm(AttackNormKind norm)
    {
        var shape = new MlpShape(6, [8], 3, ActivationKind.Tanh);
        const int rows = 32;
        const float epsilon = 0.3f;
        using var trainer = new MlpTrainer(Backend, shape, 1, rows, rows, LossKind.SoftmaxCrossEntropy, OptimizerKind.Adam);
        trainer.InitializeParameters(0, 8);
        double[] parameters = [.. trainer.GetParameters(0).Select(p => (double)p)];
        float[] x = Reference.Random(rows * 6, 52);
        float[] y = [.. Enumerable.Range(0, rows).Select(i => (float)(i % 3))];

        float[] fgsm = trainer.AttackInputs([x], [y], rows, norm, epsilon, 1, epsilon)[0];
        float[] pgd = trainer.AttackInputs([x], [y], rows, norm, epsilon, 10, 2.5f * epsilon / 10)[0];

        double Loss(float[] inputs) => Reference.MlpLoss(shape, parameters, [.. inputs.Select(v => (double)v)], rows, y, LossKind.SoftmaxCrossEntropy, [], []);
        foreach (float[] attacked in (float[][])[fgsm, pgd])
        {
            for (int r = 0; r < rows; r++)
            {
                double[] delta = [.. Enumerable.Range(0, 6).Select(j => (double)attacked[(r * 6) + j] - x[(r * 6) + j])];
                double size = norm == AttackNormKind.LInfinity ? delta.Max(Math.Abs) : Math.Sqrt(delta.Sum(d => d * d));
                Assert.True(size <= epsilon * (1 + 1e-5), $"row {r}: ‖δ‖ = {size:R} > ε");
            }
        }

        // One step of ε reaches the ball's surface exactly: every coordinate moves by ε (L∞), or the row by ε (L2).
        for (int r = 0; r < rows; r++)
        {
            double[] delta = [.. Enumerable.Range(0, 6).Select(j => (double)fgsm[(r * 6) + j] - x[(r * 6) + j])];
            double size = norm == AttackNormKind.LInfinity ? delta.Min(Math.Abs) : Math.Sqrt(delta.Sum(d => d * d));
            Assert.Equal(epsilon, size, 1e-5);
        }

        double clean = Loss(x), one = Loss(fgsm), ten = Loss(pgd);
        Assert.True(one > clean, $"FGSM loss {one:R} vs clean {clean:R}");
        Assert.True(ten >= one * (1 - 1e-6), $"PGD loss {ten:R} vs FGSM {one:R}");
    }

    [Fact]
    public void Fgsm_OnALinearSoftmaxModel_MatchesItsClosedForm()
    {
        // ∇ₓ of the cross-entropy of softmax(Wx + b) is Wᵀ(p − e_y) (over rows, a positive factor): δ = ε·sign(Wᵀ(p − e_y)).
        var shape = new MlpShape(5, [], 3, ActivationKind.Relu);
        const int rows = 16;
        const float epsilon = 0.1f;
        using var trainer = new MlpTrainer(Backend, shape, 1, rows, rows, LossKind.SoftmaxCrossEntropy, OptimizerKind.Adam);
        trainer.InitializeParameters(0, 3);
        float[] w = trainer.GetParameters(0);
        float[] x = Reference.Random(rows * 5, 9);
        float[] y = [.. Enumerable.Range(0, rows).Select(i => (float)((i * 7) % 3))];

        float[] attacked = trainer.AttackInputs([x], [y], rows, AttackNormKind.LInfinity, epsilon, 1, epsilon)[0];

        for (int r = 0; r < rows; r++)
        {
            double[] z = [.. Enumerable.Range(0, 3).Select(o => w[shape.BiasOffset(0) + o] + Enumerable.Range(0, 5).Sum(k => (double)w[shape.WeightOffset(0) + (o * 5) + k] * x[(r * 5) + k]))];
            double max = z.Max(), sum = z.Sum(v => Math.Exp(v - max));
            double[] residual = [.. z.Select((v, o) => (Math.Exp(v - max) / sum) - (o == (int)y[r] ? 1 : 0))];
            for (int k = 0; k < 5; k++)
            {
                double g = Enumerable.Range(0, 3).Sum(o => w[shape.WeightOffset(0) + (o * 5) + k] * residual[o]);
                Assert.Equal(x[(r * 5) + k] + (epsilon * Math.Sign(g)), attacked[(r * 5) + k], 1e-6);
            }
        }
    }

    [Fact]
    public void PerturbedTrainingSteps_AreReproducible_AndNoiseChangesTheModel()
    {
        var shape = new MlpShape(4, [8], 3, ActivationKind.Relu);
        float[] x = Reference.Random(64 * 4, 21);
        float[] y = [.. Enumerable.Range(0, 64).Select(i => (float)(i % 3))];
        float[] Train(TrainingPerturbation? perturbation)
        {
            using var trainer = new MlpTrainer(Backend, shape, 1, 16, 64, LossKind.SoftmaxCrossEntropy, OptimizerKind.Adam);
            trainer.LoadTrainingData(0, x, y);
            trainer.SetShuffleSeed(0, 5);
            trainer.InitializeParameters(0, 5);
            trainer.Configure(0, OptimizerSettings.Default with { LearningRate = 1e-2f, TotalSteps = 20 });
            for (int step = 0; step < 20; step++)
            {
                if (perturbation is { } p)
                {
                    trainer.Step(step, p);
                }
                else
                {
                    trainer.Step(step);
                }
            }

            return trainer.GetParameters(0);
        }

        var adversarial = new TrainingPerturbation(0.1f, AttackNormKind.L2, 0.2f, 3, 0.1f);
        Assert.Equal(Train(adversarial), Train(adversarial));
        float[] plain = Train(null), noisy = Train(new TrainingPerturbation(0.5f, AttackNormKind.LInfinity, 0, 0, 0));
        Assert.True(Tolerance.RelativeNorm(noisy, [.. plain.Select(v => (double)v)]) > 1e-3, "noise augmentation changed the trained model");
    }
}
