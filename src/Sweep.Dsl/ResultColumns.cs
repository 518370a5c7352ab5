namespace Sweep;

/// <summary>
/// The columns every results table has besides a study's axes, derived properties and metrics: the
/// <c>"results:&lt;study&gt;"</c> SQL view, <c>export</c> and the <c>fit</c> command's study input. No axis, derived
/// property or metric may take one of these names (compared ignoring case); the generator reports a clash at compile time.
/// </summary>
/// <example>
/// <code>
/// bool reserved = ResultColumns.Reserved.Contains("seed", StringComparer.OrdinalIgnoreCase);   // true
/// </code>
/// </example>
public static class ResultColumns
{
    /// <summary>The trial's stable key.</summary>
    public const string Key = "key";

    /// <summary>The trial's seed.</summary>
    public const string Seed = "seed";

    /// <summary>The evaluation a row's metrics belong to.</summary>
    public const string Evaluation = "evaluation";

    /// <summary>The trial's wall time in seconds (<see cref="Metric.WallSeconds"/>).</summary>
    public const string WallSeconds = Metric.WallSeconds;

    /// <summary>The backend that ran the trial.</summary>
    public const string Backend = "backend";

    /// <summary>Done or failed.</summary>
    public const string Status = "status";

    /// <summary>A failed trial's message.</summary>
    public const string Error = "error";

    /// <summary>Every reserved column name.</summary>
    public static IReadOnlyList<string> Reserved { get; } = [Key, Seed, Evaluation, WallSeconds, Backend, Status, Error];
}
