using Sweep.Kernels;
using Sweep.Storage;
using Sweep.Training;
using Sweep.Training.Collapse;

namespace Sweep.Runtime.Tests.Training.Collapse;

/// <summary>Runs collapse chains on the CPU backend for many seeds and reads one metric per seed at a checkpoint.</summary>
internal sealed class ChainHarness : IDisposable
{
    private readonly ComputeBackend _cpu = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: 1));

    public void Dispose() => _cpu.Dispose();

    /// <summary>Each seed's metrics: evaluation → metric → value.</summary>
    public IReadOnlyList<Dictionary<string, Dictionary<string, double>>> Run(TrialSpec spec, int seeds, int firstSeed = 0, int batch = int.MaxValue)
    {
        List<Dictionary<string, Dictionary<string, double>>> all = [];
        for (int start = 0; start < seeds; start += batch)
        {
            TrainingTrial[] trials = [.. Enumerable.Range(firstSeed + start, Math.Min(batch, seeds - start)).Select(s => new TrainingTrial(spec, s))];
            foreach (IReadOnlyList<MetricValue> metrics in CollapseChains.Run(_cpu, trials))
            {
                all.Add(metrics.GroupBy(m => m.Evaluation).ToDictionary(g => g.Key, g => g.ToDictionary(m => m.Name, m => m.Value)));
            }
        }

        return all;
    }

    public static double[] Values(IReadOnlyList<Dictionary<string, Dictionary<string, double>>> runs, int generation, string metric)
        => [.. runs.Select(r => r[CollapseSpec.EvaluationName(generation)][metric])];

    public static double Mean(IReadOnlyList<double> values) => values.Average();

    public static double StandardError(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) / values.Count);
    }

    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>ln Γ(x) by the Stirling series after shifting x above 10 (independent of the product's Lanczos).</summary>
    public static double LogGamma(double x)
    {
        double shift = 0;
        while (x < 10)
        {
            shift -= Math.Log(x);
            x += 1;
        }

        double inverse = 1 / x, inverse2 = inverse * inverse;
        return shift + ((x - 0.5) * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI))
            + (inverse * ((1.0 / 12) - (inverse2 * ((1.0 / 360) - (inverse2 * ((1.0 / 1260) - (inverse2 / 1680)))))));
    }

    /// <summary>The digamma function ψ(x) by recurrence and its asymptotic series.</summary>
    public static double Digamma(double x)
    {
        double result = 0;
        while (x < 10)
        {
            result -= 1 / x;
            x += 1;
        }

        double inverse2 = 1 / (x * x);
        return result + Math.Log(x) - (0.5 / x) - (inverse2 * ((1.0 / 12) - (inverse2 * ((1.0 / 120) - (inverse2 / 252)))));
    }

    /// <summary>The trigamma function ψ′(x) by recurrence and its asymptotic series.</summary>
    public static double Trigamma(double x)
    {
        double result = 0;
        while (x < 10)
        {
            result += 1 / (x * x);
            x += 1;
        }

        double inverse = 1 / x, inverse2 = inverse * inverse;
        return result + inverse + (0.5 * inverse2) + (inverse * inverse2 * ((1.0 / 6) - (inverse2 * ((1.0 / 30) - (inverse2 / 42)))));
    }
}
