namespace Sweep;

/// <summary>
/// Gives a study an explicit list of seeds instead of <see cref="StudyAttribute.Seeds"/> consecutive ones.
/// Seeds are a first-class axis: every grid point runs once per seed, and the seed is part of the trial key.
/// </summary>
/// <example>
/// <code>
/// [Study("lr-sweep"), Seeds(11, 23, 42)]
/// public partial class LrSweep { /* … */ }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SeedsAttribute : Attribute
{
    /// <summary>Declares the seeds every grid point runs with.</summary>
    /// <param name="seeds">Distinct seeds; at least one.</param>
    public SeedsAttribute(params int[] seeds) => Values = seeds;

    /// <summary>The seeds, in the order trials run.</summary>
    public IReadOnlyList<int> Values { get; }
}
