namespace Sweep;

/// <summary>
/// Marks a <see cref="LawSpec"/> property: after <c>run</c>, the report fits that law to the study's results, with
/// bootstrap intervals (or, for <see cref="LawSpec.Peak"/>, locates the peak). The property is read once, on an
/// instance with default axis values.
/// </summary>
/// <example>
/// <code>
/// [Law] public LawSpec LossVsParams =&gt; LawSpec.PowerLaw(x: Metric.Parameters, y: Metric.TestLoss, by: nameof(TrainSize));
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class LawAttribute : Attribute
{
}
