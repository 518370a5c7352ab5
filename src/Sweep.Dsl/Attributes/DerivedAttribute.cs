namespace Sweep;

/// <summary>
/// Records a computed property (parameters, tokens, FLOPs, …) with every trial, as a column next to the axes.
/// The property must be numeric and readable. Give it a <see cref="Quantity"/> so analysis and planning know
/// what it means: <see cref="Quantity.Flops"/> is the cost estimate that <c>plan</c> and the progress ETA use.
/// </summary>
/// <example>
/// <code>
/// [Derived(Quantity.Parameters)] public long Parameters => 33L * Width + Width + 1;
/// [Derived(Quantity.Tokens)]     public long Samples => TrainSize;
/// [Derived(Quantity.Flops)]      public double Flops => 6.0 * Parameters * Samples;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DerivedAttribute : Attribute
{
    /// <summary>Records the property with no particular meaning.</summary>
    public DerivedAttribute() : this(Quantity.None)
    {
    }

    /// <summary>Records the property as the given quantity.</summary>
    /// <param name="quantity">What the value measures.</param>
    public DerivedAttribute(Quantity quantity) => Quantity = quantity;

    /// <summary>What the value measures.</summary>
    public Quantity Quantity { get; }
}
