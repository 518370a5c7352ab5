namespace Sweep.Training.Collapse;

/// <summary>A generation's text: sequences of tokens, each token one sample (its context is the tokens before it in its sequence).</summary>
internal sealed class TokenSample
{
    private readonly int[] _starts;

    public TokenSample(int[][] sequences)
    {
        Sequences = sequences;
        _starts = new int[sequences.Length + 1];
        for (int s = 0; s < sequences.Length; s++)
        {
            _starts[s + 1] = _starts[s] + sequences[s].Length;
        }
    }

    public int[][] Sequences { get; }

    public int Tokens => _starts[^1];

    /// <summary>The sequence and position of token <paramref name="row"/> in reading order.</summary>
    public (int Sequence, int Position) Locate(int row)
    {
        int s = Array.BinarySearch(_starts, row);
        s = s >= 0 ? s : ~s - 1;
        while (_starts[s + 1] == row)
        {
            s++;
        }

        return (s, row - _starts[s]);
    }

    /// <summary>The distinct tokens among the sample's, as a share of the vocabulary.</summary>
    public double Coverage(int vocabulary)
    {
        var seen = new bool[vocabulary];
        int distinct = 0;
        foreach (int[] sequence in Sequences)
        {
            foreach (int token in sequence)
            {
                distinct += seen[token] ? 0 : 1;
                seen[token] = true;
            }
        }

        return (double)distinct / vocabulary;
    }

    /// <summary>The share of the sample's tokens that are rare.</summary>
    public double Share(bool[] rare)
    {
        long count = 0;
        foreach (int[] sequence in Sequences)
        {
            foreach (int token in sequence)
            {
                count += rare[token] ? 1 : 0;
            }
        }

        return (double)count / Tokens;
    }
}

/// <summary>n-gram counts: per context (the n − 1 tokens before, the start marker V before a sequence), the next tokens' counts, and the unigram counts.</summary>
internal sealed class NGramCounts(int vocabulary, int order)
{
    public int Vocabulary { get; } = vocabulary;

    public int Order { get; } = order;

    public Dictionary<long, double[]> Contexts { get; } = [];

    public double[] Unigrams { get; } = new double[vocabulary];

    public long Rows { get; private set; }

    /// <summary>The context key of position <paramref name="i"/> of a sequence: its n − 1 predecessors in base V + 1.</summary>
    public long Key(ReadOnlySpan<int> sequence, int i)
    {
        long key = 0;
        for (int back = 1; back < Order; back++)
        {
            int token = i - back >= 0 ? sequence[i - back] : Vocabulary;
            key = (key * (Vocabulary + 1)) + token;
        }

        return key;
    }

    public void Add(ReadOnlySpan<int> sequence, int i)
    {
        long key = Key(sequence, i);
        if (!Contexts.TryGetValue(key, out double[]? counts))
        {
            counts = new double[Vocabulary];
            Contexts[key] = counts;
        }

        counts[sequence[i]]++;
        Unigrams[sequence[i]]++;
        Rows++;
    }

    /// <summary>Adds another table's counts into this one.</summary>
    public NGramCounts Merge(NGramCounts other)
    {
        foreach ((long key, double[] counts) in other.Contexts)
        {
            if (!Contexts.TryGetValue(key, out double[]? mine))
            {
                Contexts[key] = (double[])counts.Clone();
                continue;
            }

            for (int v = 0; v < Vocabulary; v++)
            {
                mine[v] += counts[v];
            }
        }

        for (int v = 0; v < Vocabulary; v++)
        {
            Unigrams[v] += other.Unigrams[v];
        }

        Rows += other.Rows;
        return this;
    }
}

/// <summary>An n-gram language model from smoothed counts, which scores and samples text.</summary>
internal sealed class NGramFit(NGramCounts counts, double smoothing)
{
    private readonly Dictionary<long, double[]> _rows = [];
    private double[]? _unigram;

    public NGramCounts Counts { get; } = counts;

