using System.Collections;
using Sweep.Storage;

namespace Sweep.Training;

/// <summary>
/// What an engine returns for one trial when it has more than metrics to store: the metrics, the reliability
/// diagram of each probabilistic-classifier evaluation, and, where a temperature was fitted, the diagram of the
/// temperature-scaled model. The runner stores the diagrams beside the metrics (their own tables); an engine that
/// returns a plain list of metrics stores none.
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
    /// <param name="calibratedReliability">Evaluation → the diagram of the temperature-scaled model (where a temperature was fitted); none when null.</param>
    public TrialMetrics(
        IReadOnlyList<MetricValue> values, IReadOnlyDictionary<string, ReliabilityDiagram> reliability, IReadOnlyDictionary<string, ReliabilityDiagram>? calibratedReliability = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(reliability);
        _values = values;
        Reliability = reliability;
        CalibratedReliability = calibratedReliability ?? new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal);
    }

    /// <summary>Evaluation → its reliability diagram.</summary>
    public IReadOnlyDictionary<string, ReliabilityDiagram> Reliability { get; }

    /// <summary>Evaluation → the reliability diagram of softmax(logits / T), T the temperature fitted on the validation split.</summary>
    public IReadOnlyDictionary<string, ReliabilityDiagram> CalibratedReliability { get; }

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public MetricValue this[int index] => _values[index];

    /// <summary>The reliability diagrams that come with metrics an engine returned: none unless they are <see cref="TrialMetrics"/>.</summary>
    /// <param name="metrics">What the engine returned.</param>
    /// <returns>Evaluation → diagram.</returns>
    public static IReadOnlyDictionary<string, ReliabilityDiagram> ReliabilityOf(IReadOnlyList<MetricValue> metrics)
        => metrics is TrialMetrics withDiagrams ? withDiagrams.Reliability : new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal);

    /// <summary>The temperature-scaled models' diagrams that come with metrics an engine returned: none unless they are <see cref="TrialMetrics"/>.</summary>
    /// <param name="metrics">What the engine returned.</param>
    /// <returns>Evaluation → diagram.</returns>
    public static IReadOnlyDictionary<string, ReliabilityDiagram> CalibratedReliabilityOf(IReadOnlyList<MetricValue> metrics)
        => metrics is TrialMetrics withDiagrams ? withDiagrams.CalibratedReliability : new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal);

    /// <inheritdoc />
    public IEnumerator<MetricValue> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
