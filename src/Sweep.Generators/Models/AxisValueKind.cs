namespace Sweep.Generators.Models;

/// <summary>
/// The value type of an axis. Mirrors <c>Sweep.AxisKind</c> member for member (the emitter writes
/// <c>global::Sweep.AxisKind.{name}</c>), without referencing Sweep.Dsl.
/// </summary>
internal enum AxisValueKind
{
    /// <summary><c>int</c>.</summary>
    Int32,

    /// <summary><c>long</c>.</summary>
    Int64,

    /// <summary><c>float</c>.</summary>
    Single,

    /// <summary><c>double</c>.</summary>
    Double,

    /// <summary><c>bool</c>.</summary>
    Boolean,

    /// <summary><c>string</c>.</summary>
    String,

    /// <summary>An enum type.</summary>
    Enum,
}
