using System.Numerics;
using Kernel256 = Sweep.Kernels.Cpu.MicroKernel<Sweep.Kernels.Cpu.Width256, System.Runtime.Intrinsics.Vector256<float>>;
using Kernel512 = Sweep.Kernels.Cpu.MicroKernel<Sweep.Kernels.Cpu.Width512, System.Runtime.Intrinsics.Vector512<float>>;

namespace Sweep.Kernels.Cpu;

/// <content>The kernels: each builds a work item on the stack and runs it on the pool (or inline when small).</content>
internal sealed unsafe partial class CpuBackend
{
    private enum ElementOp
    {
        AddBias,
        Activate,
        ActivationBackward,
        Axpy,
        Scale,
        Attack,
    }

    private protected override void GemmCore(GemmLayout layout, int count, int m, int n, int k, float alpha, BatchView a, BatchView b, float beta, BatchView c)
    {
        var work = new GemmWork
        {
            Backend = this,
            Count = count,
            Template = new GemmProblem { Layout = layout, M = m, N = n, K = k, Alpha = alpha, Beta = beta },
            A = a,
            B = b,
            C = c,
        };
        RunGemm(ref work, (long)m * n * k * count);
    }

    private protected override void DenseForwardCore(DenseShape shape, BatchView x, BatchView weights, BatchView bias, ActivationKind activation, BatchView z, BatchView h)
    {
        var work = new GemmWork
        {
            Backend = this,
            Count = shape.Count,
            Template = new GemmProblem
            {
                Layout = GemmLayout.ABt,
                M = shape.Rows,
                N = shape.Outputs,
                K = shape.Inputs,
                Alpha = 1f,
                Beta = 0f,
                Activation = activation,
            },
            A = x,
            B = weights,
            C = z,
            Bias = bias,
            H = activation == ActivationKind.Identity && h.IsEmpty ? default : h,
        };
        RunGemm(ref work, (long)shape.Rows * shape.Outputs * shape.Inputs * shape.Count);
    }

    private protected override void DenseBackwardCore(
        DenseShape shape, BatchView gradZ, BatchView x, BatchView weights, BatchView gradWeights, BatchView gradBias, BatchView gradInput,
        BatchView inputPreActivation, ActivationKind inputActivation)
    {
        var work = new BackwardWork
        {
            Backend = this,
            Shape = shape,
            GradZ = gradZ,
            X = x,
            Weights = weights,
            GradWeights = gradWeights,
            GradBias = gradBias,
            GradInput = gradInput,
            Pre = inputPreActivation,
            PreActivation = inputActivation,
            BySlice = SplitBySlice(shape.Count),
        };
        long flops = 2L * shape.Rows * shape.Inputs * shape.Outputs * shape.Count;
        if (Threads == 1 || flops < ParallelFlops)
        {
            work.Parallel = false;
            work.Execute(0, 1);
        }
        else
        {
            work.Parallel = true;
            _pool.Run(ref work);
        }
    }

    private protected override void AddBiasCore(int count, int rows, int cols, BatchView x, BatchView bias, BatchView y)
        => RunElementwise(ElementOp.AddBias, ActivationKind.Identity, count, (long)rows * cols, cols, x, bias, y, default, 0f, 0f);

    private protected override void ActivateCore(ActivationKind activation, int count, long length, BatchView x, BatchView y)
        => RunElementwise(ElementOp.Activate, activation, count, length, 1, x, default, y, default, 0f, 0f);

    private protected override void ActivationBackwardCore(ActivationKind activation, int count, long length, BatchView z, BatchView gradOutput, BatchView gradInput)
        => RunElementwise(ElementOp.ActivationBackward, activation, count, length, 1, z, gradOutput, gradInput, default, 0f, 0f);

    private protected override void AxpyCore(int count, long length, float alpha, BatchView x, BatchView y)
        => RunElementwise(ElementOp.Axpy, ActivationKind.Identity, count, length, 1, x, default, y, default, alpha, 0f);

    private protected override void ScaleCore(int count, long length, float alpha, BatchView x)
        => RunElementwise(ElementOp.Scale, ActivationKind.Identity, count, length, 1, x, default, x, default, alpha, 0f);

    private protected override void AttackStepCore(int count, long length, BatchView x, BatchView origin, BatchView gradient, float stepSize, float epsilon)
        => RunElementwise(ElementOp.Attack, ActivationKind.Identity, count, length, 1, origin, gradient, x, default, stepSize, epsilon);

