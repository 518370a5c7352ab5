using System.Collections;
using Sweep.Storage;

namespace Sweep.Training;

/// <summary>
/// What an engine returns for one trial when it has more than metrics to store: the metrics, and the reliability
/// diagram of each probabilistic-classifier evaluation. The runner stores the diagrams beside the metrics (their own
/// table); an engine that returns a plain list of metrics stores none.
/// </summary>
/// <example>
/// <code>
/// IReadOnlyList&lt;MetricValue&gt; metrics = engine.Run(trial, context);
/// if (metrics is TrialMetrics { Reliability: var diagrams } &amp;&amp; diagrams.TryGetValue("Clean", out ReliabilityDiagram? clean))
///     Console.WriteLine($"ECE {clean.ExpectedCalibrationError:F3}");
/// </code>
/// </example>
public sealed class TrialMetrics : IReadOnlyList<MetricValue>
{
    private readonly IReadOnlyList<MetricValue> _values;

    /// <summary>Metrics with reliability diagrams.</summary>
    /// <param name="values">The metrics.</param>
    /// <param name="reliability">Evaluation → its reliability diagram (probabilistic classifiers only).</param>
    public TrialMetrics(IReadOnlyList<MetricValue> values, IReadOnlyDictionary<string, ReliabilityDiagram> reliability)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(reliability);
        _values = values;
        Reliability = reliability;
    }

    /// <summary>Evaluation → its reliability diagram.</summary>
    public IReadOnlyDictionary<string, ReliabilityDiagram> Reliability { get; }

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public MetricValue this[int index] => _values[index];

    /// <summary>The reliability diagrams that come with metrics an engine returned: none unless they are <see cref="TrialMetrics"/>.</summary>
    /// <param name="metrics">What the engine returned.</param>
    /// <returns>Evaluation → diagram.</returns>
    public static IReadOnlyDictionary<string, ReliabilityDiagram> ReliabilityOf(IReadOnlyList<MetricValue> metrics)
        => metrics is TrialMetrics withDiagrams ? withDiagrams.Reliability : new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal);

    /// <inheritdoc />
    public IEnumerator<MetricValue> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
