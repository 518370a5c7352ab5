namespace Sweep;

/// <summary>
/// A study as the runtime sees it: its <see cref="Descriptor"/>, a way to build its grid with overrides, and
/// how to run a trial. The generator emits one <see cref="StudyDefinition{TStudy}"/> per <see cref="StudyAttribute"/>
/// class and registers it with <see cref="StudyCatalog"/>.
/// </summary>
/// <example>
/// <code>
/// StudyDefinition study = StudyCatalog.Find("mlp-width")!;
/// TrialGrid grid = study.CreateGrid(GridOptions.Default.WithOverride("Width", "16", "64"));
/// </code>
/// </example>
public abstract class StudyDefinition
{
    private protected StudyDefinition(StudyDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Descriptor = descriptor;
    }

    /// <summary>What the study declares.</summary>
    public StudyDescriptor Descriptor { get; }

    /// <summary>The grid with the declared values and seeds.</summary>
    /// <returns>The grid.</returns>
    public TrialGrid CreateGrid() => CreateGridCore(GridOptions.Default);

    /// <summary>The grid with overrides applied.</summary>
    /// <param name="options">Axis and seed overrides.</param>
    /// <returns>The grid.</returns>
    /// <exception cref="GridException">An override names an unknown axis or a value that does not parse.</exception>
    public TrialGrid CreateGrid(GridOptions options) => CreateGridCore(options);

    /// <summary>The laws the study declares, read from an instance with default axis values.</summary>
    /// <returns>The laws in declaration order.</returns>
    public abstract IReadOnlyList<NamedLaw> DescribeLaws();

    private protected abstract TrialGrid CreateGridCore(GridOptions options);

    internal abstract TrialSpec? DescribeTrial(Trial trial);

    internal abstract void RunTrial(Trial trial, TrialContext context);
}
