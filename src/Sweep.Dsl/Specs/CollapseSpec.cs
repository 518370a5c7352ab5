using System.Globalization;
using System.Text.Json.Serialization;

namespace Sweep;

/// <summary>
/// A model-collapse chain: generation 0 is the real distribution (the study's <c>Data</c>); generation t ≥ 1 fits the
/// study's <c>Model</c> with its <c>Train</c> to data drawn from generation t − 1 under a <see cref="DataPolicy"/>, and
/// draws as many samples as <c>Data</c>'s training set holds for the next. Declare it as a study's <c>Chain</c>
/// property beside <c>Data</c>, <c>Model</c> and <c>Train</c>; each checkpoint is stored as its own evaluation,
/// <c>gen-t</c>, with the metrics of generation t's model measured against the real distribution.
/// </summary>
/// <remarks>
/// <para>
/// The generative models the engine runs as chains: a Gaussian (<see cref="ModelSpec.Gaussian"/>, univariate or
/// multivariate, fitted by <see cref="TrainSpec.Moments"/> with the maximum-likelihood or unbiased variance) and a
/// Gaussian mixture (<see cref="ModelSpec.GaussianMixture"/>, fitted by <see cref="TrainSpec.Em"/>) of
/// <see cref="DataSpec.Gaussian"/> or <see cref="DataSpec.GaussianMixture"/> data; linear regression
/// (<see cref="ModelSpec.LinearThroughOrigin"/> or <see cref="ModelSpec.Linear"/> with
/// <see cref="TrainSpec.LeastSquares"/> on linear <see cref="DataSpec.TeacherStudent"/> data), relabelled by its
/// predecessor plus fresh noise; an n-gram language model (<see cref="ModelSpec.NGram"/>, <see cref="TrainSpec.Counts"/>)
/// of a <see cref="DataSpec.ZipfMarkov"/> source; these run on the host in double precision. Any model the engine
/// trains on the backend (an MLP regressor or classifier, or an MLP language model on <see cref="DataSpec.ZipfMarkov"/>
/// data) is trained on its predecessor's labels (regression: its predictions plus fresh noise; classes and tokens:
/// sampled at <see cref="Temperature"/>); seeds of one cell train together in batches.
/// </para>
/// <para>
/// Policies, generation counts and fractions are ordinary axes: <c>DataPolicy.Of(Policy, FreshFraction)</c> reads an
/// enum axis and a number axis.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// [Axis] public DataPolicyKind Policy { get; init; }
/// [Axis, Values(10, 100)] public int SampleSize { get; init; }
///
/// public DataSpec Data   => DataSpec.Gaussian(sigma: 1.0, train: SampleSize);
/// public ModelSpec Model => ModelSpec.Gaussian();
/// public TrainSpec Train => TrainSpec.Moments(VarianceEstimator.MaximumLikelihood);
/// public CollapseSpec Chain => CollapseSpec.Chain(generations: 100, DataPolicy.Of(Policy, freshFraction: 0.1), checkpoints: [0, 1, 10, 100]);
/// </code>
/// </example>
public sealed record CollapseSpec
{
    /// <summary>The prefix of a checkpoint's evaluation name: generation t is stored as <c>gen-t</c>.</summary>
    public const string EvaluationPrefix = "gen-";

    private readonly int _generations;
    private readonly DataPolicy _policy = DataPolicy.Replace;
    private readonly int[] _checkpoints = [];
    private readonly double _temperature = 1.0;

