namespace Sweep;

/// <summary>A <see cref="DerivedAttribute"/> column of a study.</summary>
/// <example>
/// <code>
/// DerivedDescriptor? flops = descriptor.Derived.FirstOrDefault(d => d.Quantity == Quantity.Flops);
/// </code>
/// </example>
public sealed class DerivedDescriptor
{
    /// <summary>Describes a derived column. Called by generated code.</summary>
    /// <param name="name">The property's name.</param>
    /// <param name="quantity">What it measures.</param>
    public DerivedDescriptor(string name, Quantity quantity)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Quantity = quantity;
    }

    /// <summary>The property's name, which is also the column name.</summary>
    public string Name { get; }

    /// <summary>What it measures.</summary>
    public Quantity Quantity { get; }
}
