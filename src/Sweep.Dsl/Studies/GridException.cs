namespace Sweep;

/// <summary>
/// A grid could not be built from the given overrides: an unknown axis, a value that does not parse as the
/// axis's type, a duplicate, or zipped axes of different lengths. The message names the value and what is wrong;
/// <see cref="Axis"/> names the override it is about (<see cref="GridOptions.SeedAxis"/> for the seeds), so a host can
/// say which of its flags or settings gave it.
/// </summary>
/// <example>
/// <code>
/// try { MyStudy.Definition.CreateGrid(GridOptions.Default.WithOverride("Width", "abc")); }
/// catch (GridException e) { Console.Error.WriteLine($"{e.Axis}: {e.Message}"); }  // Width: 'abc' is not a valid int.
/// </code>
/// </example>
public sealed class GridException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GridException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, naming the axis and the value.</param>
    public GridException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message about one override.</summary>
    /// <param name="message">What is wrong, naming the value.</param>
    /// <param name="axis">The override it is about: an axis's name, or <see cref="GridOptions.SeedAxis"/>.</param>
    public GridException(string message, string? axis) : base(message)
    {
        Axis = axis;
    }

    /// <summary>The override the error is about (an axis's name, or <see cref="GridOptions.SeedAxis"/>), or null when it concerns the grid as a whole.</summary>
    public string? Axis { get; }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public GridException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
