namespace Sweep.Kernels;

/// <summary>
/// The complete shape of an MLP: layer widths from input to output, the hidden activation, and where each layer's
/// weights (outputs×inputs, PyTorch's layout) and bias sit in the flat parameter vector. No hidden layers is a
/// linear model.
/// </summary>
/// <example>
/// <code>
/// var shape = new MlpShape(32, [256], 1, ActivationKind.Relu);
/// Console.WriteLine($"{shape.Parameters} parameters, {shape.TrainingFlopsPerSample} training FLOPs per sample");
/// </code>
/// </example>
public sealed class MlpShape : IEquatable<MlpShape>
{
    private readonly int[] _widths;
    private readonly long[] _offsets;

    /// <summary>A shape.</summary>
    /// <param name="inputs">Input width.</param>
    /// <param name="hidden">Hidden widths (may be empty).</param>
    /// <param name="outputs">Output width.</param>
    /// <param name="activation">The hidden activation.</param>
    public MlpShape(int inputs, IReadOnlyList<int> hidden, int outputs, ActivationKind activation)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        _widths = [inputs, .. hidden, outputs];
        foreach (int w in _widths)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(w, 1, nameof(hidden));
        }

        Activation = activation;
        _offsets = new long[Layers + 1];
        for (int l = 0; l < Layers; l++)
        {
            _offsets[l + 1] = _offsets[l] + (((long)_widths[l] + 1) * _widths[l + 1]);
        }
    }

    /// <summary>Input width.</summary>
    public int Inputs => _widths[0];

    /// <summary>Output width.</summary>
    public int Outputs => _widths[^1];

    /// <summary>Hidden widths.</summary>
    public IReadOnlyList<int> Hidden => _widths[1..^1];

    /// <summary>Widths from input to output (Layers + 1 entries).</summary>
    public IReadOnlyList<int> Widths => _widths;

    /// <summary>The hidden activation.</summary>
    public ActivationKind Activation { get; }

    /// <summary>Dense layers (hidden layers + 1).</summary>
    public int Layers => _widths.Length - 1;

    /// <summary>Parameters N = Σ (in + 1)·out.</summary>
    public long Parameters => _offsets[^1];

    /// <summary>Forward FLOPs per sample: 2·Σ in·out (multiply-adds of the matrix products).</summary>
    public long ForwardFlopsPerSample
    {
        get
        {
            long f = 0;
            for (int l = 0; l < Layers; l++)
            {
                f += 2L * _widths[l] * _widths[l + 1];
            }

            return f;
        }
    }

    /// <summary>
    /// Training FLOPs per sample, counted exactly: forward, the weight gradient of every layer, and the input gradient
    /// of every layer but the first (2·in·out each). The usual 6·N estimate is <see cref="Parameters"/>·6.
    /// </summary>
    public long TrainingFlopsPerSample => (3 * ForwardFlopsPerSample) - (2L * _widths[0] * _widths[1]);

    /// <summary>Offset of layer <paramref name="layer"/>'s weights in a model's parameter vector.</summary>
    /// <param name="layer">0-based layer.</param>
    /// <returns>The offset.</returns>
    public long WeightOffset(int layer) => _offsets[layer];

    /// <summary>Offset of layer <paramref name="layer"/>'s bias.</summary>
    /// <param name="layer">0-based layer.</param>
    /// <returns>The offset.</returns>
    public long BiasOffset(int layer) => _offsets[layer] + ((long)_widths[layer] * _widths[layer + 1]);

    /// <summary>Activation after layer <paramref name="layer"/> (identity for the output layer).</summary>
    /// <param name="layer">0-based layer.</param>
    /// <returns>The activation.</returns>
    public ActivationKind ActivationAfter(int layer) => layer == Layers - 1 ? ActivationKind.Identity : Activation;

    /// <inheritdoc />
    public bool Equals(MlpShape? other) => other is not null && Activation == other.Activation && _widths.AsSpan().SequenceEqual(other._widths);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MlpShape);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        HashCode hash = default;
        hash.Add(Activation);
        foreach (int w in _widths)
        {
            hash.Add(w);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"{string.Join("→", _widths)} {Activation}";
}
