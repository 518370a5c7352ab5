namespace Sweep;

/// <summary>
/// The values a spec factory's numeric parameter, or a spec's init property, accepts: the factory (or the setter)
/// throws outside them when a trial is described, and the generator reports a constant outside them at compile time
/// (<c>SWP3009</c>), on the argument. Bounds are inclusive unless marked exclusive, and every accepted value is finite.
/// </summary>
/// <param name="min">The lower bound.</param>
/// <param name="max">The upper bound; +∞ for none.</param>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false)]
internal sealed class SpecRangeAttribute(double min, double max = double.PositiveInfinity) : Attribute
{
    /// <summary>The lower bound.</summary>
    public double Min { get; } = min;

    /// <summary>The upper bound; +∞ for none.</summary>
    public double Max { get; } = max;

    /// <summary>Whether <see cref="Min"/> itself is refused (a value must be above it).</summary>
    public bool MinExclusive { get; set; }

    /// <summary>Whether <see cref="Max"/> itself is refused.</summary>
    public bool MaxExclusive { get; set; }
}
