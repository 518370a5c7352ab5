using Sweep.Kernels;
using Sweep.Storage;

namespace Sweep.Training.Collapse;

/// <summary>
/// One kind of generative model in a collapse chain, for a batch of trials (seeds) run in lock-step: how it draws real
/// samples, summarises samples into what it fits (sufficient statistics, or the samples themselves), fits every trial's
/// generation at once (so a backend can train them as one batch), samples from the fits and measures them.
/// </summary>
/// <typeparam name="TSample">A generation's samples (M of them), or a set of fresh real ones.</typeparam>
/// <typeparam name="TData">What a fit reads: additive, so policies combine generations by <see cref="Add"/>.</typeparam>
internal abstract class ChainFamily<TSample, TData>
{
    /// <summary><paramref name="count"/> samples of the real distribution for trial <paramref name="trial"/>.</summary>
    public abstract TSample Real(int trial, int count, ulong seed);

    /// <summary>What rows [start, start + count) of a sample contribute to a fit.</summary>
    public abstract TData Data(TSample sample, int start, int count);

    /// <summary>What the given rows of a sample contribute to a fit.</summary>
    public abstract TData Data(TSample sample, IReadOnlyList<int> rows);

    /// <summary>Two contributions together; may reuse <paramref name="left"/>, which the caller no longer reads.</summary>
    public abstract TData Add(TData left, TData right);

    /// <summary>Samples fitted.</summary>
    public abstract long Rows(TData data);

    /// <summary>Called once per trial with its generation-0 real sample, before any generation (a fixed design keeps its inputs).</summary>
    public virtual void Start(int trial, TSample real)
    {
    }

    /// <summary>The metrics of the real distribution itself (generation 0), trial by trial.</summary>
    public abstract IReadOnlyList<(string Metric, double Value)> Truth(int trial, TSample real);

    /// <summary>
    /// Fits generation <paramref name="generation"/> of every trial to its data; draws <paramref name="count"/> samples
    /// from each fit when <paramref name="sample"/> (the next generation's); measures each fit when <paramref name="measure"/>.
    /// </summary>
    public abstract IReadOnlyList<(TSample? Next, IReadOnlyList<(string Metric, double Value)> Metrics)> Generation(
        int generation, IReadOnlyList<TData> data, bool sample, bool measure, int count);
}

/// <summary>
/// Runs collapse chains: generation 0 is M real samples; generation t ≥ 1 fits the data its <see cref="DataPolicy"/>
/// selects from the earlier generations' samples (and fresh real ones), then samples M for the next. Every trial of a
/// batch advances one generation at a time, so a family can fit all of them together.
/// </summary>
internal static class ChainRunner
{
    /// <summary>The purposes a chain draws random numbers for, each its own derived seed per trial and generation.</summary>
    internal enum Purpose : ulong
    {
        Real = 1,
        Fresh = 2,
        Sample = 3,
        Subsample = 4,
        Fit = 5,
        Test = 6,
        Probe = 7,
    }

    /// <summary>The seed of one purpose at one generation of the trial with seed <paramref name="trialSeed"/>.</summary>
    public static ulong Seed(long trialSeed, Purpose purpose, int generation)
        => Philox.Derive(Philox.Derive((ulong)trialSeed, (ulong)purpose), (ulong)generation);

    /// <summary>The fresh real samples of a <see cref="DataPolicyKind.FreshMix"/> generation of M: the fraction of M, rounded.</summary>
    public static int FreshCount(DataPolicy policy, int samples)
        => policy.Kind == DataPolicyKind.FreshMix ? (int)Math.Clamp(Math.Round(policy.FreshFraction * samples, MidpointRounding.AwayFromZero), 0, samples) : 0;

