namespace Sweep.Kernels;

/// <summary>
/// One kernel contract, several backends: <c>cpu</c> (managed SIMD), <c>ilgpu-cpu</c> (ILGPU's CPU simulator,
/// the reference), <c>cuda</c> and <c>opencl</c>. Every kernel works on a batch of <c>count</c> equally shaped
/// slices (one model per slice), so K trials of the same shape train in one pass. Matrices are dense and
/// row-major inside each slice. A backend is used by one thread at a time; create one per concurrent trial lane.
/// </summary>
/// <example>
/// <code>
/// using ComputeBackend backend = ComputeBackends.Create(BackendKind.Auto);
/// Console.WriteLine(backend.Describe());
/// using var a = backend.Upload&lt;float&gt;(aData);
/// using var b = backend.Upload&lt;float&gt;(bData);
/// using var c = backend.Allocate&lt;float&gt;(m * n);
/// backend.Gemm(GemmLayout.AB, count: 1, m, n, k, 1f, a, b, 0f, c);
/// </code>
/// </example>
public abstract class ComputeBackend : IDisposable
{
    /// <summary>The backend's name as the CLI spells it: <c>cpu</c>, <c>ilgpu-cpu</c>, <c>cuda</c> or <c>opencl</c>.</summary>
    public string Name => ComputeBackends.NameOf(Kind);

    /// <summary>The backend's kind (never <see cref="BackendKind.Auto"/>).</summary>
    public abstract BackendKind Kind { get; }

    /// <summary>The device this backend runs on.</summary>
    public abstract DeviceInfo Device { get; }

    /// <summary>Why <see cref="BackendKind.Auto"/> chose this backend, when it did; null when it was asked for by name.</summary>
    public string? SelectionReason { get; internal set; }

    /// <summary>Whether <see cref="Dispose()"/> has run.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>A one-line description: backend, device, vector width or memory, threads, and why auto chose it.</summary>
    /// <returns>The description.</returns>
    public string Describe()
        => SelectionReason is null ? $"{Name}: {Device.Description}" : $"{Name} ({SelectionReason}): {Device.Description}";

    /// <summary>Allocates an uninitialised buffer.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="length">Elements.</param>
    /// <returns>The buffer; the caller disposes it.</returns>
    public abstract DeviceBuffer<T> Allocate<T>(long length)
        where T : unmanaged;

    /// <summary>Allocates a buffer holding a copy of <paramref name="data"/>.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="data">The data.</param>
    /// <returns>The buffer; the caller disposes it.</returns>
    public DeviceBuffer<T> Upload<T>(ReadOnlySpan<T> data)
        where T : unmanaged
    {
        DeviceBuffer<T> buffer = Allocate<T>(data.Length);
        buffer.CopyFrom(data);
        return buffer;
    }

    /// <summary>Waits until every kernel launched so far has finished.</summary>
    public abstract void Synchronize();

