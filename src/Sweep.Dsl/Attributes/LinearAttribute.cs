namespace Sweep;

/// <summary>
/// Gives an axis <see cref="Steps"/> evenly spaced values from <c>from</c> to <c>to</c>, both included. Integer
/// axes round each value and drop duplicates. <see cref="Steps"/> must be at least 2.
/// </summary>
/// <example>
/// <code>
/// [Axis, Linear(0.0, 0.5, Steps = 6)] public double LabelNoise { get; init; }   // 0, 0.1, …, 0.5
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class LinearAttribute : Attribute
{
    /// <summary>Declares a linear range.</summary>
    /// <param name="from">The first value.</param>
    /// <param name="to">The last value.</param>
    public LinearAttribute(double from, double to)
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
