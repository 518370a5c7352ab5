using System.Numerics;
using System.Runtime.InteropServices;
using Kernel256 = Sweep.Kernels.Cpu.MicroKernel<Sweep.Kernels.Cpu.Width256, System.Runtime.Intrinsics.Vector256<float>>;
using Kernel512 = Sweep.Kernels.Cpu.MicroKernel<Sweep.Kernels.Cpu.Width512, System.Runtime.Intrinsics.Vector512<float>>;

namespace Sweep.Kernels.Cpu;

/// <summary>
/// The CPU's fused MLP training step. Materialising every activation of a 256-row batch (1 MB per buffer at
/// width 1024) made the step memory-bound; here the batch is cut into a fixed number of row groups, each processed
/// in row blocks small enough that a block's activations stay in L2, through forward, loss and backward in one go.
/// Each group accumulates its own gradient partial; the partials are summed in group order inside the optimiser's
/// sweep. Weights are packed for the micro-kernel once per step, not once per block. The grouping does not depend on
/// the thread count, so a step gives the same bits on one thread or two; with fewer models than threads the groups
/// of one model run on different threads, otherwise each thread takes whole models.
/// </summary>
internal sealed unsafe class CpuMlpStep : IFusedMlpStep
{
    private const int Groups = 2;
    private const int ChunkSize = 4096;

    private readonly CpuBackend _backend;
    private readonly MlpShape _shape;
    private readonly int _models;
    private readonly int _batch;
    private readonly int _trainRows;
    private readonly int _targets;
    private readonly LossKind _loss;
    private readonly OptimizerKind _optimizer;
    private readonly long _p;
    private readonly int _rowBlock;
    private readonly long[] _fwdOffset;
    private readonly long[] _bwdOffset;
    private readonly long _packedSize;
    private readonly float* _packed;
    private readonly float* _partials;
    private readonly double* _lossPartials;
    private readonly double* _chunkSquares;
    private readonly int _chunks;
    private readonly float*[] _scratch;
    private readonly long[] _actOffset;

    public CpuMlpStep(CpuBackend backend, MlpShape shape, int models, int batchRows, int trainRows, LossKind loss, OptimizerKind optimizer)
    {
        _backend = backend;
        _shape = shape;
        _models = models;
        _batch = batchRows;
        _trainRows = trainRows;
        _loss = loss;
        _optimizer = optimizer;
        _targets = loss == LossKind.SoftmaxCrossEntropy ? 1 : shape.Outputs;
        _p = shape.Parameters;
        int nr = backend.Uses512 ? Kernel512.NR : Kernel256.NR;
        int maxWidth = shape.Widths.Max();

        // Rows per block: a block's activations (about 3·rows·width floats per layer) should sit in L2, and the
        // weight-gradient product's depth is the block's rows, so longer is better until L2 overflows. Measured on
        // the 2-core Zen 4 (1 MB L2): 96 rows up to width 512, 48 at width 1024.
        _rowBlock = Math.Clamp(49152 / maxWidth / 24 * 24, 24, 96);

        // Weights packed for the forward product (x·Wᵀ) and the backward one (dZ·W), per layer and model.
        int layers = shape.Layers;
        _fwdOffset = new long[layers];
        _bwdOffset = new long[layers];
        long size = 0;
        for (int l = 0; l < layers; l++)
        {
            int inW = shape.Widths[l], outW = shape.Widths[l + 1];
            _fwdOffset[l] = size;
            size += PackedGemm.PackedSize(inW, outW, nr);
            _bwdOffset[l] = size;
            size += PackedGemm.PackedSize(outW, inW, nr);
        }

        _packedSize = size;
        _packed = Alloc<float>(models * size);
        _partials = Alloc<float>(models * Groups * _p);
        _lossPartials = Alloc<double>(models * Groups);
        _chunks = (int)((_p + ChunkSize - 1) / ChunkSize);
        _chunkSquares = Alloc<double>(models * _chunks);

        // Per-thread block buffers: inputs, targets, and Z, H, dZ per layer.
        _actOffset = new long[(3 * layers) + 2];
        long scratch = 0;
        _actOffset[0] = scratch;
        scratch += (long)_rowBlock * shape.Inputs;
        _actOffset[1] = scratch;
        scratch += (long)_rowBlock * _targets;
        for (int l = 0; l < layers; l++)
        {
            for (int k = 0; k < 3; k++)
            {
                _actOffset[2 + (3 * l) + k] = scratch;
                scratch += ((long)_rowBlock * shape.Widths[l + 1]) + 16;
            }
        }

        _scratch = new float*[backend.Threads];
        for (int w = 0; w < _scratch.Length; w++)
        {
            _scratch[w] = Alloc<float>(scratch);
        }
    }

    ~CpuMlpStep()
    {
        Free();
    }

