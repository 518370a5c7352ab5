using System.Text.Json.Serialization;

namespace Sweep.Analysis;

/// <summary>
/// An analysis other than a law fit (a law comparison, an IsoFLOP analysis, a double-descent peak) run once per group
/// of points: what <c>fit --compare</c>, <c>fit --isoflop</c> and <c>fit --peak</c> print, and their JSON.
/// </summary>
/// <typeparam name="T">The analysis's result type.</typeparam>
/// <param name="Analysis">What was run: <c>compare</c>, <c>isoflop</c> or <c>peak</c>.</param>
/// <param name="Source">The file, or the store and study.</param>
/// <param name="Columns">The columns read.</param>
/// <param name="Groups">One entry per value of <see cref="FitColumns.By"/> (one entry when ungrouped).</param>
public sealed record GroupedAnalysis<T>(string Analysis, string Source, FitColumns Columns, IReadOnlyList<GroupedResult<T>> Groups)
    where T : class
{
    /// <summary>Where the fits' objective was evaluated, or null when the analysis fits no law.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ObjectiveBackend { get; init; }

    /// <summary>The first group that could not be analysed, or null.</summary>
    [JsonIgnore]
    public GroupedResult<T>? FirstFailure => Groups.FirstOrDefault(g => g.Error is not null);
}

/// <summary>One group's result, or why it has none.</summary>
/// <typeparam name="T">The analysis's result type.</typeparam>
/// <param name="Group">The group's value, or null when ungrouped.</param>
/// <param name="Points">Points in the group.</param>
/// <param name="Result">The result, or null when it could not be computed.</param>
/// <param name="Error">Why not (naming the row and column where the input is at fault), or null.</param>
public sealed record GroupedResult<T>(string? Group, int Points, T? Result, string? Error)
    where T : class;
