namespace Sweep;

/// <summary>The value type of an axis, as the generator found it on the property.</summary>
/// <example>
/// <code>
/// foreach (AxisDescriptor axis in MyStudy.Definition.Descriptor.Axes)
///     Console.WriteLine($"{axis.Name}: {axis.Kind}");
/// </code>
/// </example>
public enum AxisKind
{
    /// <summary><see cref="int"/>.</summary>
    Int32 = 0,

    /// <summary><see cref="long"/>.</summary>
    Int64 = 1,

    /// <summary><see cref="float"/>.</summary>
    Single = 2,

    /// <summary><see cref="double"/>.</summary>
    Double = 3,

    /// <summary><see cref="bool"/>.</summary>
    Boolean = 4,

    /// <summary><see cref="string"/>.</summary>
    String = 5,

    /// <summary>An enum type; values are its member names.</summary>
    Enum = 6,
}
