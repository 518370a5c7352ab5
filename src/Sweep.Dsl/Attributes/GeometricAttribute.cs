namespace Sweep;

/// <summary>
/// Gives an axis <see cref="Steps"/> geometrically spaced values from <c>from</c> to <c>to</c>, both included:
/// <c>from · (to/from)^(i/(Steps−1))</c>. Integer axes round each value and drop duplicates, so
/// <c>Geometric(1, 8, Steps = 6)</c> on an <c>int</c> gives 1, 2, 3, 5, 8. Both bounds must be positive and
/// <see cref="Steps"/> at least 2.
/// </summary>
/// <example>
/// <code>
/// [Axis, Geometric(16, 1024, Steps = 7)] public int Width { get; init; }        // 16, 32, …, 1024
/// [Axis, Geometric(1e-4, 1e-1, Steps = 4)] public double LearningRate { get; init; }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class GeometricAttribute : Attribute
{
    /// <summary>Declares a geometric range.</summary>
    /// <param name="from">The first value; positive.</param>
    /// <param name="to">The last value; positive.</param>
    public GeometricAttribute(double from, double to)
    {
        From = from;
        To = to;
    }

    /// <summary>The first value.</summary>
    public double From { get; }

    /// <summary>The last value.</summary>
    public double To { get; }

    /// <summary>How many values, at least 2 (before integer de-duplication). The default is 5.</summary>
    public int Steps { get; set; } = 5;
}
