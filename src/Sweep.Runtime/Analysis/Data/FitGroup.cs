namespace Sweep.Analysis;

/// <summary>One group of points read for an analysis (one value of <see cref="FitColumns.By"/>), or why it could not be read.</summary>
/// <param name="Group">The group's value, or null when the data are not grouped.</param>
/// <param name="Points">Rows in the group.</param>
/// <param name="Data">The points, or null when they could not be read.</param>
/// <param name="Error">Why they could not be read (naming the row and column), or null.</param>
public sealed record FitGroup(string? Group, int Points, FitData? Data, string? Error)
{
    /// <summary>A group whose points could not be read.</summary>
    /// <param name="group">The group's value, or null.</param>
    /// <param name="points">Rows in the group.</param>
    /// <param name="error">The reason.</param>
    public static FitGroup Failed(string? group, int points, string error) => new(group, points, null, error);
}
