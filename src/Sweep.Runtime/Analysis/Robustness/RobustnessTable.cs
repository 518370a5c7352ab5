namespace Sweep.Analysis.Robustness;

/// <summary>What <c>robustness --json</c> prints: the table read, how its accuracies were read, and the fit.</summary>
/// <param name="Source">The file.</param>
/// <param name="IdColumn">The in-distribution accuracy column.</param>
/// <param name="OodColumn">The shifted accuracy column.</param>
/// <param name="Percent">Whether the accuracies were read as percentages (stated with <c>--percent</c>, or detected from a value above 1).</param>
/// <param name="Reference">The reference filter, or null for every row.</param>
/// <param name="Warnings">What the reader changed or assumed (clipped accuracies, percentages detected).</param>
/// <param name="Line">The fit; its rows are fractions, sorted by ρ descending.</param>
public sealed record RobustnessReport(string Source, string IdColumn, string OodColumn, bool Percent, string? Reference, IReadOnlyList<string> Warnings, OnTheLineResult Line)
{
    /// <summary>The report as indented JSON (<see cref="AnalysisJson"/>).</summary>
    public string ToJson() => AnalysisJson.Serialize(this);
}
