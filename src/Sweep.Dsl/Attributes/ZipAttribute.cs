namespace Sweep;

/// <summary>
/// Makes axes vary together instead of as a Cartesian product: all axes with the same group name take their
/// i-th values at the same grid point, so they must have the same number of values.
/// </summary>
/// <example>
/// <code>
/// // Three (width, depth) shapes, not nine.
/// [Axis, Values(64, 128, 256), Zip("shape")] public int Width { get; init; }
/// [Axis, Values(2, 3, 4),      Zip("shape")] public int Depth { get; init; }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ZipAttribute : Attribute
{
    /// <summary>Puts the axis in a zip group.</summary>
    /// <param name="group">The group's name; axes with the same name vary together.</param>
    public ZipAttribute(string group) => Group = group;

    /// <summary>The group's name.</summary>
    public string Group { get; }
}
