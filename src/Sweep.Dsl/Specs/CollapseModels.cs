namespace Sweep;

/// <content>The generative models of collapse chains that the engine fits on the host in closed form.</content>
public abstract partial record ModelSpec
{
    /// <summary>
    /// A Gaussian density N(μ, Σ) with a full covariance (a mean and a variance in one dimension), fitted by
    /// <see cref="TrainSpec.Moments"/> in a collapse chain.
    /// </summary>
    /// <returns>The model.</returns>
    /// <example>
    /// <code>
    /// public ModelSpec Model => ModelSpec.Gaussian();
    /// </code>
    /// </example>
    public static GaussianModel Gaussian() => new();

    /// <summary>
    /// A mixture of <paramref name="components"/> Gaussians with diagonal covariances, fitted by expectation maximisation
    /// (<see cref="TrainSpec.Em"/>) in a collapse chain.
    /// </summary>
    /// <param name="components">Mixture components K, at least 1.</param>
    /// <returns>The model.</returns>
    /// <example>
    /// <code>
    /// public ModelSpec Model => ModelSpec.GaussianMixture(components: 3);
    /// </code>
    /// </example>
    public static GaussianMixtureModel GaussianMixture([SpecRange(1)] int components) => new(components);

    /// <summary>
    /// An n-gram language model of order <paramref name="order"/>: the next token's probability given the
    /// <paramref name="order"/> − 1 tokens before it (a start marker before a sequence's first token), from counts
    /// (<see cref="TrainSpec.Counts"/>); order 1 is a unigram model.
    /// </summary>
    /// <param name="order">The order n, at least 1.</param>
    /// <returns>The model.</returns>
    /// <example>
    /// <code>
    /// public ModelSpec Model => ModelSpec.NGram(order: 2);
    /// </code>
    /// </example>
    public static NGramModel NGram([SpecRange(1)] int order) => new(order);

    /// <summary>
    /// A linear model without intercept, <c>y = W·x</c>: the model of Gerstgrasser et al. (2024)'s linear-regression
    /// collapse, fitted by <see cref="TrainSpec.LeastSquares"/> (on the host, also outside chains).
    /// </summary>
    /// <returns>The model.</returns>
    /// <example>
    /// <code>
    /// public ModelSpec Model => ModelSpec.LinearThroughOrigin();
    /// </code>
    /// </example>
    public static LinearThroughOriginModel LinearThroughOrigin() => new();
}

/// <summary>A Gaussian density; see <see cref="ModelSpec.Gaussian"/>.</summary>
/// <example>
/// <code>
/// long parameters = ModelSpec.Gaussian().Parameters(inputs: 3, outputs: 3);   // 3 + 6
/// </code>
/// </example>
public sealed record GaussianModel : ModelSpec
{
    internal GaussianModel()
    {
    }

    /// <summary>The mean and the covariance's distinct entries: d + d(d + 1)/2.</summary>
    /// <param name="inputs">The dimension d.</param>
    /// <param name="outputs">Ignored (the samples are the inputs).</param>
    /// <returns>The count.</returns>
    public override long Parameters(int inputs, int outputs) => inputs + ((long)inputs * (inputs + 1) / 2);
}

/// <summary>A Gaussian mixture with diagonal covariances; see <see cref="ModelSpec.GaussianMixture"/>.</summary>
/// <example>
/// <code>
/// GaussianMixtureModel model = ModelSpec.GaussianMixture(components: 3);
/// </code>
/// </example>
public sealed record GaussianMixtureModel : ModelSpec
{
    internal GaussianMixtureModel(int components)
    {
        SpecGuard.Positive(components, nameof(components));
        Components = components;
    }

    /// <summary>Mixture components K.</summary>
    public int Components { get; }

    /// <summary>A mean and a variance per dimension and component, and K − 1 free weights.</summary>
    /// <param name="inputs">The dimension d.</param>
    /// <param name="outputs">Ignored.</param>
    /// <returns>The count.</returns>
    public override long Parameters(int inputs, int outputs) => (2L * inputs * Components) + Components - 1;
}

/// <summary>An n-gram language model; see <see cref="ModelSpec.NGram"/>.</summary>
/// <example>
/// <code>
/// NGramModel trigram = ModelSpec.NGram(order: 3);
/// </code>
/// </example>
public sealed record NGramModel : ModelSpec
{
    internal NGramModel(int order)
    {
        SpecGuard.Positive(order, nameof(order));
        Order = order;
    }

    /// <summary>The order n.</summary>
    public int Order { get; }

    /// <summary>
    /// One free probability per next token and context: (V + 1)^(n − 1)·(V − 1) for V = <paramref name="outputs"/> tokens
    /// (contexts may hold the start marker), saturating at <see cref="long.MaxValue"/>.
    /// </summary>
    /// <param name="inputs">Ignored.</param>
    /// <param name="outputs">The vocabulary V.</param>
    /// <returns>The count.</returns>
    public override long Parameters(int inputs, int outputs)
    {
        double count = Math.Pow(outputs + 1.0, Order - 1) * (outputs - 1.0);
        return count >= long.MaxValue ? long.MaxValue : (long)count;
    }
}

/// <summary>A linear model without intercept; see <see cref="ModelSpec.LinearThroughOrigin"/>.</summary>
/// <example>
/// <code>
/// long parameters = ModelSpec.LinearThroughOrigin().Parameters(inputs: 10, outputs: 1);   // 10
/// </code>
/// </example>
public sealed record LinearThroughOriginModel : ModelSpec
{
    internal LinearThroughOriginModel()
    {
    }

    /// <inheritdoc />
    public override long Parameters(int inputs, int outputs) => (long)inputs * outputs;
}
