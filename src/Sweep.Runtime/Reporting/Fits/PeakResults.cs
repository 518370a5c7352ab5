namespace Sweep.Analysis;

/// <summary>A study's declared peak (<see cref="LawSpec.Peak"/>), located once per group of its <c>by</c> column.</summary>
/// <param name="Name">The <c>[Law]</c> property's name.</param>
/// <param name="Evaluation">The evaluation whose metrics were analysed.</param>
/// <param name="Analysis">The peak of each group, or why a group has none.</param>
public sealed record PeakResults(string Name, string Evaluation, GroupedAnalysis<DoubleDescentResult> Analysis);