    private protected override void AttackStepL2Core(int count, int rows, int cols, BatchView x, BatchView origin, BatchView gradient, float stepSize, float epsilon)
    {
        for (int s = 0; s < count; s++)
        {
            float* xs = P(x, s), os = P(origin, s), gs = P(gradient, s);
            for (int r = 0; r < rows; r++)
            {
                AttackRowL2(xs + ((long)r * cols), os + ((long)r * cols), gs + ((long)r * cols), cols, stepSize, epsilon);
            }
        }
    }

    /// <summary>One row of <see cref="ComputeBackend.AttackStepL2"/>, in the ILGPU kernel's order of operations.</summary>
    private static void AttackRowL2(float* x, float* origin, float* gradient, int cols, float stepSize, float epsilon)
    {
        float gn = 0f;
        for (int j = 0; j < cols; j++)
        {
            gn += gradient[j] * gradient[j];
        }

        float scale = gn > 0f ? stepSize / MathF.Sqrt(gn) : 0f, dn = 0f;
        for (int j = 0; j < cols; j++)
        {
            float d = x[j] + (scale * gradient[j]) - origin[j];
            x[j] = d;
            dn += d * d;
        }

        float length = MathF.Sqrt(dn);
        float shrink = length > epsilon ? epsilon / length : 1f;
        for (int j = 0; j < cols; j++)
        {
            x[j] = origin[j] + (shrink * x[j]);
        }
    }

    private protected override void ReduceCore(bool squares, int count, long length, BatchView x, DeviceBuffer<float> result)
    {
        float* r = Base(result);
        bool parallel = Threads > 1 && length >= ParallelElements;
        for (int s = 0; s < count; s++)
        {
            float* p = P(x, s);
            if (!parallel)
            {
                r[s] = Reduce(p, 0, length, squares);
                continue;
            }

            var work = new ReduceWork { Data = p, Length = length, Squares = squares, Partials = _partials };
            _pool.Run(ref work);
            float total = 0f;
            for (int w = 0; w < Threads; w++)
            {
                total += _partials[w];
            }

            r[s] = total;
        }
    }

    private protected override void ColumnSumsCore(int count, int rows, int cols, BatchView x, BatchView result)
    {
        for (int s = 0; s < count; s++)
        {
            ColumnSumsOf(P(x, s), rows, cols, P(result, s), 0, cols);
        }
    }

    private protected override void LossCore(LossKind kind, int count, int rows, int cols, BatchView predictions, BatchView targets, BatchView gradient, DeviceBuffer<float> loss)
    {
        float* l = Base(loss);
        for (int s = 0; s < count; s++)
        {
            l[s] = kind == LossKind.MeanSquaredError
                ? (float)(CpuLosses.SquaredError(P(predictions, s), P(targets, s), POrNull(gradient, s), (long)rows * cols, 2f / ((long)rows * cols)) / ((long)rows * cols))
                : (float)(CpuLosses.SoftmaxCrossEntropy(P(predictions, s), P(targets, s), POrNull(gradient, s), rows, cols, 1f / rows) / rows);
        }
    }

    private protected override void OptimizerStepCore(
        OptimizerKind kind, int count, long length, BatchView parameters, BatchView gradients, BatchView state1, BatchView state2,
        DeviceBuffer<float> settings, DeviceBuffer<float>? gradSumSquares, int step)
    {
        var work = new OptimizerWork
        {
            Backend = this,
            Kind = kind,
            Count = count,
            Length = length,
            W = parameters,
            G = gradients,
            M = state1,
            V = kind == OptimizerKind.Sgd ? state1 : state2,
            Settings = Base(settings),
            SumSquares = gradSumSquares is null ? null : Base(gradSumSquares),
            Step = step,
            BySlice = SplitBySlice(count),
        };
        if (Threads == 1 || (long)count * length < ParallelElements)
        {
            work.Execute(0, 1);
        }
        else
        {
            _pool.Run(ref work);
        }
    }

    private protected override void FillRandomCore(DeviceBuffer<float> destination, long offset, long length, ulong seed, uint stream, ulong start, bool normal, float a, float b)
    {
        float* d = Base(destination) + offset;
        for (long i = 0; i < length; i++)
        {
            ulong index = start + (ulong)i;
            d[i] = normal ? a + (b * RandomKernelMath.Normal(seed, stream, index)) : a + (b * Philox.ToUniform(Philox.Bits(seed, stream, index)));
        }
    }

    private protected override void RandomBitsCore(DeviceBuffer<uint> destination, long offset, long length, ulong seed, uint stream, ulong start)
    {
        CheckOwned(destination);
        uint* d = ((CpuBuffer<uint>)destination).Pointer + offset;
        for (long i = 0; i < length; i++)
        {
            d[i] = Philox.Bits(seed, stream, start + (ulong)i);
        }
    }

