using ILGPU;
using ILGPU.Runtime;
using V = ILGPU.Runtime.ArrayView1D<float, ILGPU.Stride1D.Dense>;
using U = ILGPU.Runtime.ArrayView1D<uint, ILGPU.Stride1D.Dense>;

namespace Sweep.Kernels.Accelerators;

/// <summary>
/// The kernels of one accelerator, each compiled on first use and kept for the accelerator's lifetime (ILGPU's
/// compile step costs tens to hundreds of milliseconds per kernel; a launch costs microseconds).
/// </summary>
internal sealed class IlgpuKernelCache(Accelerator accelerator)
{
    private Action<Index3D, V, V, V, V, V, V, GemmArgs>? _gemmNaive;
    private Action<KernelConfig, V, V, V, V, V, V, GemmArgs>? _gemmTiled;
    private Action<Index1D, V, V, V, ElementArgs>? _addBias;
    private Action<Index1D, V, V, ElementArgs>? _activate;
    private Action<Index1D, V, V, V, ElementArgs>? _activationBackward;
    private Action<Index1D, V, V, ElementArgs>? _axpy;
    private Action<Index1D, V, ElementArgs>? _scale;
    private Action<Index1D, V, V, V, ElementArgs>? _attack;
    private Action<Index1D, V, V, V, ElementArgs>? _attackL2;
    private Action<Index1D, V, V, ElementArgs>? _columnSums;
    private Action<KernelConfig, V, V, ReduceArgs>? _reduce;
    private Action<KernelConfig, V, V, V, V, ReduceArgs>? _loss;
    private Action<Index1D, V, V, V, OptimizerArgs>? _optimizerScalars;
    private Action<Index1D, V, V, V, V, V, V, OptimizerArgs>? _optimizerUpdate;
    private Action<Index1D, V, RandomArgs>? _fill;
    private Action<Index1D, U, RandomArgs>? _bits;
    private Action<Index2D, V, V, V, V, U, GatherArgs>? _gather;

    public Action<Index3D, V, V, V, V, V, V, GemmArgs> GemmNaive
        => _gemmNaive ??= accelerator.LoadAutoGroupedStreamKernel<Index3D, V, V, V, V, V, V, GemmArgs>(GemmKernels.Naive);

    public Action<KernelConfig, V, V, V, V, V, V, GemmArgs> GemmTiled
        => _gemmTiled ??= accelerator.LoadStreamKernel<V, V, V, V, V, V, GemmArgs>(GemmKernels.Tiled);

    public Action<Index1D, V, V, V, ElementArgs> AddBias
        => _addBias ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, V, V, V, ElementArgs>(ElementKernels.AddBias);

    public Action<Index1D, V, V, ElementArgs> Activate
        => _activate ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, V, V, ElementArgs>(ElementKernels.Activate);

    public Action<Index1D, V, V, V, ElementArgs> ActivationBackward
        => _activationBackward ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, V, V, V, ElementArgs>(ElementKernels.ActivationBackward);

    public Action<Index1D, V, V, ElementArgs> Axpy
        => _axpy ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, V, V, ElementArgs>(ElementKernels.Axpy);

    public Action<Index1D, V, ElementArgs> Scale
        => _scale ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, V, ElementArgs>(ElementKernels.Scale);

    public Action<Index1D, V, V, V, ElementArgs> Attack
        => _attack ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, V, V, V, ElementArgs>(ElementKernels.Attack);

    public Action<Index1D, V, V, V, ElementArgs> AttackL2
        => _attackL2 ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, V, V, V, ElementArgs>(ElementKernels.AttackL2);

    public Action<Index1D, V, V, ElementArgs> ColumnSums
        => _columnSums ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, V, V, ElementArgs>(ElementKernels.ColumnSums);

    public Action<KernelConfig, V, V, ReduceArgs> Reduce
        => _reduce ??= accelerator.LoadStreamKernel<V, V, ReduceArgs>(ReductionKernels.Reduce);

    public Action<KernelConfig, V, V, V, V, ReduceArgs> Loss
        => _loss ??= accelerator.LoadStreamKernel<V, V, V, V, ReduceArgs>(ReductionKernels.Loss);

    public Action<Index1D, V, V, V, OptimizerArgs> OptimizerScalars
        => _optimizerScalars ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, V, V, V, OptimizerArgs>(OptimizerKernels.Scalars);

    public Action<Index1D, V, V, V, V, V, V, OptimizerArgs> OptimizerUpdate
        => _optimizerUpdate ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, V, V, V, V, V, V, OptimizerArgs>(OptimizerKernels.Update);

    public Action<Index1D, V, RandomArgs> Fill
        => _fill ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, V, RandomArgs>(RandomKernels.Fill);

    public Action<Index1D, U, RandomArgs> Bits
        => _bits ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, U, RandomArgs>(RandomKernels.Bits);

    public Action<Index2D, V, V, V, V, U, GatherArgs> Gather
        => _gather ??= accelerator.LoadAutoGroupedStreamKernel<Index2D, V, V, V, V, U, GatherArgs>(RandomKernels.Gather);
}