    /// <summary>p(· | context): (n(c, v) + k)/(n(c) + kV), or the smoothed unigram counts for a context never seen.</summary>
    public double[] Row(long key)
    {
        if (_rows.TryGetValue(key, out double[]? row))
        {
            return row;
        }

        row = Counts.Contexts.TryGetValue(key, out double[]? counts) ? Smooth(counts) : _unigram ??= Smooth(Counts.Unigrams);
        _rows[key] = row;
        return row;
    }

    /// <summary><paramref name="tokens"/> tokens in sequences of <paramref name="length"/>, each token drawn from p^(1/T).</summary>
    public TokenSample Sample(int tokens, int length, double temperature, ulong seed)
    {
        int count = (tokens + length - 1) / length;
        var sequences = new int[count][];
        Dictionary<long, double[]> cumulative = [];
        long draw = 0;
        for (int s = 0; s < count; s++)
        {
            var sequence = new int[Math.Min(length, tokens - (s * length))];
            for (int i = 0; i < sequence.Length; i++)
            {
                long key = Counts.Key(sequence, i);
                if (!cumulative.TryGetValue(key, out double[]? table))
                {
                    table = (double[])Row(key).Clone();
                    ChainRandom.Temper(table, temperature);
                    for (int v = 1; v < table.Length; v++)
                    {
                        table[v] += table[v - 1];
                    }

                    cumulative[key] = table;
                }

                sequence[i] = ChainRandom.Categorical(table, ChainRandom.Uniform(seed, 0, draw++));
            }

            sequences[s] = sequence;
        }

        return new TokenSample(sequences);
    }

    private double[] Smooth(double[] counts)
    {
        double total = counts.Sum() + (smoothing * counts.Length);
        return [.. counts.Select(c => (c + smoothing) / total)];
    }
}

/// <summary>
/// An n-gram language model (<see cref="NGramModel"/>, <see cref="CountsTrain"/>) of a Zipfian Markov source, refitted on
/// its predecessor's text: each generation samples M tokens (in sequences of the source's length, from the start marker,
/// at the chain's temperature) for the next. Counting and sampling run on the host.
/// </summary>
/// <remarks>
/// Metrics per checkpoint, against the real source: <c>test_loss</c> (cross-entropy of real test text in nats per token,
/// probabilities floored at 1e-12 so a token the model cannot produce costs 27.6 nats), <c>perplexity</c>,
/// <c>kl_divergence</c> and <c>tv_distance</c> between the real next-token distribution P(· | previous token) and the
/// model's at the sampling temperature, averaged over the positions of the real test text, and from the generation's own
/// M tokens <c>vocabulary_coverage</c> (distinct tokens / V) and <c>tail_mass</c> (the share of the real rarest tokens).
/// </remarks>
internal sealed class NGramChain : ChainFamily<TokenSample, NGramCounts>
{
    /// <summary>The least probability a model is scored with.</summary>
    public const double ProbabilityFloor = 1e-12;

    private readonly ZipfMarkovSource _source;
    private readonly ZipfMarkovData _data;
    private readonly int _order;
    private readonly double _smoothing;
    private readonly double _temperature;
    private readonly bool[] _rare;
    private readonly IReadOnlyList<long> _seeds;
    private readonly TokenSample?[] _tests;

    public NGramChain(ZipfMarkovData data, NGramModel model, CountsTrain train, CollapseSpec chain, IReadOnlyList<long> seeds)
    {
        _source = new ZipfMarkovSource(data);
        _data = data;
        _order = model.Order;
        _smoothing = train.Smoothing;
        _temperature = chain.Temperature;
        _rare = _source.RareTokens();
        _seeds = seeds;
        _tests = new TokenSample?[seeds.Count];
    }

    public override TokenSample Real(int trial, int count, ulong seed) => new(_source.Sequences(count, seed));

    public override NGramCounts Data(TokenSample sample, int start, int count)
    {
        NGramCounts counts = new(_data.Vocabulary, _order);
        for (int row = start; row < start + count; row++)
        {
            (int s, int i) = sample.Locate(row);
            counts.Add(sample.Sequences[s], i);
        }

        return counts;
    }

