namespace Sweep;

/// <summary>
/// Marks a <see cref="ShiftSpec"/> property as one evaluation of every trained model: each trial stores one row
/// of metrics per evaluation, named after the property. A study with no evaluations is evaluated once on
/// clean test data, as <c>test</c>.
/// </summary>
/// <example>
/// <code>
/// [Evaluate] public ShiftSpec Clean =&gt; ShiftSpec.None;
/// [Evaluate] public ShiftSpec Wider =&gt; ShiftSpec.Covariate(scale: 2.0);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class EvaluateAttribute : Attribute
{
}
