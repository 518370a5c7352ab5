using System.Text.Json.Serialization;

namespace Sweep;

/// <content>The real distributions of collapse chains: a Gaussian density and a Zipfian Markov text source.</content>
public abstract partial record DataSpec
{
    /// <summary>
    /// A centred Gaussian density N(0, Σ) in <paramref name="dims"/> dimensions, Σ_ij = σ²·ρ^|i−j| (independent
    /// coordinates when ρ = 0): the real distribution of a Gaussian or mixture collapse chain. There are no labels;
    /// <paramref name="train"/> is the number of samples per generation.
    /// </summary>
    /// <param name="dims">Dimensions d, at least 1.</param>
    /// <param name="sigma">Standard deviation σ of each coordinate.</param>
    /// <param name="correlation">Correlation ρ of neighbouring coordinates, in (−1, 1).</param>
    /// <param name="train">Samples per generation, M.</param>
    /// <param name="test">Real samples the metrics that are not closed forms are estimated on.</param>
    /// <returns>The data.</returns>
    /// <example>
    /// <code>
    /// public DataSpec Data => DataSpec.Gaussian(sigma: 1.0, train: SampleSize);
    /// </code>
    /// </example>
    public static GaussianData Gaussian([SpecRange(1)] int dims = 1, [SpecRange(0, MinExclusive = true)] double sigma = 1.0, [SpecRange(-1, 1, MinExclusive = true, MaxExclusive = true)] double correlation = 0.0, [SpecRange(1)] int train = 100, [SpecRange(1)] int test = 4_000)
        => new(dims, sigma, correlation, train, test);

    /// <summary>
    /// Text from a synthetic Zipfian Markov source over <paramref name="vocabulary"/> tokens: token v follows token u
    /// with probability ∝ (v + 1)^(−s)·exp(c·g_uv), g_uv ~ N(0, 1) drawn once from <paramref name="sourceSeed"/>, so
    /// tokens are Zipf-distributed overall (a long tail of rare ones) and each depends on its predecessor with strength
    /// c; each sequence of <paramref name="sequence"/> tokens starts from the source's stationary distribution. As a
    /// supervised task (an MLP language model) each token is one sample: its inputs are the one-hot codes of the
    /// <paramref name="context"/> tokens before it (zeros before the start of its sequence), its class the token.
    /// </summary>
    /// <param name="vocabulary">Tokens V, at least 2.</param>
    /// <param name="exponent">The Zipf exponent s ≥ 0 of the token frequencies.</param>
    /// <param name="contextStrength">How strongly a token depends on its predecessor, c ≥ 0 (0: independent tokens).</param>
    /// <param name="context">Tokens of context an MLP language model sees; its inputs are context × V wide.</param>
    /// <param name="sequence">Tokens per sequence.</param>
    /// <param name="train">Training tokens per generation, M.</param>
    /// <param name="test">Real test tokens.</param>
    /// <param name="sourceSeed">Seed of the transition table, shared by every trial so all see the same source.</param>
    /// <returns>The data.</returns>
    /// <example>
    /// <code>
    /// public DataSpec Data => DataSpec.ZipfMarkov(vocabulary: 64, exponent: 1.1, train: Tokens);
    /// </code>
    /// </example>
    public static ZipfMarkovData ZipfMarkov(
        [SpecRange(2)] int vocabulary = 64, [SpecRange(0)] double exponent = 1.1, [SpecRange(0)] double contextStrength = 1.0, [SpecRange(1)] int context = 1, [SpecRange(1)] int sequence = 64, [SpecRange(1)] int train = 20_000, [SpecRange(1)] int test = 20_000, int sourceSeed = 12345)
        => new(vocabulary, exponent, contextStrength, context, sequence, train, test, sourceSeed);
}

/// <summary>A centred Gaussian density; see <see cref="DataSpec.Gaussian"/>.</summary>
/// <example>
/// <code>
/// GaussianData data = DataSpec.Gaussian(dims: 3, sigma: 2.0, correlation: 0.5, train: 50);
/// </code>
/// </example>
public sealed record GaussianData : DataSpec
{
    internal GaussianData(int dims, double sigma, double correlation, int train, int test)
        : base(Math.Max(1, dims), train, test)
    {
        SpecGuard.Positive(dims, nameof(dims));
        SpecGuard.Positive(sigma, nameof(sigma));
        if (!(correlation is > -1 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(correlation), correlation, "the correlation of neighbouring coordinates must be in (−1, 1).");
        }

        Sigma = sigma;
        Correlation = correlation;
    }

    /// <summary>Standard deviation of each coordinate.</summary>
    public double Sigma { get; }

    /// <summary>Correlation of neighbouring coordinates.</summary>
    public double Correlation { get; }

    /// <summary>The samples' dimension (a density has no separate targets).</summary>
    [JsonIgnore]
    public override int Outputs => Inputs;

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsClassification => false;
}

/// <summary>A Zipfian Markov text source; see <see cref="DataSpec.ZipfMarkov"/>.</summary>
/// <example>
/// <code>
/// ZipfMarkovData text = DataSpec.ZipfMarkov(vocabulary: 64, context: 2, train: 8_192);
/// Console.WriteLine(text.Inputs);   // 128: two one-hot tokens of context
/// </code>
/// </example>
public sealed record ZipfMarkovData : DataSpec
{
    internal ZipfMarkovData(int vocabulary, double exponent, double contextStrength, int context, int sequence, int train, int test, int sourceSeed)
        : base(checked(Math.Max(1, context) * Math.Max(2, vocabulary)), train, test)
    {
        if (vocabulary < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabulary), vocabulary, "a vocabulary needs at least 2 tokens.");
        }

        SpecGuard.NonNegative(exponent, nameof(exponent));
        SpecGuard.NonNegative(contextStrength, nameof(contextStrength));
        SpecGuard.Positive(context, nameof(context));
        SpecGuard.Positive(sequence, nameof(sequence));
        Vocabulary = vocabulary;
        Exponent = exponent;
        ContextStrength = contextStrength;
        Context = context;
        Sequence = sequence;
        SourceSeed = sourceSeed;
    }

    /// <summary>Tokens V.</summary>
    public int Vocabulary { get; }

    /// <summary>The Zipf exponent.</summary>
    public double Exponent { get; }

    /// <summary>How strongly a token depends on its predecessor.</summary>
    public double ContextStrength { get; }

    /// <summary>Tokens of context a supervised model sees.</summary>
    public int Context { get; }

    /// <summary>Tokens per sequence.</summary>
    public int Sequence { get; }

    /// <summary>Seed of the transition table.</summary>
    public int SourceSeed { get; }

    /// <inheritdoc />
    [JsonIgnore]
    public override int Outputs => Vocabulary;

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsClassification => true;
}
