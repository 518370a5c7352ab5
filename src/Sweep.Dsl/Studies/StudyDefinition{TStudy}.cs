namespace Sweep;

/// <summary>
/// The typed base the generator derives each study's definition from. It resolves overrides and seeds, checks
/// them, and leaves to generated code only what needs the study's types: building instances, parsing values,
/// and reading specs, laws and derived columns.
/// </summary>
/// <typeparam name="TStudy">The study class.</typeparam>
/// <example>
/// <code>
/// TrialGrid&lt;MlpWidth&gt; grid = MlpWidth.Definition.CreateGrid(GridOptions.Default.WithSeedCount(2));
/// foreach (Trial&lt;MlpWidth&gt; trial in grid) Console.WriteLine(trial.Study.Width);
/// </code>
/// </example>
public abstract class StudyDefinition<TStudy> : StudyDefinition
    where TStudy : class
{
    /// <summary>Creates the definition. Called by generated code.</summary>
    /// <param name="descriptor">What the study declares.</param>
    protected StudyDefinition(StudyDescriptor descriptor) : base(descriptor)
    {
    }

    /// <summary>The typed grid with the declared values and seeds.</summary>
    /// <returns>The grid.</returns>
    public new TrialGrid<TStudy> CreateGrid() => CreateGrid(GridOptions.Default);

    /// <summary>The typed grid with overrides applied.</summary>
    /// <param name="options">Axis and seed overrides.</param>
    /// <returns>The grid.</returns>
    /// <exception cref="GridException">An override names an unknown axis or a value that does not parse.</exception>
    public new TrialGrid<TStudy> CreateGrid(GridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (string name in options.Overrides.Keys)
        {
            if (!string.Equals(name, GridOptions.SeedAxis, StringComparison.OrdinalIgnoreCase) && Descriptor.FindAxis(name) is null)
            {
                string known = Descriptor.Axes.Count == 0 ? "it has none" : "its axes are " + string.Join(", ", Descriptor.Axes.Select(a => a.Name));
                throw new GridException($"study '{Descriptor.Name}' has no axis '{name}'; {known} (and {GridOptions.SeedAxis}).", name);
            }
        }

        return BuildGrid(options, ResolveSeeds(options));
    }

    /// <inheritdoc />
    public override IReadOnlyList<NamedLaw> DescribeLaws() => DescribeLaws(CreateDefault());

    /// <summary>Builds the grid from resolved seeds; generated code resolves each axis with <see cref="Resolve{T}"/>.</summary>
    /// <param name="options">The overrides.</param>
    /// <param name="seeds">The resolved seeds.</param>
    /// <returns>The grid.</returns>
    protected abstract TrialGrid<TStudy> BuildGrid(GridOptions options, IReadOnlyList<int> seeds);

    /// <summary>An instance with default axis values, for reading laws.</summary>
    /// <returns>The instance.</returns>
    protected abstract TStudy CreateDefault();

    /// <summary>The built-in engine's work for one trial; null for a <see cref="StudyRunMode.TrialMethod"/> study.</summary>
    /// <param name="study">The trial's instance.</param>
    /// <returns>The spec, or null.</returns>
    protected virtual TrialSpec? DescribeTrial(TStudy study) => null;

    /// <summary>Runs the study's <see cref="TrialAttribute"/> method.</summary>
    /// <param name="study">The trial's instance.</param>
    /// <param name="context">Where metrics are recorded.</param>
    protected virtual void RunTrial(TStudy study, TrialContext context)
        => throw new InvalidOperationException($"study '{Descriptor.Name}' has no [Trial] method; its trials run on the built-in engine.");

    /// <summary>The laws the study declares.</summary>
    /// <param name="study">An instance with default axis values.</param>
    /// <returns>The laws.</returns>
    protected virtual IReadOnlyList<NamedLaw> DescribeLaws(TStudy study) => [];

    /// <summary>
    /// An axis's values for a grid: the override's texts parsed with <paramref name="parse"/>, or the declared
    /// values. Called by generated code.
    /// </summary>
    /// <typeparam name="T">The axis's value type.</typeparam>
    /// <param name="options">The overrides.</param>
    /// <param name="axis">The axis's index in <see cref="StudyDescriptor.Axes"/>.</param>
    /// <param name="declared">The declared values.</param>
    /// <param name="parse">The typed parser.</param>
    /// <returns>The values.</returns>
    /// <exception cref="GridException">A value does not parse, or repeats.</exception>
    protected T[] Resolve<T>(GridOptions options, int axis, T[] declared, AxisParser<T> parse)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parse);
        AxisDescriptor descriptor = Descriptor.Axes[axis];
        if (!options.Overrides.TryGetValue(descriptor.Name, out IReadOnlyList<string>? texts))
        {
            return declared;
        }

        if (texts.Count == 0)
        {
            throw new GridException("no values given.", descriptor.Name);
        }

        T[] values = new T[texts.Count];
        HashSet<T> seen = [];
        for (int i = 0; i < values.Length; i++)
        {
            if (!parse(texts[i], out values[i]))
            {
                throw new GridException($"'{texts[i]}' is not a valid {descriptor.TypeName}{Expected(descriptor)}.", descriptor.Name);
            }

            if (!seen.Add(values[i]))
            {
                throw new GridException($"'{texts[i]}' is given twice.", descriptor.Name);
            }
        }

        return values;
    }

    private IReadOnlyList<int> ResolveSeeds(GridOptions options)
    {
        IReadOnlyList<int> seeds = options.Seeds ?? Descriptor.Seeds;
        if (options.Overrides.TryGetValue(GridOptions.SeedAxis, out IReadOnlyList<string>? texts))
        {
            int[] parsed = new int[texts.Count];
            for (int i = 0; i < parsed.Length; i++)
            {
                if (!AxisParsers.Int32(texts[i], out parsed[i]))
                {
                    throw new GridException($"'{texts[i]}' is not a valid int seed.", GridOptions.SeedAxis);
                }
            }

            seeds = parsed;
        }

        if (seeds.Count == 0)
        {
            throw new GridException($"study '{Descriptor.Name}' needs at least one seed.", GridOptions.SeedAxis);
        }

        if (seeds.Distinct().Count() != seeds.Count)
        {
            throw new GridException($"seeds of study '{Descriptor.Name}' repeat: {string.Join(", ", seeds)}.", GridOptions.SeedAxis);
        }

        return seeds;
    }

    private static string Expected(AxisDescriptor axis) => axis.Kind switch
    {
        AxisKind.Boolean => " (true or false)",
        AxisKind.Enum => " (one of " + string.Join(", ", axis.Values) + ")",
        _ => string.Empty,
    };

    private protected sealed override TrialGrid CreateGridCore(GridOptions options) => CreateGrid(options);

    internal sealed override TrialSpec? DescribeTrial(Trial trial) => DescribeTrial(((Trial<TStudy>)trial).Study);

    internal sealed override void RunTrial(Trial trial, TrialContext context) => RunTrial(((Trial<TStudy>)trial).Study, context);
}
