namespace Sweep.Reporting.Figures;

/// <summary>How a series is drawn.</summary>
internal enum SeriesStyle
{
    /// <summary>Measured points joined by a line, with error bars when the series has them.</summary>
    Measured = 0,

    /// <summary>A fitted curve: a line without markers, with its interval shaded when the series has one.</summary>
    Fitted = 1,

    /// <summary>Points only (residuals, single measurements).</summary>
    Points = 2,
}

/// <summary>One series of a figure, in data units (the renderer takes logarithms for log axes).</summary>
/// <param name="Label">The legend's text.</param>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values.</param>
/// <param name="Style">How it is drawn.</param>
/// <param name="Group">Series with one group share a colour (a law's fit takes its data's colour).</param>
internal sealed record FigureSeries(string Label, double[] X, double[] Y, SeriesStyle Style, int Group)
{
    /// <summary>Symmetric error bars in data units (± this), or null.</summary>
    public double[]? Error { get; init; }

    /// <summary>A shaded interval's lower edge per point, or null.</summary>
    public double[]? Lower { get; init; }

    /// <summary>A shaded interval's upper edge per point, or null.</summary>
    public double[]? Upper { get; init; }
}

/// <summary>A marked x position: a crossing or a peak, with its interval shaded when it has one.</summary>
/// <param name="Label">The legend's text.</param>
/// <param name="X">Where.</param>
/// <param name="Lower">The interval's lower end, or NaN.</param>
/// <param name="Upper">The interval's upper end, or NaN.</param>
internal sealed record FigureMarker(string Label, double X, double Lower, double Upper);

/// <summary>
/// A figure of a report, independent of how it is drawn: its file stem, title, axes (log where the data span a decade
/// or more), series, markers, and a caption that says what the error bars and bands are.
/// </summary>
/// <param name="Stem">The file name without extension, unique within the report.</param>
/// <param name="Title">The title.</param>
/// <param name="XLabel">The x axis's label.</param>
/// <param name="YLabel">The y axis's label.</param>
/// <param name="LogX">Whether x is on a log scale.</param>
/// <param name="LogY">Whether y is on a log scale.</param>
/// <param name="Series">The series.</param>
/// <param name="Caption">What the figure shows, and what its bars and bands are.</param>
internal sealed record Figure(string Stem, string Title, string XLabel, string YLabel, bool LogX, bool LogY, IReadOnlyList<FigureSeries> Series, string Caption)
{
    /// <summary>Marked positions (crossings, peaks).</summary>
    public IReadOnlyList<FigureMarker> Markers { get; init; } = [];

    /// <summary>Whether the legend goes in the upper left corner rather than the upper right (where a reliability diagram's best bins lie).</summary>
    public bool LegendUpperLeft { get; init; }

    /// <summary>
    /// Whether values suit a log axis: all positive, spanning <paramref name="span"/> or more (4 for scales, which
    /// studies sweep geometrically: 4 to 64 is four doublings; 10 for measured values).
    /// </summary>
    public static bool SuitsLog(IEnumerable<double> values, double span = 10)
    {
        double[] finite = [.. values.Where(double.IsFinite)];
        return finite.Length > 0 && finite.All(v => v > 0) && finite.Max() / finite.Min() >= span;
    }

    /// <summary>The span from which a scale axis is drawn on a log axis.</summary>
    public const double ScaleSpan = 4;
}