    private protected override void GatherMinibatchCore(
        int count, int rows, int trainRows, int inputs, int targets, BatchView xSource, BatchView ySource, BatchView xBatch, BatchView yBatch,
        DeviceBuffer<uint> seeds, long firstSample)
    {
        CheckOwned(seeds);
        var work = new GatherWork
        {
            Backend = this,
            Count = count,
            Rows = rows,
            TrainRows = trainRows,
            Inputs = inputs,
            Targets = targets,
            XSource = xSource,
            YSource = ySource,
            XBatch = xBatch,
            YBatch = yBatch,
            Seeds = ((CpuBuffer<uint>)seeds).Pointer,
            FirstSample = firstSample,
        };
        if (Threads == 1 || (long)count * rows * inputs < 4096)
        {
            work.Execute(0, 1);
        }
        else
        {
            _pool.Run(ref work);
        }
    }

    private void RunGemm(ref GemmWork work, long fma)
    {
        if (Threads == 1 || fma < ParallelFlops)
        {
            work.BySlice = false;
            work.Parallel = false;
            work.Execute(0, 1);
            return;
        }

        work.BySlice = SplitBySlice(work.Count);
        work.Parallel = true;
        _pool.Run(ref work);
    }

    private void ExecuteGemm(ref GemmProblem g, int part, int parts, int slot)
    {
        SpinPool? pool = parts > 1 ? _pool : null;
        if (_use512)
        {
            PackedGemm.Execute<Kernel512>(ref g, part, parts, slot, _workspace, pool);
        }
        else
        {
            PackedGemm.Execute<Kernel256>(ref g, part, parts, slot, _workspace, pool);
        }
    }

    private void RunElementwise(ElementOp op, ActivationKind act, int count, long length, int cols, BatchView x, BatchView y, BatchView output, BatchView unused, float alpha, float beta)
    {
        _ = unused;
        var work = new ElementWork
        {
            Backend = this,
            Op = op,
            Activation = act,
            Count = count,
            Length = length,
            Cols = cols,
            X = x,
            Y = y,
            Out = output,
            Alpha = alpha,
            Beta = beta,
        };
        if (Threads == 1 || (long)count * length < ParallelElements)
        {
            work.Execute(0, 1);
        }
        else
        {
            _pool.Run(ref work);
        }
    }

    private static float Reduce(float* p, long i0, long i1, bool squares)
    {
        int w = Vector<float>.Count;
        Vector<float> s0 = default, s1 = default;
        long i = i0;
        if (squares)
        {
            for (; i + (2 * w) <= i1; i += 2 * w)
            {
                Vector<float> a = Vector.Load(p + i), b = Vector.Load(p + i + w);
                s0 = Vector.FusedMultiplyAdd(a, a, s0);
                s1 = Vector.FusedMultiplyAdd(b, b, s1);
            }
        }
        else
        {
            for (; i + (2 * w) <= i1; i += 2 * w)
            {
                s0 += Vector.Load(p + i);
                s1 += Vector.Load(p + i + w);
            }
        }

        float sum = Vector.Sum(s0 + s1);
        for (; i < i1; i++)
        {
            sum += squares ? p[i] * p[i] : p[i];
        }

        return sum;
    }

    /// <summary>result[j0..j1) = the column sums of those columns of x.</summary>
    private static void ColumnSumsOf(float* x, int rows, int cols, float* result, int j0, int j1)
    {
        if (j0 >= j1)
        {
            return;
        }

        new Span<float>(result + j0, j1 - j0).Clear();
        CpuColumnSums.AddByRows(x, rows, cols, result, j0, j1);
    }

    private struct GemmWork : IParallelWork
    {
        public CpuBackend Backend;
        public int Count;
        public GemmProblem Template;
        public BatchView A;
        public BatchView B;
        public BatchView C;
        public BatchView Bias;
        public BatchView H;
        public bool BySlice;
        public bool Parallel;

        public readonly void Execute(int worker, int workers)
        {
            if (BySlice)
            {
                (int s0, int s1) = PackedGemm.Split(Count, worker, workers, 1);
                for (int s = s0; s < s1; s++)
                {
                    Run(s, 0, 1, worker);
                }
            }
            else
            {
                for (int s = 0; s < Count; s++)
                {
                    Run(s, Parallel ? worker : 0, Parallel ? workers : 1, worker);
                }
            }
        }

