namespace Sweep;

/// <summary>
/// What a <see cref="TrialAttribute"/> method gets from the runner: its seed, key and cancellation, and where
/// to record metrics. Everything recorded is stored in one transaction when the method returns; nothing is
/// stored if it throws.
/// </summary>
/// <example>
/// <code>
/// [Trial]
/// public void Run(TrialContext context)
/// {
///     Random random = context.CreateRandom();
///     context.Record(Metric.TestLoss, Simulate(Width, random));
///     context.Record("shifted", Metric.TestLoss, Simulate(Width * 2, random));
/// }
/// </code>
/// </example>
public abstract class TrialContext
{
    /// <summary>The evaluation metrics are recorded under when none is named.</summary>
    public const string DefaultEvaluation = "test";

    /// <summary>The trial's seed.</summary>
    public abstract int Seed { get; }

    /// <summary>The trial's stable key (axis values and seed).</summary>
    public abstract string Key { get; }

    /// <summary>Signalled when the run is stopping; long trials should check it.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>
    /// The cores this trial may use: 1 while other trials run beside it, more when a run has fewer trials than it has
    /// cores (<c>--parallel</c>). The built-in engine splits a model's products over them (with the same results);
    /// a <c>[Trial]</c> method may use them too.
    /// </summary>
    public virtual int Threads => 1;

    /// <summary>Records a metric under an evaluation.</summary>
    /// <param name="evaluation">The evaluation's name.</param>
    /// <param name="metric">The metric's name (see <see cref="Metric"/>).</param>
    /// <param name="value">The value.</param>
    public abstract void Record(string evaluation, string metric, double value);

    /// <summary>Records a metric under <see cref="DefaultEvaluation"/>.</summary>
    /// <param name="metric">The metric's name (see <see cref="Metric"/>).</param>
    /// <param name="value">The value.</param>
    public void Record(string metric, double value) => Record(DefaultEvaluation, metric, value);

    /// <summary>A pseudo-random generator seeded from <see cref="Seed"/>: the same sequence on every run of this trial.</summary>
    /// <returns>A new generator.</returns>
    public Random CreateRandom() => new(Seed);
}