    public override NGramCounts Data(TokenSample sample, IReadOnlyList<int> rows)
    {
        NGramCounts counts = new(_data.Vocabulary, _order);
        foreach (int row in rows)
        {
            (int s, int i) = sample.Locate(row);
            counts.Add(sample.Sequences[s], i);
        }

        return counts;
    }

    public override NGramCounts Add(NGramCounts left, NGramCounts right) => left.Merge(right);

    public override long Rows(NGramCounts data) => data.Rows;

    public override IReadOnlyList<(string Metric, double Value)> Truth(int trial, TokenSample real)
    {
        double loss = 0;
        long positions = 0;
        foreach (int[] sequence in Test(trial).Sequences)
        {
            for (int i = 0; i < sequence.Length; i++, positions++)
            {
                loss -= Math.Log(_source.Next(i == 0 ? -1 : sequence[i - 1])[sequence[i]]);
            }
        }

        loss /= positions;
        return
        [
            (Metric.TestLoss, loss),
            (Metric.Perplexity, Math.Exp(loss)),
            (Metric.KlDivergence, 0.0),
            (Metric.TotalVariation, 0.0),
            (Metric.VocabularyCoverage, real.Coverage(_data.Vocabulary)),
            (Metric.TailMass, real.Share(_rare)),
        ];
    }

    public override IReadOnlyList<(TokenSample? Next, IReadOnlyList<(string Metric, double Value)> Metrics)> Generation(
        int generation, IReadOnlyList<NGramCounts> data, bool sample, bool measure, int count)
    {
        var results = new (TokenSample?, IReadOnlyList<(string, double)>)[data.Count];
        for (int k = 0; k < data.Count; k++)
        {
            NGramFit fit = new(data[k], _smoothing);
            TokenSample? next = sample || measure
                ? fit.Sample(count, _data.Sequence, _temperature, ChainRunner.Seed(_seeds[k], ChainRunner.Purpose.Sample, generation))
                : null;
            results[k] = (sample ? next : null, measure ? Measure(k, fit, next!) : []);
        }

        return results;
    }

    private List<(string, double)> Measure(int trial, NGramFit fit, TokenSample own)
    {
        int v = _data.Vocabulary;
        double loss = 0, kl = 0, tv = 0;
        long positions = 0;
        Dictionary<long, double[]> tempered = [];
        foreach (int[] sequence in Test(trial).Sequences)
        {
            for (int i = 0; i < sequence.Length; i++, positions++)
            {
                long key = fit.Counts.Key(sequence, i);
                double[] q = fit.Row(key);
                loss -= Math.Log(Math.Max(ProbabilityFloor, q[sequence[i]]));
                if (!tempered.TryGetValue(key, out double[]? qt))
                {
                    qt = (double[])q.Clone();
                    ChainRandom.Temper(qt, _temperature);
                    tempered[key] = qt;
                }

                ReadOnlySpan<double> p = _source.Next(i == 0 ? -1 : sequence[i - 1]);
                (double divergence, double variation) = DiscreteDistance(p, qt);
                kl += divergence;
                tv += variation;
            }
        }

        loss /= positions;
        return
        [
            (Metric.TestLoss, loss),
            (Metric.Perplexity, Math.Exp(loss)),
            (Metric.KlDivergence, kl / positions),
            (Metric.TotalVariation, tv / positions),
            (Metric.VocabularyCoverage, own.Coverage(v)),
            (Metric.TailMass, own.Share(_rare)),
        ];
    }

    /// <summary>KL(p ‖ q) (q floored) and ½Σ|p − q|.</summary>
    internal static (double Kl, double Tv) DiscreteDistance(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double kl = 0, tv = 0;
        for (int w = 0; w < p.Length; w++)
        {
            if (p[w] > 0)
            {
                kl += p[w] * Math.Log(p[w] / Math.Max(ProbabilityFloor, q[w]));
            }

            tv += Math.Abs(p[w] - q[w]);
        }

        return (kl, 0.5 * tv);
    }

    private TokenSample Test(int trial) => _tests[trial] ??= new(_source.Sequences(_data.Test, ChainRunner.Seed(_seeds[trial], ChainRunner.Purpose.Test, 0)));
}
