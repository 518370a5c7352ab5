namespace Sweep;

/// <summary>
/// Marks the method that runs one trial of a study that computes its own metrics instead of returning
/// <see cref="DataSpec"/>/<see cref="ModelSpec"/>/<see cref="TrainSpec"/> for the built-in engine. The signature is
/// <c>void M(TrialContext context)</c>; metrics are recorded through the context. An exception thrown from it
/// marks the trial failed with the exception's message, and the sweep goes on.
/// </summary>
/// <example>
/// <code>
/// [Trial]
/// public void Run(TrialContext context)
/// {
///     double loss = Simulate(Width, context.Seed);
///     context.Record(Metric.TestLoss, loss);
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrialAttribute : Attribute
{
}
