namespace Sweep;

/// <summary>
/// Marks a property as an axis of the study's grid. The property needs an <c>init</c> or <c>set</c> accessor and
/// one of the supported types: <see cref="int"/>, <see cref="long"/>, <see cref="float"/>, <see cref="double"/>,
/// <see cref="bool"/>, <see cref="string"/> or an enum. Its values come from <see cref="ValuesAttribute"/>,
/// <see cref="GeometricAttribute"/> or <see cref="LinearAttribute"/>; a bool or enum axis with none of those
/// takes every value of its type.
/// </summary>
/// <example>
/// <code>
/// [Axis, Values(0.0, 1e-4, 1e-2)] public double WeightDecay { get; init; }
/// [Axis]                          public Optimizer Optimizer { get; init; }   // every enum value
/// [Axis, Geometric(16, 1024, Steps = 7)] public int Width { get; init; }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class AxisAttribute : Attribute
{
}