    /// <summary>
    /// <c>C = α·op(A)·op(B) + β·C</c> for each slice, in the given layout. With β = 0, C is not read (it may hold
    /// garbage, even NaN).
    /// </summary>
    /// <param name="layout">Which operands are transposed.</param>
    /// <param name="count">Slices.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A: m×k (k×m for <see cref="GemmLayout.AtB"/>) per slice.</param>
    /// <param name="b">B: k×n (n×k for <see cref="GemmLayout.ABt"/>) per slice.</param>
    /// <param name="beta">Scale of the old C.</param>
    /// <param name="c">C: m×n per slice.</param>
    public void Gemm(GemmLayout layout, int count, int m, int n, int k, float alpha, BatchView a, BatchView b, float beta, BatchView c)
    {
        CheckShape(count, m, n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        a.Require(count, (long)m * k, nameof(a));
        b.Require(count, (long)k * n, nameof(b));
        c.Require(count, (long)m * n, nameof(c));
        if (m == 0 || n == 0)
        {
            return;
        }

        GemmCore(layout, count, m, n, k, alpha, a, b, beta, c);
    }

    /// <summary><c>y[r, j] = x[r, j] + bias[j]</c> for each slice; y may be x.</summary>
    /// <param name="count">Slices.</param>
    /// <param name="rows">Rows per slice.</param>
    /// <param name="cols">Columns per slice (the bias length).</param>
    /// <param name="x">Input.</param>
    /// <param name="bias">Bias per slice.</param>
    /// <param name="y">Output.</param>
    public void AddBias(int count, int rows, int cols, BatchView x, BatchView bias, BatchView y)
    {
        CheckShape(count, rows, cols);
        x.Require(count, (long)rows * cols, nameof(x));
        bias.Require(count, cols, nameof(bias));
        y.Require(count, (long)rows * cols, nameof(y));
        AddBiasCore(count, rows, cols, x, bias, y);
    }

    /// <summary><c>y = act(x)</c> element-wise; y may be x.</summary>
    /// <param name="activation">The activation.</param>
    /// <param name="count">Slices.</param>
    /// <param name="length">Elements per slice.</param>
    /// <param name="x">Input.</param>
    /// <param name="y">Output.</param>
    public void Activate(ActivationKind activation, int count, long length, BatchView x, BatchView y)
    {
        CheckLength(count, length);
        x.Require(count, length, nameof(x));
        y.Require(count, length, nameof(y));
        ActivateCore(activation, count, length, x, y);
    }

    /// <summary><c>gradInput = gradOutput ⊙ act′(z)</c> element-wise, z the pre-activation; gradInput may be gradOutput.</summary>
    /// <param name="activation">The activation.</param>
    /// <param name="count">Slices.</param>
    /// <param name="length">Elements per slice.</param>
    /// <param name="z">Pre-activation values.</param>
    /// <param name="gradOutput">Gradient with respect to the activation's output.</param>
    /// <param name="gradInput">Gradient with respect to z.</param>
    public void ActivationBackward(ActivationKind activation, int count, long length, BatchView z, BatchView gradOutput, BatchView gradInput)
    {
        CheckLength(count, length);
        z.Require(count, length, nameof(z));
        gradOutput.Require(count, length, nameof(gradOutput));
        gradInput.Require(count, length, nameof(gradInput));
        ActivationBackwardCore(activation, count, length, z, gradOutput, gradInput);
    }

    /// <summary><c>y += α·x</c> element-wise (an L2 penalty's gradient is <c>Axpy(λ, w, grad)</c>).</summary>
    /// <param name="count">Slices.</param>
    /// <param name="length">Elements per slice.</param>
    /// <param name="alpha">The scale.</param>
    /// <param name="x">Input.</param>
    /// <param name="y">Accumulator.</param>
    public void Axpy(int count, long length, float alpha, BatchView x, BatchView y)
    {
        CheckLength(count, length);
        x.Require(count, length, nameof(x));
        y.Require(count, length, nameof(y));
        AxpyCore(count, length, alpha, x, y);
    }

    /// <summary><c>x *= α</c> element-wise.</summary>
    /// <param name="count">Slices.</param>
    /// <param name="length">Elements per slice.</param>
    /// <param name="alpha">The scale.</param>
    /// <param name="x">The data.</param>
    public void Scale(int count, long length, float alpha, BatchView x)
    {
        CheckLength(count, length);
        x.Require(count, length, nameof(x));
        ScaleCore(count, length, alpha, x);
    }

    /// <summary>Per-slice sum: <c>result[s] = Σ x</c>, accumulated in a fixed order (deterministic).</summary>
    /// <param name="count">Slices.</param>
    /// <param name="length">Elements per slice.</param>
    /// <param name="x">Input.</param>
    /// <param name="result">One value per slice.</param>
    public void Sum(int count, long length, BatchView x, DeviceBuffer<float> result)
    {
        CheckLength(count, length);
        x.Require(count, length, nameof(x));
        new BatchView(result, 0, 1).Require(count, 1, nameof(result));
        ReduceCore(squares: false, count, length, x, result);
    }

    /// <summary>Per-slice sum of squares <c>result[s] = Σ x²</c> (squared gradient norms, L2 penalties).</summary>
    /// <param name="count">Slices.</param>
    /// <param name="length">Elements per slice.</param>
    /// <param name="x">Input.</param>
    /// <param name="result">One value per slice.</param>
    public void SumOfSquares(int count, long length, BatchView x, DeviceBuffer<float> result)
    {
        CheckLength(count, length);
        x.Require(count, length, nameof(x));
        new BatchView(result, 0, 1).Require(count, 1, nameof(result));
        ReduceCore(squares: true, count, length, x, result);
    }

    /// <summary>Per-slice column sums: <c>result[j] = Σ_r x[r, j]</c> (a bias gradient).</summary>
    /// <param name="count">Slices.</param>
    /// <param name="rows">Rows per slice.</param>
    /// <param name="cols">Columns per slice.</param>
    /// <param name="x">Input.</param>
    /// <param name="result">cols values per slice.</param>
    public void ColumnSums(int count, int rows, int cols, BatchView x, BatchView result)
    {
        CheckShape(count, rows, cols);
        x.Require(count, (long)rows * cols, nameof(x));
        result.Require(count, cols, nameof(result));
        ColumnSumsCore(count, rows, cols, x, result);
    }

    /// <summary>
    /// A loss over each slice's minibatch and, unless <paramref name="gradient"/> is empty, its gradient with respect
    /// to the predictions. MSE: <c>mean((p−t)²)</c> over rows·cols, gradient <c>2(p−t)/(rows·cols)</c>. Softmax
    /// cross-entropy: <c>mean_r(logsumexp(p_r) − p_r[t_r])</c> with the label <c>t_r</c> stored as a float,
    /// gradient <c>(softmax(p_r) − onehot(t_r))/rows</c>.
    /// </summary>
    /// <param name="kind">The loss.</param>
    /// <param name="count">Slices.</param>
    /// <param name="rows">Rows per slice.</param>
    /// <param name="cols">Outputs per row (classes for cross-entropy).</param>
    /// <param name="predictions">rows×cols per slice.</param>
    /// <param name="targets">rows×cols (MSE) or rows labels (cross-entropy) per slice.</param>
    /// <param name="gradient">rows×cols per slice, or empty.</param>
    /// <param name="loss">One mean loss per slice.</param>
    public void Loss(LossKind kind, int count, int rows, int cols, BatchView predictions, BatchView targets, BatchView gradient, DeviceBuffer<float> loss)
    {
        CheckShape(count, rows, cols);
        predictions.Require(count, (long)rows * cols, nameof(predictions));
        targets.Require(count, kind == LossKind.MeanSquaredError ? (long)rows * cols : rows, nameof(targets));
        if (!gradient.IsEmpty)
        {
            gradient.Require(count, (long)rows * cols, nameof(gradient));
        }

        new BatchView(loss, 0, 1).Require(count, 1, nameof(loss));
        LossCore(kind, count, rows, cols, predictions, targets, gradient, loss);
    }

    /// <summary>
    /// One fused optimiser step on each slice's parameters: gradient clipping by the global norm (when
    /// <paramref name="gradSumSquares"/> is given and the slice's <see cref="OptimizerSettings.ClipNorm"/> &gt; 0),
    /// the L2 term or decoupled decay, the scheduled learning rate for 0-based <paramref name="step"/>, and the update.
    /// SGD keeps its momentum in <paramref name="state1"/>; Adam and AdamW keep their moments in both states.
    /// </summary>
    /// <param name="kind">The optimiser.</param>
    /// <param name="count">Slices (models).</param>
    /// <param name="length">Parameters per model.</param>
    /// <param name="parameters">Parameters, updated in place.</param>
    /// <param name="gradients">Gradients (not modified).</param>
    /// <param name="state1">Momentum or first moment, zero before the first step.</param>
    /// <param name="state2">Second moment (Adam, AdamW), zero before the first step; empty for SGD.</param>
    /// <param name="settings">Per-model settings packed by <see cref="OptimizerSettings.Pack"/>.</param>
    /// <param name="gradSumSquares">Per-model squared gradient norms from <see cref="SumOfSquares"/>, or null for no clipping.</param>
    /// <param name="step">0-based step (bias correction uses step + 1).</param>
    public void OptimizerStep(
        OptimizerKind kind, int count, long length, BatchView parameters, BatchView gradients, BatchView state1, BatchView state2,
        DeviceBuffer<float> settings, DeviceBuffer<float>? gradSumSquares, int step)
    {
        CheckLength(count, length);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        parameters.Require(count, length, nameof(parameters));
        gradients.Require(count, length, nameof(gradients));
        state1.Require(count, length, nameof(state1));
        if (kind != OptimizerKind.Sgd)
        {
            state2.Require(count, length, nameof(state2));
        }

        new BatchView(settings, 0, OptimizerSettings.Stride).Require(count, OptimizerSettings.Stride, nameof(settings));
        if (gradSumSquares is not null)
        {
            new BatchView(gradSumSquares, 0, 1).Require(count, 1, nameof(gradSumSquares));
        }

        OptimizerStepCore(kind, count, length, parameters, gradients, state1, state2, settings, gradSumSquares, step);
    }

    /// <summary>Fills elements with uniform numbers in [low, high) from Philox stream (seed, stream), elements start…start+length−1.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="offset">First element written.</param>
    /// <param name="length">Elements.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="start">Stream index of the first element.</param>
    /// <param name="low">Lower bound.</param>
    /// <param name="high">Upper bound.</param>
    public void FillUniform(DeviceBuffer<float> destination, long offset, long length, ulong seed, uint stream, ulong start, float low = 0f, float high = 1f)
    {
        CheckLength(1, length);
        new BatchView(destination, offset).Require(1, length, nameof(destination));
        FillRandomCore(destination, offset, length, seed, stream, start, normal: false, low, high - low);
    }

    /// <summary>Fills elements with normals N(mean, std²) by Box-Muller from Philox stream (seed, stream); the same numbers as <see cref="Philox.Normal"/> to float rounding.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="offset">First element written.</param>
    /// <param name="length">Elements.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="start">Stream index of the first element.</param>
    /// <param name="mean">Mean.</param>
    /// <param name="std">Standard deviation.</param>
    public void FillNormal(DeviceBuffer<float> destination, long offset, long length, ulong seed, uint stream, ulong start, float mean = 0f, float std = 1f)
    {
        CheckLength(1, length);
        new BatchView(destination, offset).Require(1, length, nameof(destination));
        FillRandomCore(destination, offset, length, seed, stream, start, normal: true, mean, std);
    }

    /// <summary>Fills elements with raw Philox bits (identical on every backend).</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="offset">First element written.</param>
    /// <param name="length">Elements.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="start">Stream index of the first element.</param>
    public void RandomBits(DeviceBuffer<uint> destination, long offset, long length, ulong seed, uint stream, ulong start)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckLength(1, length);
        if (offset < 0 || offset + length > destination.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset));
        }

        RandomBitsCore(destination, offset, length, seed, stream, start);
    }

    /// <summary>
    /// Copies each slice's next minibatch out of its training set: row r of the batch is training row
    /// <c>CounterShuffle.SampleRow(seed_s, firstSample + r, trainRows)</c>, so every epoch is a fresh permutation.
    /// </summary>
    /// <param name="count">Slices.</param>
    /// <param name="rows">Batch rows.</param>
    /// <param name="trainRows">Training set rows per slice.</param>
    /// <param name="inputs">Input width.</param>
    /// <param name="targets">Target width (1 for class labels).</param>
    /// <param name="xSource">Training inputs, trainRows×inputs per slice.</param>
    /// <param name="ySource">Training targets, trainRows×targets per slice.</param>
    /// <param name="xBatch">Batch inputs, rows×inputs per slice.</param>
    /// <param name="yBatch">Batch targets, rows×targets per slice.</param>
    /// <param name="seeds">Per-slice 64-bit seeds as (low, high) uint pairs.</param>
    /// <param name="firstSample">Index of the batch's first sample in the stream of samples (step × rows).</param>
    public void GatherMinibatch(
        int count, int rows, int trainRows, int inputs, int targets, BatchView xSource, BatchView ySource, BatchView xBatch, BatchView yBatch,
        DeviceBuffer<uint> seeds, long firstSample)
    {
        CheckShape(count, rows, inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targets, 1);
        ArgumentNullException.ThrowIfNull(seeds);
        xSource.Require(count, (long)trainRows * inputs, nameof(xSource));
        ySource.Require(count, (long)trainRows * targets, nameof(ySource));
        xBatch.Require(count, (long)rows * inputs, nameof(xBatch));
        yBatch.Require(count, (long)rows * targets, nameof(yBatch));
        if (seeds.Length < 2L * count)
        {
            throw new ArgumentException("seeds needs two uints per slice.", nameof(seeds));
        }

        GatherMinibatchCore(count, rows, trainRows, inputs, targets, xSource, ySource, xBatch, yBatch, seeds, firstSample);
    }

    /// <summary>
    /// One step of an L∞ attack: <c>x = clip(x + step·sign(grad), origin − ε, origin + ε)</c> element-wise
    /// (FGSM is one step of size ε; PGD repeats it).
    /// </summary>
    /// <param name="count">Slices.</param>
    /// <param name="length">Elements per slice.</param>
    /// <param name="x">The adversarial input, updated in place.</param>
    /// <param name="origin">The clean input.</param>
    /// <param name="gradient">The loss gradient with respect to x.</param>
    /// <param name="stepSize">Step size.</param>
    /// <param name="epsilon">L∞ radius.</param>
    public void AttackStep(int count, long length, BatchView x, BatchView origin, BatchView gradient, float stepSize, float epsilon)
    {
        CheckLength(count, length);
        x.Require(count, length, nameof(x));
        origin.Require(count, length, nameof(origin));
        gradient.Require(count, length, nameof(gradient));
        AttackStepCore(count, length, x, origin, gradient, stepSize, epsilon);
    }

    /// <summary>
    /// One step of an L2 attack, per row of each slice: <c>x = origin + Π(x + step·g/‖g‖₂ − origin)</c>, where Π
    /// scales the move back onto the ball <c>‖δ‖₂ ≤ ε</c> when it leaves it; a row whose gradient is zero does not move
    /// (it is still projected). Both norms are summed over the row's columns in order, in float, on every backend.
    /// </summary>
    /// <param name="count">Slices.</param>
    /// <param name="rows">Rows per slice (one attacked input each).</param>
    /// <param name="cols">Columns per row (the input width).</param>
    /// <param name="x">The adversarial input, updated in place.</param>
    /// <param name="origin">The clean input.</param>
    /// <param name="gradient">The loss gradient with respect to x.</param>
    /// <param name="stepSize">Step length α in the L2 norm.</param>
    /// <param name="epsilon">L2 radius.</param>
    public void AttackStepL2(int count, int rows, int cols, BatchView x, BatchView origin, BatchView gradient, float stepSize, float epsilon)
    {
        CheckShape(count, rows, cols);
        long length = (long)rows * cols;
        x.Require(count, length, nameof(x));
        origin.Require(count, length, nameof(origin));
        gradient.Require(count, length, nameof(gradient));
        AttackStepL2Core(count, rows, cols, x, origin, gradient, stepSize, epsilon);
    }

    /// <summary>
    /// A batch of dense layers' forward pass: <c>z = x·Wᵀ + b</c>, <c>h = act(z)</c>, W stored outputs×inputs
    /// per slice. With <see cref="ActivationKind.Identity"/>, h may be empty (z is the output). The <c>cpu</c>
    /// backend fuses the bias and activation into the matrix product's sweep.
    /// </summary>
    /// <param name="shape">Slices, rows, input and output widths.</param>
    /// <param name="x">Inputs, rows×inputs per slice (stride 0 shares one input across slices).</param>
    /// <param name="weights">Weights, outputs×inputs per slice.</param>
    /// <param name="bias">Bias, outputs per slice.</param>
    /// <param name="activation">The activation.</param>
    /// <param name="z">Pre-activations, rows×outputs per slice.</param>
    /// <param name="h">Activations, rows×outputs per slice, or empty for the identity.</param>
    public void DenseForward(DenseShape shape, BatchView x, BatchView weights, BatchView bias, ActivationKind activation, BatchView z, BatchView h)
    {
        CheckShape(shape.Count, shape.Rows, shape.Outputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Inputs, 1);
        x.Require(shape.Count, (long)shape.Rows * shape.Inputs, nameof(x));
        weights.Require(shape.Count, (long)shape.Outputs * shape.Inputs, nameof(weights));
        bias.Require(shape.Count, shape.Outputs, nameof(bias));
        z.Require(shape.Count, (long)shape.Rows * shape.Outputs, nameof(z));
        if (h.IsEmpty && activation != ActivationKind.Identity)
        {
            throw new ArgumentException("an activation needs an output buffer h.", nameof(h));
        }

        if (!h.IsEmpty)
        {
            h.Require(shape.Count, (long)shape.Rows * shape.Outputs, nameof(h));
        }

        DenseForwardCore(shape, x, weights, bias, activation, z, h);
    }

    /// <summary>
    /// A batch of dense layers' backward pass, from <c>gradZ</c> (the gradient with respect to this layer's
    /// pre-activation): <c>gradWeights = gradZᵀ·x</c> and <c>gradBias = Σ_rows gradZ</c> (both overwritten; empty
    /// to skip), and <c>gradInput = (gradZ·W) ⊙ act′(inputPreActivation)</c>, the gradient with respect to the
    /// previous layer's pre-activation (empty to skip; with <see cref="ActivationKind.Identity"/> it is the
    /// gradient with respect to x). The <c>cpu</c> backend fuses act′ into the product's sweep.
    /// </summary>
    /// <param name="shape">Slices, rows, input and output widths.</param>
    /// <param name="gradZ">rows×outputs per slice.</param>
    /// <param name="x">This layer's input, rows×inputs per slice.</param>
    /// <param name="weights">outputs×inputs per slice.</param>
    /// <param name="gradWeights">outputs×inputs per slice, or empty.</param>
    /// <param name="gradBias">outputs per slice, or empty.</param>
    /// <param name="gradInput">rows×inputs per slice, or empty.</param>
    /// <param name="inputPreActivation">The previous layer's pre-activation (rows×inputs), or empty with the identity.</param>
    /// <param name="inputActivation">The previous layer's activation.</param>
    public void DenseBackward(
        DenseShape shape, BatchView gradZ, BatchView x, BatchView weights, BatchView gradWeights, BatchView gradBias, BatchView gradInput,
        BatchView inputPreActivation, ActivationKind inputActivation)
    {
        CheckShape(shape.Count, shape.Rows, shape.Outputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Inputs, 1);
        gradZ.Require(shape.Count, (long)shape.Rows * shape.Outputs, nameof(gradZ));
        if (!gradWeights.IsEmpty)
        {
            x.Require(shape.Count, (long)shape.Rows * shape.Inputs, nameof(x));
            gradWeights.Require(shape.Count, (long)shape.Outputs * shape.Inputs, nameof(gradWeights));
        }

        if (!gradBias.IsEmpty)
        {
            gradBias.Require(shape.Count, shape.Outputs, nameof(gradBias));
        }

        if (!gradInput.IsEmpty)
        {
            weights.Require(shape.Count, (long)shape.Outputs * shape.Inputs, nameof(weights));
            gradInput.Require(shape.Count, (long)shape.Rows * shape.Inputs, nameof(gradInput));
            if (inputActivation != ActivationKind.Identity)
            {
                inputPreActivation.Require(shape.Count, (long)shape.Rows * shape.Inputs, nameof(inputPreActivation));
            }
        }

        DenseBackwardCore(shape, gradZ, x, weights, gradWeights, gradBias, gradInput, inputPreActivation, inputActivation);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!IsDisposed)
        {
            IsDisposed = true;
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Releases the device and every cached kernel.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    private protected abstract void GemmCore(GemmLayout layout, int count, int m, int n, int k, float alpha, BatchView a, BatchView b, float beta, BatchView c);

    private protected abstract void AddBiasCore(int count, int rows, int cols, BatchView x, BatchView bias, BatchView y);

    private protected abstract void ActivateCore(ActivationKind activation, int count, long length, BatchView x, BatchView y);

    private protected abstract void ActivationBackwardCore(ActivationKind activation, int count, long length, BatchView z, BatchView gradOutput, BatchView gradInput);

    private protected abstract void AxpyCore(int count, long length, float alpha, BatchView x, BatchView y);

    private protected abstract void ScaleCore(int count, long length, float alpha, BatchView x);

    private protected abstract void ReduceCore(bool squares, int count, long length, BatchView x, DeviceBuffer<float> result);

    private protected abstract void ColumnSumsCore(int count, int rows, int cols, BatchView x, BatchView result);

    private protected abstract void LossCore(LossKind kind, int count, int rows, int cols, BatchView predictions, BatchView targets, BatchView gradient, DeviceBuffer<float> loss);

    private protected abstract void OptimizerStepCore(
        OptimizerKind kind, int count, long length, BatchView parameters, BatchView gradients, BatchView state1, BatchView state2,
        DeviceBuffer<float> settings, DeviceBuffer<float>? gradSumSquares, int step);

    private protected abstract void FillRandomCore(DeviceBuffer<float> destination, long offset, long length, ulong seed, uint stream, ulong start, bool normal, float a, float b);

    private protected abstract void RandomBitsCore(DeviceBuffer<uint> destination, long offset, long length, ulong seed, uint stream, ulong start);

    private protected abstract void GatherMinibatchCore(
        int count, int rows, int trainRows, int inputs, int targets, BatchView xSource, BatchView ySource, BatchView xBatch, BatchView yBatch,
        DeviceBuffer<uint> seeds, long firstSample);

    private protected abstract void AttackStepCore(int count, long length, BatchView x, BatchView origin, BatchView gradient, float stepSize, float epsilon);

    private protected abstract void AttackStepL2Core(int count, int rows, int cols, BatchView x, BatchView origin, BatchView gradient, float stepSize, float epsilon);

    /// <summary>The unfused composition every backend can fall back on.</summary>
    private protected virtual void DenseForwardCore(DenseShape shape, BatchView x, BatchView weights, BatchView bias, ActivationKind activation, BatchView z, BatchView h)
    {
        GemmCore(GemmLayout.ABt, shape.Count, shape.Rows, shape.Outputs, shape.Inputs, 1f, x, weights, 0f, z);
        AddBiasCore(shape.Count, shape.Rows, shape.Outputs, z, bias, z);
        if (!h.IsEmpty)
        {
            ActivateCore(activation, shape.Count, (long)shape.Rows * shape.Outputs, z, h);
        }
    }

    /// <summary>The unfused composition every backend can fall back on.</summary>
    private protected virtual void DenseBackwardCore(
        DenseShape shape, BatchView gradZ, BatchView x, BatchView weights, BatchView gradWeights, BatchView gradBias, BatchView gradInput,
        BatchView inputPreActivation, ActivationKind inputActivation)
    {
        if (!gradWeights.IsEmpty)
        {
            GemmCore(GemmLayout.AtB, shape.Count, shape.Outputs, shape.Inputs, shape.Rows, 1f, gradZ, x, 0f, gradWeights);
        }

        if (!gradBias.IsEmpty)
        {
            ColumnSumsCore(shape.Count, shape.Rows, shape.Outputs, gradZ, gradBias);
        }

        if (!gradInput.IsEmpty)
        {
            GemmCore(GemmLayout.AB, shape.Count, shape.Rows, shape.Inputs, shape.Outputs, 1f, gradZ, weights, 0f, gradInput);
            if (inputActivation != ActivationKind.Identity)
            {
                ActivationBackwardCore(inputActivation, shape.Count, (long)shape.Rows * shape.Inputs, inputPreActivation, gradInput, gradInput);
            }
        }
    }

    /// <summary>A backend-specific whole training step for <see cref="MlpTrainer"/>, or null to compose it from the kernels.</summary>
    internal virtual IFusedMlpStep? CreateFusedStep(MlpShape shape, int models, int batchRows, int trainRows, LossKind loss, OptimizerKind optimizer) => null;

    private protected void CheckOwned<T>(DeviceBuffer<T> buffer)
        where T : unmanaged
    {
        if (!ReferenceEquals(buffer.Backend, this))
        {
            throw new ArgumentException($"a buffer of backend '{buffer.Backend.Name}' was passed to backend '{Name}'.", nameof(buffer));
        }
    }

    private void CheckShape(int count, int rows, int cols)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
    }

    private void CheckLength(int count, long length)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
    }
}
