namespace Sweep.Analysis;

/// <summary>
/// Bad input to a fit: a missing column, a value that is not a positive finite number where a logarithm is taken,
/// or fewer points than the law has parameters. The message names the source, the row and the column.
/// </summary>
public sealed class FitDataException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message, naming row and column.</param>
    /// <param name="dataSource">The file or data set name.</param>
    /// <param name="row">1-based data row (the header is row 0), if one row is at fault.</param>
    /// <param name="line">1-based line in the file, if known.</param>
    /// <param name="column">The column at fault, if one is.</param>
    public FitDataException(string message, string dataSource, int? row = null, int? line = null, string? column = null)
        : base(message)
    {
        DataSource = dataSource;
        Row = row;
        Line = line;
        Column = column;
    }

    /// <summary>The file or data set name.</summary>
    public string DataSource { get; }

    /// <summary>1-based data row (0 = the header), or null when no single row is at fault.</summary>
    public int? Row { get; }

    /// <summary>1-based line in the file, or null.</summary>
    public int? Line { get; }

    /// <summary>The column at fault, or null.</summary>
    public string? Column { get; }
}
