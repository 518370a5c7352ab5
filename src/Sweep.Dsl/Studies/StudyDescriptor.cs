namespace Sweep;

/// <summary>
/// Everything known about a study at compile time: name, axes with their declared values, seeds, derived
/// columns, evaluations and laws. The CLI, the store and reports read it; the generator writes it.
/// </summary>
/// <example>
/// <code>
/// StudyDescriptor d = MyStudy.Definition.Descriptor;
/// Console.WriteLine($"{d.Name}: {d.Axes.Count} axes, {d.Seeds.Count} seeds");
/// </code>
/// </example>
public sealed class StudyDescriptor
{
    /// <summary>Describes a study. Called by generated code.</summary>
    /// <param name="name">The study's name from <see cref="StudyAttribute"/>.</param>
    /// <param name="typeName">The study class's full name.</param>
    /// <param name="description">The description, or null.</param>
    /// <param name="axes">The axes in declaration order.</param>
    /// <param name="seeds">The default seeds.</param>
    /// <param name="derived">The derived columns in declaration order.</param>
    /// <param name="evaluations">The evaluation names in declaration order.</param>
    /// <param name="laws">The law names in declaration order.</param>
    /// <param name="hasConstraint">Whether a constraint filters grid points.</param>
    /// <param name="runMode">How trials compute metrics.</param>
    public StudyDescriptor(
        string name,
        string typeName,
        string? description,
        IReadOnlyList<AxisDescriptor> axes,
        IReadOnlyList<int> seeds,
        IReadOnlyList<DerivedDescriptor> derived,
        IReadOnlyList<string> evaluations,
        IReadOnlyList<string> laws,
        bool hasConstraint,
        StudyRunMode runMode)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(derived);
        ArgumentNullException.ThrowIfNull(evaluations);
        ArgumentNullException.ThrowIfNull(laws);
        Name = name;
        TypeName = typeName;
        Description = description;
        Axes = axes;
        Seeds = seeds;
        Derived = derived;
        Evaluations = evaluations.Count > 0 ? evaluations : [TrialContext.DefaultEvaluation];
        Laws = laws;
        HasConstraint = hasConstraint;
        RunMode = runMode;
    }

    /// <summary>The study's name.</summary>
    public string Name { get; }

    /// <summary>The study class's full name.</summary>
    public string TypeName { get; }

    /// <summary>The description, or null.</summary>
    public string? Description { get; }

    /// <summary>The axes in declaration order.</summary>
    public IReadOnlyList<AxisDescriptor> Axes { get; }

    /// <summary>The default seeds.</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>The derived columns.</summary>
    public IReadOnlyList<DerivedDescriptor> Derived { get; }

    /// <summary>The evaluation names; <c>test</c> alone when the study declares none.</summary>
    public IReadOnlyList<string> Evaluations { get; }

    /// <summary>The law names.</summary>
    public IReadOnlyList<string> Laws { get; }

    /// <summary>Whether a constraint filters grid points.</summary>
    public bool HasConstraint { get; }

    /// <summary>How trials compute metrics.</summary>
    public StudyRunMode RunMode { get; }

    /// <summary>
    /// A hash of the study class's source, emitted by the generator (32 lower-case hex characters of a SHA-256); null
    /// for a hand-written definition. A <see cref="StudyRunMode.TrialMethod"/> study's trials carry it in their
    /// description, so editing the trial code makes their stored results stale. It covers the tokens of every partial
    /// declaration of the class, whatever the file order; comments, whitespace and disabled <c>#if</c> code do not
    /// count, nor do the declared axis values, seeds, the study's name and description (a trial's description carries
    /// its own axis values and seed) or the <see cref="LawAttribute"/> properties (fitted from stored results). Code
    /// outside the class that a trial calls is not covered.
    /// </summary>
    public string? SourceHash { get; init; }

    /// <summary>Finds an axis by name, ignoring case.</summary>
    /// <param name="name">The axis name.</param>
    /// <returns>The axis, or null.</returns>
    public AxisDescriptor? FindAxis(string name)
    {
        foreach (AxisDescriptor axis in Axes)
        {
            if (string.Equals(axis.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return axis;
            }
        }

        return null;
    }

    /// <summary>The product of the declared axis lengths (zip groups counted once) times the seed count.</summary>
    public long DeclaredGridSize
    {
        get
        {
            long size = Seeds.Count;
            HashSet<string> zipped = new(StringComparer.Ordinal);
            foreach (AxisDescriptor axis in Axes)
            {
                if (axis.ZipGroup is null || zipped.Add(axis.ZipGroup))
                {
                    size *= axis.Values.Count;
                }
            }

            return size;
        }
    }
}
