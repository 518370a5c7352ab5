namespace Sweep;

/// <summary>
/// The model a trial trains. Build one with the static factories; parameter counts follow from the data's
/// input and output sizes.
/// </summary>
/// <example>
/// <code>
/// public ModelSpec Model => ModelSpec.Mlp(Width, Width);           // two hidden layers, ReLU
/// public ModelSpec Model => ModelSpec.RandomFeatures(Features);     // ReLU random features, linear readout
/// </code>
/// </example>
public abstract partial record ModelSpec
{
    private protected ModelSpec()
    {
    }

    /// <summary>Trainable parameters of this model for the given input and output sizes.</summary>
    /// <param name="inputs">Input dimension.</param>
    /// <param name="outputs">Output dimension.</param>
    public abstract long Parameters(int inputs, int outputs);

    /// <summary>A linear model <c>y = W·x + b</c>.</summary>
    public static LinearModel Linear() => new();

    /// <summary>
    /// Random features: a fixed random first layer (ReLU features <c>max(0, w·x)</c>, or Fourier features
    /// <c>cos(w·x + b)</c>) with only the linear readout trained. The classic setting of double descent.
    /// </summary>
    /// <param name="features">Number of random features, p.</param>
    /// <param name="map">The feature map.</param>
    public static RandomFeaturesModel RandomFeatures([SpecRange(1)] int features, FeatureMap map = FeatureMap.Relu) => new(features, map);

    /// <summary>A fully connected network with the given hidden widths.</summary>
    /// <param name="hidden">Hidden layer widths, first to last; at least one.</param>
    public static MlpModel Mlp(params int[] hidden) => new(hidden, Activation.Relu);

    /// <summary>A fully connected network with the given hidden widths and activation.</summary>
    /// <param name="activation">The hidden layers' activation.</param>
    /// <param name="hidden">Hidden layer widths, first to last; at least one.</param>
    public static MlpModel Mlp(Activation activation, params int[] hidden) => new(hidden, activation);
}

/// <summary>A linear model; see <see cref="ModelSpec.Linear"/>.</summary>
public sealed record LinearModel : ModelSpec
{
    internal LinearModel()
    {
    }

    /// <inheritdoc />
    public override long Parameters(int inputs, int outputs) => ((long)inputs + 1) * outputs;
}

/// <summary>Random features with a trained linear readout; see <see cref="ModelSpec.RandomFeatures"/>.</summary>
public sealed record RandomFeaturesModel : ModelSpec
{
    internal RandomFeaturesModel(int features, FeatureMap map)
    {
        SpecGuard.Positive(features, nameof(features));
        Features = features;
        Map = map;
    }

    /// <summary>Number of random features, p.</summary>
    public int Features { get; }

    /// <summary>The feature map.</summary>
    public FeatureMap Map { get; }

    /// <inheritdoc />
    public override long Parameters(int inputs, int outputs) => (long)Features * outputs;
}

/// <summary>A fully connected network; see <see cref="ModelSpec.Mlp(int[])"/>.</summary>
public sealed record MlpModel : ModelSpec
{
    private readonly int[] _hidden;

    internal MlpModel(int[] hidden, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Length == 0)
        {
            throw new ArgumentException("an MLP needs at least one hidden layer.", nameof(hidden));
        }

        foreach (int width in hidden)
        {
            SpecGuard.Positive(width, nameof(hidden));
        }

        _hidden = (int[])hidden.Clone();
        Activation = activation;
    }

    /// <summary>Hidden layer widths, first to last.</summary>
    public IReadOnlyList<int> Hidden => _hidden;

    /// <summary>The hidden layers' activation.</summary>
    public Activation Activation { get; }

    /// <inheritdoc />
    public override long Parameters(int inputs, int outputs)
    {
        long total = 0;
        int previous = inputs;
        foreach (int width in _hidden)
        {
            total += ((long)previous + 1) * width;
            previous = width;
        }

        return total + ((long)previous + 1) * outputs;
    }

    /// <summary>Two MLPs are equal when their widths and activation are.</summary>
    /// <param name="other">The other model.</param>
    public bool Equals(MlpModel? other)
        => other is not null && Activation == other.Activation && _hidden.AsSpan().SequenceEqual(other._hidden);

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

/// <summary>The fixed first layer of a <see cref="RandomFeaturesModel"/>.</summary>
public enum FeatureMap
{
    /// <summary><c>max(0, w·x)</c> with w ~ N(0, I/d).</summary>
    Relu = 0,

    /// <summary><c>√2·cos(w·x + b)</c> with w ~ N(0, I/d), b ~ U[0, 2π) (random Fourier features).</summary>
    Fourier = 1,
}

/// <summary>Hidden-layer activation of an <see cref="MlpModel"/>.</summary>
public enum Activation
{
    /// <summary><c>max(0, x)</c>.</summary>
    Relu = 0,

    /// <summary>Gaussian error linear unit (tanh approximation).</summary>
    Gelu = 1,

    /// <summary><c>tanh(x)</c>.</summary>
    Tanh = 2,
}