    /// <summary>Runs the chains of trials that share their specs but for the seed; returns each trial's metrics, per checkpoint.</summary>
    public static IReadOnlyList<IReadOnlyList<MetricValue>> Run<TSample, TData>(
        ChainFamily<TSample, TData> family, CollapseSpec chain, int samples, IReadOnlyList<long> seeds, long parameters, CancellationToken cancellationToken)
    {
        int trials = seeds.Count;
        HashSet<int> checkpoints = [.. chain.Checkpoints];
        var metrics = new List<MetricValue>[trials];
        var previous = new TSample[trials];
        var accumulated = new TData[trials];
        var all = new List<TSample>[trials];
        DataPolicyKind kind = chain.Policy.Kind;
        for (int k = 0; k < trials; k++)
        {
            metrics[k] = [];
            previous[k] = family.Real(k, samples, Seed(seeds[k], Purpose.Real, 0));
            all[k] = [previous[k]];
            family.Start(k, previous[k]);
            if (checkpoints.Contains(0))
            {
                Record(metrics[k], 0, family.Truth(k, previous[k]));
            }
        }

        int fresh = FreshCount(chain.Policy, samples);
        for (int t = 1; t <= chain.Generations; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var data = new TData[trials];
            for (int k = 0; k < trials; k++)
            {
                data[k] = t == 1 ? family.Data(previous[k], 0, samples) : kind switch
                {
                    DataPolicyKind.Accumulate => family.Add(accumulated[k], family.Data(previous[k], 0, samples)),
                    DataPolicyKind.AccumulateSubsample => Subsample(family, all[k], samples, Seed(seeds[k], Purpose.Subsample, t)),
                    DataPolicyKind.FreshMix when fresh == samples => family.Data(family.Real(k, fresh, Seed(seeds[k], Purpose.Fresh, t)), 0, fresh),
                    DataPolicyKind.FreshMix when fresh > 0 => family.Add(
                        family.Data(family.Real(k, fresh, Seed(seeds[k], Purpose.Fresh, t)), 0, fresh),
                        family.Data(previous[k], 0, samples - fresh)),
                    _ => family.Data(previous[k], 0, samples),
                };
                accumulated[k] = data[k];
            }

            bool measure = checkpoints.Contains(t);
            var generation = family.Generation(t, data, sample: t < chain.Generations, measure, samples);
            for (int k = 0; k < trials; k++)
            {
                if (measure)
                {
                    // Samples fitted and the model's size, unless the family counted them itself (the engine's gradient steps × batch).
                    IReadOnlyList<(string Metric, double Value)> measured = generation[k].Metrics;
                    Record(metrics[k], t, [
                        .. measured,
                        .. measured.Any(m => m.Metric == Metric.Tokens) ? [] : new[] { (Metric.Tokens, (double)family.Rows(data[k])) },
                        .. measured.Any(m => m.Metric == Metric.Parameters) ? [] : new[] { (Metric.Parameters, (double)parameters) }]);
                }

                if (generation[k].Next is TSample next)
                {
                    previous[k] = next;
                    if (kind == DataPolicyKind.AccumulateSubsample)
                    {
                        all[k].Add(next);
                    }
                }
            }
        }

        return metrics;
    }

    /// <summary>
    /// <paramref name="count"/> distinct indexes of [0, <paramref name="total"/>), uniformly without replacement (Floyd's
    /// algorithm), from a seed.
    /// </summary>
    internal static HashSet<long> Choose(long total, int count, ulong seed)
    {
        HashSet<long> chosen = [];
        ulong draw = 0;
        for (long j = total - count; j < total; j++, draw++)
        {
            // A uniform index in [0, j]: 32 random bits scaled (the pool holds far fewer than 2³² rows).
            var pick = (long)((Philox.Bits(seed, 0, draw) * (ulong)(j + 1)) >> 32);
            _ = chosen.Add(chosen.Contains(pick) ? j : pick);
        }

        return chosen;
    }

    /// <summary>M rows drawn without replacement from every sample so far, combined generation by generation.</summary>
    private static TData Subsample<TSample, TData>(ChainFamily<TSample, TData> family, List<TSample> pool, int samples, ulong seed)
    {
        HashSet<long> chosen = Choose((long)pool.Count * samples, samples, seed);
        TData? combined = default;
        bool any = false;
        foreach (IGrouping<long, long> group in chosen.GroupBy(i => i / samples).OrderBy(g => g.Key))
        {
            int[] rows = [.. group.Select(i => (int)(i % samples)).Order()];
            TData part = family.Data(pool[(int)group.Key], rows);
            combined = any ? family.Add(combined!, part) : part;
            any = true;
        }

        return combined!;
    }

    private static void Record(List<MetricValue> metrics, int generation, IEnumerable<(string Metric, double Value)> values)
    {
        string evaluation = CollapseSpec.EvaluationName(generation);
        foreach ((string metric, double value) in values)
        {
            metrics.Add(new MetricValue(evaluation, metric, value));
        }
    }
}
