namespace Sweep;

/// <summary>
/// Lists an axis's values explicitly, in the order the grid visits them. Each value must convert to the
/// property's type; duplicates are a compile-time error.
/// </summary>
/// <example>
/// <code>
/// [Axis, Values(2_000, 8_000, 32_000)] public int TrainSize { get; init; }
/// [Axis, Values("relu", "gelu")]       public string Activation { get; init; } = "relu";
/// [Axis, Values(Optimizer.Adam, Optimizer.Sgd)] public Optimizer Optimizer { get; init; }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ValuesAttribute : Attribute
{
    /// <summary>Integer values.</summary>
    /// <param name="values">The values, at least one.</param>
    public ValuesAttribute(params int[] values) => Values = values.Cast<object>().ToArray();

    /// <summary>64-bit integer values.</summary>
    /// <param name="values">The values, at least one.</param>
    public ValuesAttribute(params long[] values) => Values = values.Cast<object>().ToArray();

    /// <summary>Floating-point values.</summary>
    /// <param name="values">The values, at least one.</param>
    public ValuesAttribute(params double[] values) => Values = values.Cast<object>().ToArray();

    /// <summary>String values.</summary>
    /// <param name="values">The values, at least one.</param>
    public ValuesAttribute(params string[] values) => Values = values;

    /// <summary>Boolean values.</summary>
    /// <param name="values">The values, at least one.</param>
    public ValuesAttribute(params bool[] values) => Values = values.Cast<object>().ToArray();

    /// <summary>Values of any supported axis type, enums included.</summary>
    /// <param name="values">The values, at least one.</param>
    public ValuesAttribute(params object[] values) => Values = values;

    /// <summary>The values as written.</summary>
    public IReadOnlyList<object> Values { get; }
}
