namespace Sweep;

/// <summary>An axis with the values a particular grid uses (the declared ones, or the CLI's overrides).</summary>
/// <example>
/// <code>
/// foreach (GridAxis axis in grid.Axes) Console.WriteLine($"{axis.Axis.Name}: {string.Join(", ", axis.Texts)}");
/// </code>
/// </example>
public sealed class GridAxis
{
    private GridAxis(AxisDescriptor axis, object[] values, string[] texts)
    {
        Axis = axis;
        Values = values;
        Texts = texts;
    }

    /// <summary>The axis as declared.</summary>
    public AxisDescriptor Axis { get; }

    /// <summary>The typed values (boxed), in grid order.</summary>
    public IReadOnlyList<object> Values { get; }

    /// <summary>The values formatted invariantly.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>Wraps typed values. Called by generated code.</summary>
    /// <typeparam name="T">The axis's value type.</typeparam>
    /// <param name="axis">The axis.</param>
    /// <param name="values">Its values for this grid.</param>
    /// <returns>The grid axis.</returns>
    public static GridAxis Of<T>(AxisDescriptor axis, IReadOnlyList<T> values)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(axis);
        ArgumentNullException.ThrowIfNull(values);
        object[] boxed = new object[values.Count];
        string[] texts = new string[values.Count];
        for (int i = 0; i < boxed.Length; i++)
        {
            boxed[i] = values[i];
            texts[i] = AxisFormat.Format(values[i]);
        }

        return new GridAxis(axis, boxed, texts);
    }
}