    public void Step(int step, in MlpStepBuffers buffers, bool fromBatch) => Run(step, 1, buffers, fromBatch);

    public void Steps(int firstStep, int count, in MlpStepBuffers buffers) => Run(firstStep, count, buffers, fromBatch: false);

    private void Run(int firstStep, int count, in MlpStepBuffers buffers, bool fromBatch)
    {
        var work = new StepWork
        {
            Owner = this,
            FirstStep = firstStep,
            Count = count,
            FromBatch = fromBatch,
            Parameters = Ptr(buffers.Parameters),
            Gradients = Ptr(buffers.Gradients),
            State1 = Ptr(buffers.State1),
            State2 = buffers.State2 is null ? Ptr(buffers.State1) : Ptr(buffers.State2),
            Settings = Ptr(buffers.Settings),
            Loss = Ptr(buffers.Loss),
            Seeds = ((CpuBuffer<uint>)buffers.Seeds).Pointer,
            XTrain = Ptr(buffers.XTrain),
            YTrain = Ptr(buffers.YTrain),
            XBatch = Ptr(buffers.XBatch),
            YBatch = Ptr(buffers.YBatch),
            BySlice = _backend.Threads == 1 || _models >= _backend.Threads,
        };
        for (int s = 0; s < _models; s++)
        {
            if (work.Settings[(s * OptimizerSettings.Stride) + 6] > 0f)
            {
                work.Clip = true;
            }
        }

        if (_backend.Threads == 1)
        {
            work.Execute(0, 1);
        }
        else
        {
            _backend.Pool.Run(ref work);
        }
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private static T* Alloc<T>(long count)
        where T : unmanaged
    {
        nuint bytes = (nuint)Math.Max(1, count) * (nuint)sizeof(T);
        var p = (T*)NativeMemory.AlignedAlloc(bytes, 64);
        NativeMemory.Clear(p, bytes);
        return p;
    }

    private static float* Ptr(DeviceBuffer<float> buffer) => ((CpuBuffer<float>)buffer).Pointer;

    private void Free()
    {
        if (_scratch[0] == null)
        {
            return;
        }

        NativeMemory.AlignedFree(_packed);
        NativeMemory.AlignedFree(_partials);
        NativeMemory.AlignedFree(_lossPartials);
        NativeMemory.AlignedFree(_chunkSquares);
        for (int w = 0; w < _scratch.Length; w++)
        {
            NativeMemory.AlignedFree(_scratch[w]);
            _scratch[w] = null;
        }
    }

    private void Gemm(ref GemmProblem g, int slot)
    {
        if (_backend.Uses512)
        {
            PackedGemm.Execute<Kernel512>(ref g, 0, 1, slot, _backend.Workspace, null);
        }
        else
        {
            PackedGemm.Execute<Kernel256>(ref g, 0, 1, slot, _backend.Workspace, null);
        }
    }

    /// <summary>Packs model s's weights (panels shared out among parts) for both products of every layer.</summary>
    private void PackWeights(int s, float* parameters, int part, int parts)
    {
        float* packed = _packed + (s * _packedSize);
        float* w = parameters + (s * _p);
        for (int l = 0; l < _shape.Layers; l++)
        {
            int inW = _shape.Widths[l], outW = _shape.Widths[l + 1];
            if (PackedGemm.UsesPackedB(GemmLayout.ABt, _rowBlock, outW, inW))
            {
                var g = new GemmProblem { Layout = GemmLayout.ABt, M = _rowBlock, N = outW, K = inW, B = w + _shape.WeightOffset(l) };
                Pack(ref g, packed + _fwdOffset[l], part, parts);
            }

            if (l > 0 && PackedGemm.UsesPackedB(GemmLayout.AB, _rowBlock, inW, outW))
            {
                var g = new GemmProblem { Layout = GemmLayout.AB, M = _rowBlock, N = inW, K = outW, B = w + _shape.WeightOffset(l) };
                Pack(ref g, packed + _bwdOffset[l], part, parts);
            }
        }
    }

    private void Pack(ref GemmProblem g, float* dst, int part, int parts)
    {
        if (_backend.Uses512)
        {
            PackedGemm.PackWhole<Kernel512>(ref g, dst, part, parts);
        }
        else
        {
            PackedGemm.PackWhole<Kernel256>(ref g, dst, part, parts);
        }
    }

    /// <summary>Forward, loss and backward of one group of model s's batch rows, into that group's gradient partial.</summary>
    private void ProcessGroup(ref StepWork work, int s, int group, int slot, int step)
    {
        int rows0 = (int)((long)_batch * group / Groups), rows1 = (int)((long)_batch * (group + 1) / Groups);
        float* partial = _partials + (((long)s * Groups) + group) * _p;
        double* lossPartial = _lossPartials + (s * Groups) + group;
        *lossPartial = 0;
        if (rows0 >= rows1)
        {
            new Span<float>(partial, (int)_p).Clear();
            return;
        }

        float* scratch = _scratch[slot];
        float* x = scratch + _actOffset[0];
        float* y = scratch + _actOffset[1];
        float* w = work.Parameters + (s * _p);
        float* packed = _packed + (s * _packedSize);
        int layers = _shape.Layers, inputs = _shape.Inputs, outputs = _shape.Outputs;
        ulong seed = work.Seeds[2 * s] | ((ulong)work.Seeds[(2 * s) + 1] << 32);
        float* xTrain = work.XTrain + ((long)s * _trainRows * inputs);
        float* yTrain = work.YTrain + ((long)s * _trainRows * _targets);
        int* picked = stackalloc int[_rowBlock];
        for (int r0 = rows0; r0 < rows1; r0 += _rowBlock)
        {
            int rb = Math.Min(_rowBlock, rows1 - r0);
            bool first = r0 == rows0;

            // The block's rows: from the explicit batch, or gathered from the model's shuffled training set.
            if (work.FromBatch)
            {
                long row = ((long)s * _batch) + r0;
                PackedGemm.Copy(work.XBatch + (row * inputs), x, rb * inputs);
                PackedGemm.Copy(work.YBatch + (row * _targets), y, rb * _targets);
            }
            else
            {
                CounterShuffle.SampleRows(seed, ((long)step * _batch) + r0, _trainRows, new Span<int>(picked, rb));
                RowGather.Copy(xTrain, inputs, yTrain, _targets, picked, rb, x, y);
            }

            // Forward: bias and activation fused into each product.
            for (int l = 0; l < layers; l++)
            {
                int inW = _shape.Widths[l], outW = _shape.Widths[l + 1];
                ActivationKind act = _shape.ActivationAfter(l);
                var g = new GemmProblem
                {
                    Layout = GemmLayout.ABt,
                    M = rb,
                    N = outW,
                    K = inW,
                    Alpha = 1f,
                    A = l == 0 ? x : H(scratch, l - 1),
                    B = w + _shape.WeightOffset(l),
                    C = Z(scratch, l),
                    Bias = w + _shape.BiasOffset(l),
                    H = act == ActivationKind.Identity ? null : H(scratch, l),
                    Activation = act,
                    PackedB = PackedGemm.UsesPackedB(GemmLayout.ABt, rb, outW, inW) ? packed + _fwdOffset[l] : null,
                };
                Gemm(ref g, slot);
            }

            *lossPartial += LossAndGradient(Z(scratch, layers - 1), y, GradZ(scratch, layers - 1), rb, outputs);

            // Backward: weight gradients accumulate over the group's blocks; act′ fused into dZ·W.
            for (int l = layers - 1; l >= 0; l--)
            {
                int inW = _shape.Widths[l], outW = _shape.Widths[l + 1];
                float* gz = GradZ(scratch, l);
                float* input = l == 0 ? x : H(scratch, l - 1);
                var dw = new GemmProblem
                {
                    Layout = GemmLayout.AtB,
                    M = outW,
                    N = inW,
                    K = rb,
                    Alpha = 1f,
                    Beta = first ? 0f : 1f,
                    A = gz,
                    B = input,
                    C = partial + _shape.WeightOffset(l),
                };
                Gemm(ref dw, slot);
                CpuColumnSums.Add(gz, rb, outW, partial + _shape.BiasOffset(l), overwrite: first);
                if (l > 0)
                {
                    var dx = new GemmProblem
                    {
                        Layout = GemmLayout.AB,
                        M = rb,
                        N = inW,
                        K = outW,
                        Alpha = 1f,
                        A = gz,
                        B = w + _shape.WeightOffset(l),
                        C = GradZ(scratch, l - 1),
                        Aux = Z(scratch, l - 1),
                        AuxActivation = _shape.Activation,
                        PackedB = PackedGemm.UsesPackedB(GemmLayout.AB, rb, inW, outW) ? packed + _bwdOffset[l] : null,
                    };
                    Gemm(ref dx, slot);
                }
            }
        }
    }

    /// <summary>The block's loss sum, and its gradient scaled for the mean over the whole batch.</summary>
    private double LossAndGradient(float* z, float* y, float* grad, int rows, int outputs) => _loss == LossKind.MeanSquaredError
        ? CpuLosses.SquaredError(z, y, grad, (long)rows * outputs, 2f / ((float)_batch * outputs))
        : CpuLosses.SoftmaxCrossEntropy(z, y, grad, rows, outputs, 1f / _batch);

    /// <summary>Sums the group partials (in group order) into the gradients for chunks [c0, c1), with each chunk's sum of squares.</summary>
    private void ReduceChunks(ref StepWork work, int s, int c0, int c1)
    {
        float* grad = work.Gradients + (s * _p);
        float* p0 = _partials + (((long)s * Groups) * _p);
        int w = Vector<float>.Count;
        for (int c = c0; c < c1; c++)
        {
            long i0 = (long)c * ChunkSize, i1 = Math.Min(_p, i0 + ChunkSize);
            double squares = 0;
            long i = i0;
            for (; i + w <= i1; i += w)
            {
                Vector<float> sum = Vector.Load(p0 + i);
                for (int gidx = 1; gidx < Groups; gidx++)
                {
                    sum += Vector.Load(p0 + (gidx * _p) + i);
                }

                Vector.Store(sum, grad + i);
                squares += Vector.Dot(sum, sum);
            }

            for (; i < i1; i++)
            {
                float sum = p0[i];
                for (int gidx = 1; gidx < Groups; gidx++)
                {
                    sum += p0[(gidx * _p) + i];
                }

                grad[i] = sum;
                squares += (double)sum * sum;
            }

            _chunkSquares[((long)s * _chunks) + c] = squares;
        }
    }

    private void Update(ref StepWork work, int s, int c0, int c1, int step)
    {
        if (c0 >= c1)
        {
            return;
        }

        double total = 0;
        for (int c = 0; c < _chunks; c++)
        {
            total += _chunkSquares[((long)s * _chunks) + c];
        }

        long offset = s * _p;
        CpuOptimizers.Step(
            _optimizer,
            work.Parameters + offset,
            work.Gradients + offset,
            work.State1 + offset,
            work.State2 + offset,
            work.Settings + (s * OptimizerSettings.Stride),
            (float)total,
            work.Clip,
            step,
            (long)c0 * ChunkSize,
            Math.Min(_p, (long)c1 * ChunkSize));
    }

    private void WriteLoss(ref StepWork work, int s)
    {
        double sum = 0;
        for (int gidx = 0; gidx < Groups; gidx++)
        {
            sum += _lossPartials[(s * Groups) + gidx];
        }

        double count = _loss == LossKind.MeanSquaredError ? (double)_batch * _shape.Outputs : _batch;
        work.Loss[s] = (float)(sum / count);
    }

    private float* Z(float* scratch, int layer) => scratch + _actOffset[2 + (3 * layer)];

    private float* H(float* scratch, int layer) => scratch + _actOffset[2 + (3 * layer) + 1];

    private float* GradZ(float* scratch, int layer) => scratch + _actOffset[2 + (3 * layer) + 2];

    private struct StepWork : IParallelWork
    {
        public CpuMlpStep Owner;
        public int FirstStep;
        public int Count;
        public bool FromBatch;
        public bool BySlice;
        public bool Clip;
        public float* Parameters;
        public float* Gradients;
        public float* State1;
        public float* State2;
        public float* Settings;
        public float* Loss;
        public uint* Seeds;
        public float* XTrain;
        public float* YTrain;
        public float* XBatch;
        public float* YBatch;

        public void Execute(int worker, int workers)
        {
            CpuMlpStep o = Owner;
            int end = FirstStep + Count;
            if (BySlice)
            {
                // Each model runs through every step of the call before the next model starts: the models are
                // independent, and a model's training set stays in cache from one epoch to the next.
                (int s0, int s1) = PackedGemm.Split(o._models, worker, workers, 1);
                for (int s = s0; s < s1; s++)
                {
                    for (int step = FirstStep; step < end; step++)
                    {
                        o.PackWeights(s, Parameters, 0, 1);
                        for (int group = 0; group < Groups; group++)
                        {
                            o.ProcessGroup(ref this, s, group, worker, step);
                        }

                        o.ReduceChunks(ref this, s, 0, o._chunks);
                        o.Update(ref this, s, 0, o._chunks, step);
                        o.WriteLoss(ref this, s);
                    }
                }

                return;
            }

            SpinPool pool = o._backend.Pool;
            for (int step = FirstStep; step < end; step++)
            {
                if (step > FirstStep)
                {
                    // The next step packs weights that both workers have just updated.
                    pool.Barrier();
                }

                for (int s = 0; s < o._models; s++)
                {
                    o.PackWeights(s, Parameters, worker, workers);
                    pool.Barrier();
                    for (int group = worker; group < Groups; group += workers)
                    {
                        o.ProcessGroup(ref this, s, group, worker, step);
                    }

                    pool.Barrier();
                    (int c0, int c1) = PackedGemm.Split(o._chunks, worker, workers, 1);
                    o.ReduceChunks(ref this, s, c0, c1);
                    if (Clip)
                    {
                        pool.Barrier();
                    }

                    o.Update(ref this, s, c0, c1, step);
                    if (worker == 0)
                    {
                        o.WriteLoss(ref this, s);
                    }
                }
            }
        }
    }
}
