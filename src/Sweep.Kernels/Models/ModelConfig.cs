namespace Sweep.Kernels;

/// <summary>The model a trial trains; input and output widths come from the data. Mirrors Sweep.Dsl's <c>ModelSpec</c>.</summary>
public abstract record ModelConfig
{
    private protected ModelConfig()
    {
    }

    /// <summary>Trainable parameters for the given input and output widths (the same count Sweep.Dsl reports).</summary>
    /// <param name="inputs">Input width.</param>
    /// <param name="outputs">Output width.</param>
    /// <returns>N.</returns>
    public abstract long Parameters(int inputs, int outputs);
}

/// <summary>A linear model <c>y = W·x + b</c>: least squares (ridge or minimum-norm) or gradient training.</summary>
/// <example>
/// <code>
/// ModelConfig model = new LinearConfig();
/// </code>
/// </example>
public sealed record LinearConfig : ModelConfig
{
    /// <inheritdoc />
    public override long Parameters(int inputs, int outputs) => ((long)inputs + 1) * outputs;
}

/// <summary>
/// Random features: a fixed random first layer (ReLU <c>max(0, w·x)</c>, or Fourier <c>√2·cos(w·x + b)</c>,
/// w ~ N(0, I/d), b ~ U[0, 2π)) drawn from the trial's seed, with only the linear readout (no bias) trained.
/// </summary>
/// <param name="Features">Number of features p.</param>
/// <param name="Map">The feature map.</param>
/// <example>
/// <code>
/// ModelConfig model = new RandomFeaturesConfig(Features: 512, Map: FeatureMapKind.Relu);
/// </code>
/// </example>
public sealed record RandomFeaturesConfig(int Features, FeatureMapKind Map = FeatureMapKind.Relu) : ModelConfig
{
    /// <inheritdoc />
    public override long Parameters(int inputs, int outputs) => (long)Features * outputs;
}

/// <summary>A fully connected network of any depth: hidden widths first to last, one activation, a linear output layer.</summary>
/// <example>
/// <code>
/// ModelConfig model = new MlpConfig([256, 256], ActivationKind.Gelu);
/// </code>
/// </example>
public sealed record MlpConfig : ModelConfig
{
    private readonly int[] _hidden;

    /// <summary>An MLP with the given hidden widths and activation.</summary>
    /// <param name="hidden">Hidden widths, first to last; at least one.</param>
    /// <param name="activation">The hidden layers' activation.</param>
    public MlpConfig(IReadOnlyList<int> hidden, ActivationKind activation = ActivationKind.Relu)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Count == 0)
        {
            throw new ArgumentException("an MLP needs at least one hidden layer (use LinearConfig for none).", nameof(hidden));
        }

        foreach (int width in hidden)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(width, 1, nameof(hidden));
        }

        _hidden = [.. hidden];
        Activation = activation;
    }

    /// <summary>Hidden widths, first to last.</summary>
    public IReadOnlyList<int> Hidden => _hidden;

    /// <summary>The hidden layers' activation.</summary>
    public ActivationKind Activation { get; }

    /// <summary>The complete shape for given input and output widths.</summary>
    /// <param name="inputs">Input width.</param>
    /// <param name="outputs">Output width.</param>
    /// <returns>The shape.</returns>
    public MlpShape Shape(int inputs, int outputs) => new(inputs, _hidden, outputs, Activation);

    /// <inheritdoc />
    public override long Parameters(int inputs, int outputs) => Shape(inputs, outputs).Parameters;

    /// <summary>Equal when the widths and activation are.</summary>
    /// <param name="other">The other configuration.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(MlpConfig? other) => other is not null && Activation == other.Activation && _hidden.AsSpan().SequenceEqual(other._hidden);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        HashCode hash = default;
        hash.Add(Activation);
        foreach (int width in _hidden)
        {
            hash.Add(width);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append("Hidden = [").AppendJoin(", ", _hidden).Append("], Activation = ").Append(Activation);
        return true;
    }
}
