namespace Sweep.Kernels.Accelerators;

// Kernel parameter blocks: unmanaged structs passed by value (ILGPU kernels take at most 15 parameters).
// Offsets are element offsets of slice 0; strides are elements between slices.
#pragma warning disable CA1051 // kernel argument blocks are plain data

/// <summary>A batched matrix product with its fused epilogue. A(i,p) = a[AOff + s·AStride + i·ARow + p·ACol]; B(p,j) likewise.</summary>
internal struct GemmArgs
{
    public int M;
    public int N;
    public int K;
    public float Alpha;
    public float Beta;
    public int AOff;
    public int AStride;
    public int ARow;
    public int ACol;
    public int BOff;
    public int BStride;
    public int BRow;
    public int BCol;
    public int COff;
    public int CStride;
    public int BiasOff;
    public int BiasStride;
    public int HasBias;
    public int HOff;
    public int HStride;
    public int HasH;
    public int Activation;
    public int AuxOff;
    public int AuxStride;
    public int HasAux;
    public int AuxActivation;
}

/// <summary>An element-wise kernel over count·length elements: operands x, y and the output o.</summary>
internal struct ElementArgs
{
    public int Length;
    public int Cols;
    public int Activation;
    public float Alpha;
    public float Beta;
    public int XOff;
    public int XStride;
    public int YOff;
    public int YStride;
    public int OOff;
    public int OStride;
}

/// <summary>A per-slice reduction or loss: one group per slice.</summary>
internal struct ReduceArgs
{
    public int Kind;
    public int Rows;
    public int Cols;
    public int Length;
    public int XOff;
    public int XStride;
    public int YOff;
    public int YStride;
    public int GOff;
    public int GStride;
    public int HasGrad;
}

/// <summary>A fused optimiser update.</summary>
internal struct OptimizerArgs
{
    public int Kind;
    public int Length;
    public int Step;
    public int HasClip;
    public int WOff;
    public int WStride;
    public int GOff;
    public int GStride;
    public int MOff;
    public int MStride;
    public int VOff;
    public int VStride;
}

/// <summary>A Philox fill.</summary>
internal struct RandomArgs
{
    public int Offset;
    public ulong Seed;
    public uint Stream;
    public ulong Start;
    public int Normal;
    public float A;
    public float B;
}

/// <summary>A minibatch gather.</summary>
internal struct GatherArgs
{
    public int Rows;
    public int TrainRows;
    public int Inputs;
    public int Targets;
    public long FirstSample;
    public int XsOff;
    public int XsStride;
    public int YsOff;
    public int YsStride;
    public int XbOff;
    public int XbStride;
    public int YbOff;
    public int YbStride;
}
#pragma warning restore CA1051
