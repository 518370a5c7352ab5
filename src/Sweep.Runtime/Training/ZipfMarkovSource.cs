using Sweep.Kernels;

namespace Sweep.Training;

/// <summary>
/// The synthetic Zipfian Markov text source of <see cref="ZipfMarkovData"/>: token v follows token u with probability
/// P(v | u) ∝ (v + 1)^(−s)·exp(c·g_uv), the g_uv standard normals drawn once from the source seed (Philox, so the source
/// is the same on every machine); sequences start from its stationary distribution π (found by power iteration). Rare
/// tokens are those with the highest ranks: their stationary mass follows the Zipf tail.
/// </summary>
/// <example>
/// <code>
/// ZipfMarkovSource source = new(DataSpec.ZipfMarkov(vocabulary: 64));
/// int[][] text = source.Sequences(tokens: 1_000, seed: 7);
/// Dataset windows = ZipfMarkovSource.Windows(text, vocabulary: 64, context: 2);
/// </code>
/// </example>
public sealed class ZipfMarkovSource
{
    private const uint TableStream = 15;
    private readonly double[] _transitions;
    private readonly double[] _cumulative;
    private readonly double[] _stationary;
    private readonly double[] _stationaryCumulative;

    /// <summary>Builds the source's transition table and stationary distribution.</summary>
    /// <param name="data">The source's spec.</param>
    public ZipfMarkovSource(ZipfMarkovData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Vocabulary = data.Vocabulary;
        Sequence = data.Sequence;
        int v = Vocabulary;
        _transitions = new double[v * v];
        _cumulative = new double[v * v];
        for (int u = 0; u < v; u++)
        {
            double sum = 0;
            for (int w = 0; w < v; w++)
            {
                double g = Philox.Normal((ulong)data.SourceSeed, TableStream, ((ulong)u * (ulong)v) + (ulong)w);
                double p = Math.Exp((-data.Exponent * Math.Log(w + 1.0)) + (data.ContextStrength * g));
                _transitions[(u * v) + w] = p;
                sum += p;
            }

            double running = 0;
            for (int w = 0; w < v; w++)
            {
                _transitions[(u * v) + w] /= sum;
                running += _transitions[(u * v) + w];
                _cumulative[(u * v) + w] = running;
            }
        }

        _stationary = Stationary(_transitions, v);
        _stationaryCumulative = new double[v];
        double total = 0;
        for (int w = 0; w < v; w++)
        {
            total += _stationary[w];
            _stationaryCumulative[w] = total;
        }
    }

    /// <summary>Tokens V.</summary>
    public int Vocabulary { get; }

    /// <summary>Tokens per sequence.</summary>
    public int Sequence { get; }

    /// <summary>The stationary distribution π, the distribution of a sequence's first token.</summary>
    public ReadOnlySpan<double> StationaryDistribution => _stationary;

    /// <summary>P(· | previous token), or π for a sequence's first token (<paramref name="previous"/> &lt; 0).</summary>
    /// <param name="previous">The previous token, or −1 at a sequence's start.</param>
    /// <returns>The next token's distribution.</returns>
    public ReadOnlySpan<double> Next(int previous) => previous < 0 ? _stationary : _transitions.AsSpan(previous * Vocabulary, Vocabulary);

    /// <summary>
    /// The real distribution's rarest tokens: those with the smallest stationary probability whose total is at most
    /// 10% (at least the rarest one), the "rarest decile" collapse chains measure.
    /// </summary>
    /// <returns>Whether each token is rare.</returns>
    public bool[] RareTokens() => Collapse.ChainRandom.RarestDecile(_stationary);

    /// <summary>
    /// <paramref name="tokens"/> tokens in sequences of <see cref="Sequence"/> (the last one shorter when they do not
    /// divide), each starting from π.
    /// </summary>
    /// <param name="tokens">Tokens in all.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <returns>The sequences.</returns>
    public int[][] Sequences(int tokens, ulong seed)
    {
        int count = (tokens + Sequence - 1) / Sequence;
        var sequences = new int[count][];
        long draw = 0;
        for (int s = 0; s < count; s++)
        {
            int length = Math.Min(Sequence, tokens - (s * Sequence));
            var sequence = new int[length];
            int previous = -1;
            for (int i = 0; i < length; i++)
            {
                ReadOnlySpan<double> cumulative = previous < 0 ? _stationaryCumulative : _cumulative.AsSpan(previous * Vocabulary, Vocabulary);
                previous = Collapse.ChainRandom.Categorical(cumulative, Philox.Uniform(seed, 0, (ulong)draw++));
                sequence[i] = previous;
            }

            sequences[s] = sequence;
        }

        return sequences;
    }

    /// <summary>
    /// Text as supervised rows: one per token, its inputs the one-hot codes of the <paramref name="context"/> tokens
    /// before it (oldest first; zeros before its sequence's start), its class the token.
    /// </summary>
    /// <param name="sequences">The text.</param>
    /// <param name="vocabulary">Tokens V.</param>
    /// <param name="context">Tokens of context.</param>
    /// <returns>Rows of context × V inputs and V classes.</returns>
    public static Dataset Windows(IReadOnlyList<int[]> sequences, int vocabulary, int context)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int rows = sequences.Sum(s => s.Length), width = context * vocabulary;
        var x = new float[(long)rows * width];
        var y = new float[rows];
        int row = 0;
        foreach (int[] sequence in sequences)
        {
            for (int i = 0; i < sequence.Length; i++, row++)
            {
                for (int c = 0; c < context; c++)
                {
                    int at = i - context + c;
                    if (at >= 0)
                    {
                        x[((long)row * width) + (c * vocabulary) + sequence[at]] = 1;
                    }
                }

                y[row] = sequence[i];
            }
        }

        return new Dataset(rows, width, vocabulary, isClassification: true, x, y);
    }

    private static double[] Stationary(double[] transitions, int v)
    {
        var pi = new double[v];
        var next = new double[v];
        Array.Fill(pi, 1.0 / v);
        for (int iteration = 0; iteration < 10_000; iteration++)
        {
            Array.Clear(next);
            for (int u = 0; u < v; u++)
            {
                for (int w = 0; w < v; w++)
                {
                    next[w] += pi[u] * transitions[(u * v) + w];
                }
            }

            double change = 0, sum = next.Sum();
            for (int w = 0; w < v; w++)
            {
                next[w] /= sum;
                change += Math.Abs(next[w] - pi[w]);
            }

            (pi, next) = (next, pi);
            if (change < 1e-14)
            {
                break;
            }
        }

        return pi;
    }
}
