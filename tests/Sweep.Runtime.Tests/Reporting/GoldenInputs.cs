using Sweep.Reporting;
using Sweep.Reporting.Figures;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Reporting;

/// <summary>
/// Fixed stored results for golden files: two cells over two seeds with two evaluations, numbers that need
/// exponent and decimal formatting, a NaN, a string axis value with a comma, and a failure whose message has a
/// pipe, quotes and a second line.
/// </summary>
internal static class GoldenInputs
{
    public const string Study = "demo";

    public static IReadOnlyList<StoredTrial> Trials { get; } =
    [
        Done("Width=16;Optimizer=adam;seed=0", 0, 16, "adam", 96_000, clean: (0.5, 0.0001234), shifted: 1.25),
        Done("Width=16;Optimizer=adam;seed=1", 1, 16, "adam", 96_000, clean: (0.25, 0.0002), shifted: 1.5),
        Done("Width=256;Optimizer=adam;seed=0", 0, 256, "adam", 1_536_000, clean: (0.125, 1e-7), shifted: double.NaN),
        Done("Width=256;Optimizer=adam;seed=1", 1, 256, "adam", 1_536_000, clean: (0.0625, 2.5e-7), shifted: 0.75),
        new(
            Study, "Width=256;Optimizer=sgd, momentum;seed=0", 4, 0,
            Axes(256, "sgd, momentum"), Derived(1_536_000), TrialStatus.Failed,
            "InvalidOperationException: loss diverged | \"NaN\" at step 12\n   at Demo.Run(TrialContext context)",
            12.5, "cpu", 1, 2, new Dictionary<string, IReadOnlyDictionary<string, double>>()),
    ];

    public static IReadOnlyList<StoredRun> Runs { get; } =
    [
        new(1, RunStatus.Failures, "2025-01-02T03:04:05.0000000Z", "2025-01-02T03:14:05.0000000Z", "run demo", "cpu", null,
            new RunEnvironment("lab-01", "Ubuntu 24.04 LTS", ".NET 10.0.0", "Example CPU @ 3.00GHz", 16, "0123abcd", "0.1.0")),
    ];

    public static string Markdown()
    {
        StudySummary summary = StudySummary.From(Study, Trials, Runs, Path.Combine("results", "sweep.db"));
        return MarkdownReport.Render(summary, MetricFigures.Build(summary, laws: null), ["## Fits\n\nNo laws declared.\n"], "results");
    }

    private static StoredTrial Done(string key, int seed, int width, string optimizer, double flops, (double Test, double Train) clean, double shifted)
        => new(
            Study, key, key.StartsWith("Width=16", StringComparison.Ordinal) ? seed : 2 + seed, seed, Axes(width, optimizer), Derived(flops), TrialStatus.Done, null,
            0.125 * (seed + 1), "cpu", 1, 1,
            new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["Clean"] = new Dictionary<string, double> { [Metric.TestLoss] = clean.Test, [Metric.TrainLoss] = clean.Train, [Metric.Flops] = flops * 1.0000001 },
                ["Shifted"] = new Dictionary<string, double> { [Metric.TestLoss] = shifted },
            });

    private static KeyValuePair<string, StoredValue>[] Axes(int width, string optimizer)
        => [new("Width", new StoredValue(width.ToString(System.Globalization.CultureInfo.InvariantCulture), width)), new("Optimizer", new StoredValue(optimizer, null))];

    private static KeyValuePair<string, StoredValue>[] Derived(double flops)
        => [new("Flops", new StoredValue(flops.ToString("R", System.Globalization.CultureInfo.InvariantCulture), flops))];
}