        private readonly void Run(int slice, int part, int parts, int slot)
        {
            GemmProblem g = Template;
            g.A = Backend.P(A, slice);
            g.B = Backend.P(B, slice);
            g.C = Backend.P(C, slice);
            g.Bias = Backend.POrNull(Bias, slice);
            g.H = Backend.POrNull(H, slice);
            Backend.ExecuteGemm(ref g, part, parts, slot);
        }
    }

    private struct BackwardWork : IParallelWork
    {
        public CpuBackend Backend;
        public DenseShape Shape;
        public BatchView GradZ;
        public BatchView X;
        public BatchView Weights;
        public BatchView GradWeights;
        public BatchView GradBias;
        public BatchView GradInput;
        public BatchView Pre;
        public ActivationKind PreActivation;
        public bool BySlice;
        public bool Parallel;

        public readonly void Execute(int worker, int workers)
        {
            if (BySlice)
            {
                (int s0, int s1) = PackedGemm.Split(Shape.Count, worker, workers, 1);
                for (int s = s0; s < s1; s++)
                {
                    Run(s, 0, 1, worker);
                }
            }
            else
            {
                for (int s = 0; s < Shape.Count; s++)
                {
                    Run(s, Parallel ? worker : 0, Parallel ? workers : 1, worker);
                }
            }
        }

        private readonly void Run(int slice, int part, int parts, int slot)
        {
            float* gz = Backend.P(GradZ, slice);
            if (!GradWeights.IsEmpty)
            {
                var g = new GemmProblem
                {
                    Layout = GemmLayout.AtB,
                    M = Shape.Outputs,
                    N = Shape.Inputs,
                    K = Shape.Rows,
                    Alpha = 1f,
                    A = gz,
                    B = Backend.P(X, slice),
                    C = Backend.P(GradWeights, slice),
                };
                Backend.ExecuteGemm(ref g, part, parts, slot);
            }

            if (!GradBias.IsEmpty)
            {
                (int j0, int j1) = PackedGemm.Split(Shape.Outputs, part, parts, Vector<float>.Count);
                ColumnSumsOf(gz, Shape.Rows, Shape.Outputs, Backend.P(GradBias, slice), j0, j1);
            }

            if (!GradInput.IsEmpty)
            {
                var g = new GemmProblem
                {
                    Layout = GemmLayout.AB,
                    M = Shape.Rows,
                    N = Shape.Inputs,
                    K = Shape.Outputs,
                    Alpha = 1f,
                    A = gz,
                    B = Backend.P(Weights, slice),
                    C = Backend.P(GradInput, slice),
                    Aux = PreActivation == ActivationKind.Identity ? null : Backend.P(Pre, slice),
                    AuxActivation = PreActivation,
                };
                Backend.ExecuteGemm(ref g, part, parts, slot);
            }
        }
    }

    private struct ElementWork : IParallelWork
    {
        public CpuBackend Backend;
        public ElementOp Op;
        public ActivationKind Activation;
        public int Count;
        public long Length;
        public int Cols;
        public BatchView X;
        public BatchView Y;
        public BatchView Out;
        public float Alpha;
        public float Beta;

        public readonly void Execute(int worker, int workers)
        {
            for (int s = 0; s < Count; s++)
            {
                // Rows for a bias (whole rows per worker), 64-element chunks otherwise.
                long unit = Op == ElementOp.AddBias ? Cols : 64;
                long units = (Length + unit - 1) / unit;
                long i0 = Math.Min(Length, units * worker / workers * unit);
                long i1 = Math.Min(Length, units * (worker + 1) / workers * unit);
                if (i0 < i1)
                {
                    Run(s, i0, i1);
                }
            }
        }

