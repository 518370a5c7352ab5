namespace Sweep.Storage;

/// <summary>One metric of one evaluation of a trial.</summary>
/// <param name="Evaluation">The evaluation's name.</param>
/// <param name="Name">The metric's name.</param>
/// <param name="Value">The value; NaN is stored as NULL.</param>
public readonly record struct MetricValue(string Evaluation, string Name, double Value);
