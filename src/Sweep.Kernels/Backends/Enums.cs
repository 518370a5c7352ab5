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

/// <summary>The norm of an attack's ball.</summary>
public enum AttackNormKind
{
    /// <summary>L∞: signed-gradient steps, then a clip to x₀ ± ε (the backend's <c>AttackStep</c> kernel).</summary>
    LInfinity = 0,

    /// <summary>L2: steps along the gradient normalised per row, then a projection onto ‖x − x₀‖₂ ≤ ε (on the host).</summary>
    L2 = 1,
}

/// <summary>
/// What a training step does to its minibatch before the weight update: Gaussian input noise of
/// <paramref name="NoiseSigma"/> (0 for none), then <paramref name="Steps"/> attack steps on the model's own loss (0 for
/// none) within a ball of radius <paramref name="Epsilon"/>.
/// </summary>
/// <param name="NoiseSigma">Augmentation noise standard deviation.</param>
/// <param name="Norm">The attack's norm.</param>
/// <param name="Epsilon">The attack's radius.</param>
/// <param name="Steps">Attack steps.</param>
/// <param name="StepSize">Attack step size.</param>
public readonly record struct TrainingPerturbation(float NoiseSigma, AttackNormKind Norm, float Epsilon, int Steps, float StepSize);