        private readonly void Run(int s, long i0, long i1)
        {
            float* x = Backend.P(X, s);
            float* o = Backend.P(Out, s);
            long n = i1 - i0;
            int w = Vector<float>.Count;
            switch (Op)
            {
                case ElementOp.AddBias:
                {
                    float* bias = Backend.P(Y, s);
                    for (long r = i0; r < i1; r += Cols)
                    {
                        int j = 0;
                        for (; j + w <= Cols; j += w)
                        {
                            Vector.Store(Vector.Load(x + r + j) + Vector.Load(bias + j), o + r + j);
                        }

                        for (; j < Cols; j++)
                        {
                            o[r + j] = x[r + j] + bias[j];
                        }
                    }

                    break;
                }

                case ElementOp.Activate:
                    SimdMath.Activate(Activation, x + i0, o + i0, n);
                    break;
                case ElementOp.ActivationBackward:
                    SimdMath.Backward(Activation, x + i0, Backend.P(Y, s) + i0, o + i0, n);
                    break;
                case ElementOp.Axpy:
                {
                    var a = new Vector<float>(Alpha);
                    long i = i0;
                    for (; i + w <= i1; i += w)
                    {
                        Vector.Store(Vector.FusedMultiplyAdd(a, Vector.Load(x + i), Vector.Load(o + i)), o + i);
                    }

                    for (; i < i1; i++)
                    {
                        o[i] += Alpha * x[i];
                    }

                    break;
                }

                case ElementOp.Scale:
                {
                    var a = new Vector<float>(Alpha);
                    long i = i0;
                    for (; i + w <= i1; i += w)
                    {
                        Vector.Store(a * Vector.Load(o + i), o + i);
                    }

                    for (; i < i1; i++)
                    {
                        o[i] *= Alpha;
                    }

                    break;
                }

                case ElementOp.Attack:
                {
                    float* g = Backend.P(Y, s);
                    for (long i = i0; i < i1; i++)
                    {
                        float step = g[i] > 0f ? Alpha : g[i] < 0f ? -Alpha : 0f;
                        o[i] = Math.Clamp(o[i] + step, x[i] - Beta, x[i] + Beta);
                    }

                    break;
                }
            }
        }
    }

    private struct GatherWork : IParallelWork
    {
        public CpuBackend Backend;
        public int Count;
        public int Rows;
        public int TrainRows;
        public int Inputs;
        public int Targets;
        public BatchView XSource;
        public BatchView YSource;
        public BatchView XBatch;
        public BatchView YBatch;
        public uint* Seeds;
        public long FirstSample;

        public readonly void Execute(int worker, int workers)
        {
            const int Chunk = 64;
            int* rows = stackalloc int[Chunk];
            (int r0, int r1) = PackedGemm.Split(Rows, worker, workers, 1);
            for (int s = 0; s < Count; s++)
            {
                ulong seed = Seeds[2 * s] | ((ulong)Seeds[(2 * s) + 1] << 32);
                float* xs = Backend.P(XSource, s), ys = Backend.P(YSource, s), xb = Backend.P(XBatch, s), yb = Backend.P(YBatch, s);
                for (int r = r0; r < r1; r += Chunk)
                {
                    int count = Math.Min(Chunk, r1 - r);
                    CounterShuffle.SampleRows(seed, FirstSample + r, TrainRows, new Span<int>(rows, count));
                    RowGather.Copy(xs, Inputs, ys, Targets, rows, count, xb + ((long)r * Inputs), yb + ((long)r * Targets));
                }
            }
        }
    }

    private struct ReduceWork : IParallelWork
    {
        public float* Data;
        public long Length;
        public bool Squares;
        public float[] Partials;

        public readonly void Execute(int worker, int workers)
        {
            long units = (Length + 63) / 64;
            long i0 = Math.Min(Length, units * worker / workers * 64);
            long i1 = Math.Min(Length, units * (worker + 1) / workers * 64);
            Partials[worker] = Reduce(Data, i0, i1, Squares);
        }
    }

    private struct OptimizerWork : IParallelWork
    {
        public CpuBackend Backend;
        public OptimizerKind Kind;
        public int Count;
        public long Length;
        public BatchView W;
        public BatchView G;
        public BatchView M;
        public BatchView V;
        public float* Settings;
        public float* SumSquares;
        public int Step;
        public bool BySlice;

        public readonly void Execute(int worker, int workers)
        {
            if (BySlice)
            {
                (int s0, int s1) = PackedGemm.Split(Count, worker, workers, 1);
                for (int s = s0; s < s1; s++)
                {
                    Run(s, 0, Length);
                }

                return;
            }

            long units = (Length + 63) / 64;
            long i0 = Math.Min(Length, units * worker / workers * 64);
            long i1 = Math.Min(Length, units * (worker + 1) / workers * 64);
            for (int s = 0; s < Count; s++)
            {
                Run(s, i0, i1);
            }
        }

        private readonly void Run(int s, long i0, long i1)
        {
            if (i0 >= i1)
            {
                return;
            }

            float sumSquares = SumSquares == null ? 0f : SumSquares[s];
            CpuOptimizers.Step(
                Kind,
                Backend.P(W, s),
                Backend.P(G, s),
                Backend.P(M, s),
                Backend.P(V, s),
                Settings + (s * OptimizerSettings.Stride),
                sumSquares,
                SumSquares != null,
                Step,
                i0,
                i1);
        }
    }
}