    private CollapseSpec(int generations, DataPolicy policy, int[] checkpoints)
    {
        Generations = generations;
        Policy = policy;
        Checkpoints = checkpoints;
        foreach (int checkpoint in _checkpoints)
        {
            if (checkpoint > generations)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(checkpoints), checkpoint, $"collapse chain: checkpoint {checkpoint} is beyond the last generation ({generations}); checkpoints run from 0 (the real distribution) to the generation count.");
            }
        }
    }

    /// <summary>Generations fitted after the real distribution, at least 1.</summary>
    public int Generations
    {
        get => _generations;
        init
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Generations), value, "collapse chain: a chain needs at least one generation.");
            }

            _generations = value;
        }
    }

    /// <summary>Which data each generation fits.</summary>
    public DataPolicy Policy
    {
        get => _policy;
        init => _policy = value ?? throw new ArgumentNullException(nameof(Policy));
    }

    /// <summary>The generations recorded, ascending, each as evaluation <c>gen-t</c>; 0 is the real distribution.</summary>
    public IReadOnlyList<int> Checkpoints
    {
        get => _checkpoints;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            int[] sorted = [.. value.Order()];
            if (sorted.Length == 0)
            {
                throw new ArgumentException("collapse chain: list at least one checkpoint.", nameof(Checkpoints));
            }

            for (int i = 0; i < sorted.Length; i++)
            {
                if (sorted[i] < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(Checkpoints), sorted[i], "collapse chain: a checkpoint is a generation, 0 or more.");
                }

                if (i > 0 && sorted[i] == sorted[i - 1])
                {
                    throw new ArgumentException($"collapse chain: checkpoint {sorted[i]} is listed twice.", nameof(Checkpoints));
                }
            }

            _checkpoints = sorted;
        }
    }

    /// <summary>
    /// The sampling temperature of classes and tokens: a model's probabilities p are sampled as p^(1/T), renormalised;
    /// 1 samples the model as it is, below 1 sharpens it, 0 takes the most likely class (greedy). Ignored by the
    /// continuous models.
    /// </summary>
    public double Temperature
    {
        get => _temperature;
        init
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(Temperature), value, "collapse chain: the temperature must be finite and not negative.");
            }

            _temperature = value;
        }
    }

    /// <summary>
    /// For labelled data (regression and classification): whether each generation draws new inputs from the real input
    /// distribution, instead of relabelling the first generation's inputs (the fixed design of Dohmatob et al. 2024 and
    /// Gerstgrasser et al. 2024, the default). Sequences and densities always draw new samples.
    /// </summary>
    public bool FreshInputs { get; init; }

    /// <summary>One clean evaluation per checkpoint, named <c>gen-t</c>: what a chain trial stores.</summary>
    [JsonIgnore]
    public IReadOnlyList<NamedEvaluation> Evaluations => [.. _checkpoints.Select(t => new NamedEvaluation(EvaluationName(t), ShiftSpec.None))];

    /// <summary>A chain of <paramref name="generations"/> generations.</summary>
    /// <param name="generations">Generations fitted after the real distribution, at least 1.</param>
    /// <param name="policy">Which data each generation fits (default <see cref="DataPolicy.Replace"/>).</param>
    /// <param name="checkpoints">The generations to record, between 0 and <paramref name="generations"/> (default: every one).</param>
    /// <returns>The chain.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No generation, or a checkpoint below 0 or past the last generation.</exception>
    /// <exception cref="ArgumentException">A checkpoint listed twice, or none.</exception>
    public static CollapseSpec Chain(int generations, DataPolicy? policy = null, IReadOnlyList<int>? checkpoints = null)
    {
        if (generations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(generations), generations, "collapse chain: a chain needs at least one generation.");
        }

        return new(generations, policy ?? DataPolicy.Replace, checkpoints is null ? [.. Enumerable.Range(0, generations + 1)] : [.. checkpoints]);
    }

    /// <summary>The evaluation name of a checkpoint.</summary>
    /// <param name="generation">The generation, 0 or more.</param>
    /// <returns><c>gen-t</c>.</returns>
    public static string EvaluationName(int generation) => EvaluationPrefix + generation.ToString(CultureInfo.InvariantCulture);

    /// <summary>The generation a checkpoint's evaluation name stands for.</summary>
    /// <param name="evaluation">An evaluation name.</param>
    /// <param name="generation">The generation, when it is <c>gen-t</c>.</param>
    /// <returns>Whether it is a checkpoint's name.</returns>
    public static bool TryParseEvaluation(string? evaluation, out int generation)
    {
        generation = 0;
        bool parsed = evaluation is not null
            && evaluation.StartsWith(EvaluationPrefix, StringComparison.Ordinal)
            && int.TryParse(evaluation.AsSpan(EvaluationPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out generation)
            && EvaluationName(generation) == evaluation;
        generation = parsed ? generation : 0;
        return parsed;
    }

    /// <summary>Two chains are equal when every setting and checkpoint is.</summary>
    /// <param name="other">The other chain.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(CollapseSpec? other)
        => other is not null && _generations == other._generations && _policy == other._policy && _temperature.Equals(other._temperature)
            && FreshInputs == other.FreshInputs && _checkpoints.AsSpan().SequenceEqual(other._checkpoints);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        HashCode hash = default;
        hash.Add(_generations);
        hash.Add(_policy);
        hash.Add(_temperature);
        hash.Add(FreshInputs);
        foreach (int checkpoint in _checkpoints)
        {
            hash.Add(checkpoint);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Generations = {_generations}, Policy = {_policy}, Checkpoints = [")
            .AppendJoin(", ", _checkpoints)
            .Append(CultureInfo.InvariantCulture, $"], Temperature = {_temperature}, FreshInputs = {FreshInputs}");
        return true;
    }
}

/// <summary>
/// Which data a collapse chain's generation t ≥ 1 fits; M is the data spec's training-set size. Generation 1 always fits
/// M real samples.
/// </summary>
/// <example>
/// <code>
/// DataPolicy keep = DataPolicy.Accumulate;
/// DataPolicy mix = DataPolicy.FreshMix(0.2);                     // 20% fresh real samples each generation
/// DataPolicy axis = DataPolicy.Of(Policy, freshFraction: Fresh); // from an enum axis and a number axis
/// </code>
/// </example>
public sealed record DataPolicy
{
    private DataPolicy(DataPolicyKind kind, double freshFraction)
    {
        Kind = kind;
        FreshFraction = freshFraction;
    }

    /// <summary>The policy's kind.</summary>
    public DataPolicyKind Kind { get; }

    /// <summary>The share of fresh real samples in each generation's M, for <see cref="DataPolicyKind.FreshMix"/>; 0 otherwise.</summary>
    public double FreshFraction { get; }

    /// <summary>Generation t fits only the M samples of generation t − 1 (Shumailov et al. 2024).</summary>
    public static DataPolicy Replace { get; } = new(DataPolicyKind.Replace, 0);

    /// <summary>Generation t fits every sample so far: the M real ones and the M of each generation before it (Gerstgrasser et al. 2024).</summary>
    public static DataPolicy Accumulate { get; } = new(DataPolicyKind.Accumulate, 0);

    /// <summary>Generation t fits M samples drawn without replacement from every sample so far: a fixed budget from a growing pool (Kazdan et al. 2024).</summary>
    public static DataPolicy AccumulateSubsample { get; } = new(DataPolicyKind.AccumulateSubsample, 0);

    /// <summary>Generation t fits M samples, a share <paramref name="fraction"/> of them (rounded) fresh from the real distribution and the rest from generation t − 1.</summary>
    /// <param name="fraction">The share of fresh real samples, in [0, 1]; 0 is <see cref="Replace"/>.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside [0, 1].</exception>
    public static DataPolicy FreshMix(double fraction)
    {
        if (!(fraction is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "collapse chain: the fresh fraction is a share of each generation's samples, in [0, 1].");
        }

        return new(DataPolicyKind.FreshMix, fraction);
    }

    /// <summary>
    /// The policy of a kind, for axes: <paramref name="freshFraction"/> applies to <see cref="DataPolicyKind.FreshMix"/>
    /// and is ignored by the others (a grid crossing both axes repeats those; a <c>[Constraint]</c> skips them).
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <param name="freshFraction">The fresh share of <see cref="DataPolicyKind.FreshMix"/>, in [0, 1].</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The kind is unknown, or a FreshMix fraction is outside [0, 1].</exception>
    public static DataPolicy Of(DataPolicyKind kind, double freshFraction = 0) => kind switch
    {
        DataPolicyKind.Replace => Replace,
        DataPolicyKind.Accumulate => Accumulate,
        DataPolicyKind.AccumulateSubsample => AccumulateSubsample,
        DataPolicyKind.FreshMix => FreshMix(freshFraction),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "collapse chain: no such data policy."),
    };

    /// <inheritdoc />
    public override string ToString()
        => Kind == DataPolicyKind.FreshMix ? string.Create(CultureInfo.InvariantCulture, $"FreshMix({FreshFraction})") : Kind.ToString();
}

/// <summary>The kinds of <see cref="DataPolicy"/>; an enum axis of this type sweeps them all.</summary>
/// <example>
/// <code>
/// [Axis] public DataPolicyKind Policy { get; init; }   // Replace, Accumulate, AccumulateSubsample, FreshMix
/// public CollapseSpec Chain => CollapseSpec.Chain(generations: 50, DataPolicy.Of(Policy, freshFraction: 0.1));
/// </code>
/// </example>
public enum DataPolicyKind
{
    /// <summary><see cref="DataPolicy.Replace"/>.</summary>
    Replace = 0,

    /// <summary><see cref="DataPolicy.Accumulate"/>.</summary>
    Accumulate = 1,

    /// <summary><see cref="DataPolicy.AccumulateSubsample"/>.</summary>
    AccumulateSubsample = 2,

    /// <summary><see cref="DataPolicy.FreshMix"/>.</summary>
    FreshMix = 3,
}
