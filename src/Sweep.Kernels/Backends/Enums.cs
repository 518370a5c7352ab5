namespace Sweep.Kernels;

/// <summary>Which compute backend runs a trial's kernels.</summary>
public enum BackendKind
{
    /// <summary>The best available: a CUDA device, then an OpenCL GPU, then <see cref="Cpu"/>.</summary>
    Auto = 0,

    /// <summary>Managed SIMD on the CPU (Vector512 or Vector256 with FMA): the fast CPU path.</summary>
    Cpu = 1,

    /// <summary>ILGPU's CPU accelerator: a slow simulator, the reference every kernel is checked on.</summary>
    IlgpuCpu = 2,

    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend.</summary>
    Cuda = 3,

    /// <summary>An OpenCL device through ILGPU's OpenCL backend.</summary>
    OpenCL = 4,
}

/// <summary>The three matrix-product layouts training needs; every matrix is dense and row-major.</summary>
public enum GemmLayout
{
    /// <summary><c>C[m×n] = A[m×k] · B[k×n]</c>.</summary>
    AB = 0,

    /// <summary><c>C[m×n] = A[m×k] · B[n×k]ᵀ</c> (a dense layer's forward pass, weights stored out×in).</summary>
    ABt = 1,

    /// <summary><c>C[m×n] = A[k×m]ᵀ · B[k×n]</c> (a dense layer's weight gradient).</summary>
    AtB = 2,
}

/// <summary>An element-wise activation.</summary>
public enum ActivationKind
{
    /// <summary>The identity (output layers).</summary>
    Identity = 0,

    /// <summary><c>max(0, x)</c>.</summary>
    Relu = 1,

    /// <summary>The tanh approximation of GELU: <c>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))</c>.</summary>
    Gelu = 2,

    /// <summary><c>tanh(x)</c>.</summary>
    Tanh = 3,
}

/// <summary>A training loss; both are means over the minibatch.</summary>
public enum LossKind
{
    /// <summary>Mean squared error over every output of every row (PyTorch's <c>MSELoss</c>).</summary>
    MeanSquaredError = 0,

    /// <summary>Softmax cross-entropy with integer class labels stored as floats, stable log-sum-exp.</summary>
    SoftmaxCrossEntropy = 1,
}

/// <summary>A first-order optimiser.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with heavy-ball momentum (PyTorch's form, no dampening); weight decay is an L2 term in the gradient.</summary>
    Sgd = 0,

    /// <summary>Adam; weight decay is an L2 term in the gradient.</summary>
    Adam = 1,

    /// <summary>AdamW: Adam with decoupled weight decay.</summary>
    AdamW = 2,
}

/// <summary>A learning-rate schedule.</summary>
public enum ScheduleKind
{
    /// <summary>The same rate every step.</summary>
    Constant = 0,

    /// <summary>Linear warm-up, then cosine decay towards zero at the last step.</summary>
    WarmupCosine = 1,
}

/// <summary>Which GEMM micro-kernel the <c>cpu</c> backend uses.</summary>
public enum SimdWidth
{
    /// <summary>Vector512 where the hardware accelerates it, else Vector256.</summary>
    Auto = 0,

    /// <summary>The 6×16 Vector256 micro-kernel.</summary>
    Vector256 = 1,

    /// <summary>The 8×32 Vector512 micro-kernel.</summary>
    Vector512 = 2,
}
