namespace Sweep.Analysis;

/// <summary>
/// Where the curves of two groups of one single-variable law cross (for example the arms with and without weight
/// decay, fitted separately with <c>--by</c>): the crossing scale with its bootstrap interval, and whether it was
/// measured or extrapolated.
/// </summary>
/// <param name="Law">The law's name.</param>
/// <param name="X">The scale column the curves are functions of.</param>
/// <param name="First">The first group's value.</param>
/// <param name="Second">The second group's value.</param>
/// <param name="Result">The crossover.</param>
public sealed record GroupCrossover(string Law, string X, string First, string Second, CrossoverResult Result)
{
    /// <summary>The most groups of one law whose every pair is examined (15 pairs); a law with more is skipped.</summary>
    public const int MaxGroups = 6;

    /// <summary>
    /// The crossovers of every pair of groups of each single-variable law among <paramref name="fits"/> that has 2 to
    /// <see cref="MaxGroups"/> fitted groups.
    /// </summary>
    /// <param name="fits">Fitted laws, grouped by their <see cref="LawResult.Group"/>; joint laws and failed fits are skipped.</param>
    public static IReadOnlyList<GroupCrossover> FindAll(IEnumerable<LawResult> fits)
    {
        ArgumentNullException.ThrowIfNull(fits);
        List<GroupCrossover> crossovers = [];
        foreach (IGrouping<string, LawResult> law in fits.Where(f => f is { Fit: not null, Group: not null }).GroupBy(f => f.Name, StringComparer.Ordinal))
        {
            LawResult[] groups = [.. law];
            if (groups.Length > MaxGroups)
            {
                continue;
            }

            for (int i = 0; i < groups.Length; i++)
            {
                for (int j = i + 1; j < groups.Length; j++)
                {
                    LawFit first = groups[i].Fit!, second = groups[j].Fit!;
                    if (first.Law.Inputs == 1 && second.Law.Inputs == 1)
                    {
                        CrossoverResult result = Crossover.Find(first, second, groups[i].Group!, groups[j].Group!);
                        crossovers.Add(new GroupCrossover(law.Key, groups[i].Columns.X, groups[i].Group!, groups[j].Group!, result));
                    }
                }
            }
        }

        return crossovers;
    }
}
