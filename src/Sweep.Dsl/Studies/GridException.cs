namespace Sweep;

/// <summary>
/// A grid could not be built from the given overrides: an unknown axis, a value that does not parse as the
/// axis's type, a duplicate, or zipped axes of different lengths. The message names the axis and the value.
/// </summary>
/// <example>
/// <code>
/// try { MyStudy.Definition.CreateGrid(GridOptions.Default.WithOverride("Width", "abc")); }
/// catch (GridException e) { Console.Error.WriteLine(e.Message); }  // --set Width: 'abc' is not an int
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

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public GridException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
