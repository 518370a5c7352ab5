using System.Collections.ObjectModel;

namespace Sweep;

/// <summary>
/// Overrides applied when a grid is built: replacement values for axes (as text, parsed with the axis's type)
/// and the seeds. Immutable; each <c>With…</c> returns a copy.
/// </summary>
/// <example>
/// <code>
/// GridOptions options = GridOptions.Default.WithOverride("Width", "16", "64").WithSeeds(0, 1);
/// TrialGrid grid = MyStudy.Definition.CreateGrid(options);
/// </code>
/// </example>
public sealed class GridOptions
{
    /// <summary>The name that overrides the seeds through <see cref="WithOverride"/> (<c>--set seed=1,2,3</c>).</summary>
    public const string SeedAxis = "seed";

    private static readonly ReadOnlyDictionary<string, IReadOnlyList<string>> s_none =
        new(new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase));

    private GridOptions(IReadOnlyDictionary<string, IReadOnlyList<string>> overrides, IReadOnlyList<int>? seeds)
    {
        Overrides = overrides;
        Seeds = seeds;
    }

    /// <summary>No overrides: the declared values and seeds.</summary>
    public static GridOptions Default { get; } = new(s_none, null);

    /// <summary>Axis overrides by name (case-insensitive), as text.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Overrides { get; }

    /// <summary>The seeds to use instead of the declared ones, or null.</summary>
    public IReadOnlyList<int>? Seeds { get; }

    /// <summary>Replaces an axis's values (or the seeds, for <see cref="SeedAxis"/>).</summary>
    /// <param name="axis">The axis name, case-insensitive.</param>
    /// <param name="values">The values as text.</param>
    /// <returns>A copy with the override.</returns>
    public GridOptions WithOverride(string axis, params string[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(axis);
        ArgumentNullException.ThrowIfNull(values);
        Dictionary<string, IReadOnlyList<string>> copy = new(Overrides, StringComparer.OrdinalIgnoreCase)
        {
            [axis] = (string[])values.Clone(),
        };
        return new GridOptions(new ReadOnlyDictionary<string, IReadOnlyList<string>>(copy), Seeds);
    }

    /// <summary>Replaces the seeds.</summary>
    /// <param name="seeds">The seeds, distinct, at least one.</param>
    /// <returns>A copy with the seeds.</returns>
    public GridOptions WithSeeds(params int[] seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        return new GridOptions(Overrides, (int[])seeds.Clone());
    }

    /// <summary>Uses seeds 0 … <paramref name="count"/>−1.</summary>
    /// <param name="count">How many seeds, at least 1.</param>
    /// <returns>A copy with the seeds.</returns>
    public GridOptions WithSeedCount(int count)
    {
        if (count < 1)
        {
            throw new GridException($"{count} is not a positive seed count.", SeedAxis);
        }

        return WithSeeds(Enumerable.Range(0, count).ToArray());
    }
}
