namespace Sweep.Running;

/// <summary>
/// One trial, described once before any work starts: its study, key, seed, axis and derived values, and what runs,
/// either the resolved <see cref="TrialSpec"/> (the study's Data, Model, Train and Evaluate specs with this trial's
/// axis values applied) for the built-in engine, or the hash of the study's source for a study with its own
/// <c>[Trial]</c> method. The cost estimate, the batch key, the engine's input and the stored identity all come from
/// it: <see cref="Json"/> is its canonical, readable form and <see cref="Identity"/> the hash the store compares, so a
/// stored result whose identity differs from the study's current one is stale.
/// </summary>
/// <remarks>
/// The identity covers everything that determines a trial's results (study, key, seed, axes, and the specs or the
/// source hash) and leaves out the derived values: they are functions of the axes that the engine never reads, so a
/// changed derived formula refreshes the stored values without re-running anything.
/// </remarks>
/// <example>
/// <code>
/// foreach (Trial trial in MyStudy.Definition.CreateGrid())
/// {
///     TrialDescription description = TrialDescription.Describe(trial);
///     Console.WriteLine($"{description.Key}: {description.Identity}");
/// }
/// </code>
/// </example>
public sealed class TrialDescription
{
    private TrialDescription(Trial trial, TrialSpec? spec, string? specError)
    {
        Trial = trial;
        Spec = spec;
        SpecError = specError;
        SourceHash = trial.Definition.Descriptor.RunMode == StudyRunMode.TrialMethod ? trial.Definition.Descriptor.SourceHash : null;
        Json = DescriptionJson.Write(this, includeDerived: true);
        Identity = DescriptionJson.Hash(DescriptionJson.Write(this, includeDerived: false));
    }

    /// <summary>The trial.</summary>
    public Trial Trial { get; }

    /// <summary>The study's name.</summary>
    public string Study => Trial.Definition.Descriptor.Name;

    /// <summary>The trial's stable key.</summary>
    public string Key => Trial.Key;

    /// <summary>The trial's seed.</summary>
    public int Seed => Trial.Seed;

    /// <summary>The trial's position in the grid it was described from.</summary>
    public long Index => Trial.Index;

    /// <summary>How the trial computes its metrics.</summary>
    public StudyRunMode RunMode => Trial.Definition.Descriptor.RunMode;

    /// <summary>The axis values.</summary>
    public IReadOnlyList<AxisValue> Axes => Trial.Axes;

    /// <summary>The derived values.</summary>
    public IReadOnlyList<DerivedValue> Derived => Trial.Derived;

    /// <summary>What the built-in engine runs; null for a <c>[Trial]</c>-method study, or when <see cref="SpecError"/> says why not.</summary>
    public TrialSpec? Spec { get; }

    /// <summary>Why the study's spec properties could not be read for this trial (they threw), or null; the trial then fails with it.</summary>
    public string? SpecError { get; }

    /// <summary>The study's source hash, for a <c>[Trial]</c>-method study; null otherwise.</summary>
    public string? SourceHash { get; }

    /// <summary>The canonical description: stable, readable JSON (properties in ordinal order, numbers round-tripping).</summary>
    public string Json { get; }

    /// <summary>The hash of everything in <see cref="Json"/> but the derived values: what the store compares.</summary>
    public string Identity { get; }

    /// <summary>The estimated cost the study declares (its <see cref="Quantity.Flops"/> column), or null.</summary>
    public double? DeclaredFlops => Trial.EstimatedFlops;

    /// <summary>Describes a trial: reads its specs once (a study's spec code that throws is recorded in <see cref="SpecError"/>).</summary>
    /// <param name="trial">The trial.</param>
    /// <returns>The description.</returns>
    public static TrialDescription Describe(Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.Definition.Descriptor.RunMode == StudyRunMode.TrialMethod)
        {
            return new TrialDescription(trial, null, null);
        }

        try
        {
            return trial.Describe() is TrialSpec spec
                ? new TrialDescription(trial, spec, null)
                : new TrialDescription(trial, null, $"study '{trial.Definition.Descriptor.Name}' describes no spec for trial {trial.Key}.");
        }
#pragma warning disable CA1031 // Whatever the study's spec code throws belongs to the trial, which is stored as failed with it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new TrialDescription(trial, null, TrialExecutor.Describe(e));
        }
    }

    /// <summary>What differs between a stored description and this one, as <c>Data.Noise 0.1 → 0.2</c>; empty when only derived values differ.</summary>
    /// <param name="storedJson">The stored description, or null for a row stored without one.</param>
    /// <returns>The differences, comma separated.</returns>
    public string DifferenceFrom(string? storedJson) => DescriptionJson.Difference(storedJson, Json);
}
