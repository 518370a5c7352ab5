namespace Sweep;

/// <summary>
/// One point of a grid with one seed: the unit Sweep runs, stores and resumes. Its <see cref="Key"/> is built
/// from the axis values and the seed alone, so the same trial has the same key in any grid that contains it.
/// </summary>
/// <example>
/// <code>
/// foreach (Trial trial in MyStudy.Definition.CreateGrid())
///     Console.WriteLine($"#{trial.Index} {trial.Key}");
/// </code>
/// </example>
public class Trial
{
    private protected Trial(StudyDefinition definition, long index, int seed, string key, AxisValue[] axes, DerivedValue[] derived, object instance)
    {
        Definition = definition;
        Index = index;
        Seed = seed;
        Key = key;
        Axes = axes;
        Derived = derived;
        Instance = instance;
    }

    /// <summary>The study this trial belongs to.</summary>
    public StudyDefinition Definition { get; }

    /// <summary>The position of this trial in its grid's order, after constraints.</summary>
    public long Index { get; }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The stable key, e.g. <c>Width=64;TrainSize=2000;seed=1</c>.</summary>
    public string Key { get; }

    /// <summary>The axis values in declaration order.</summary>
    public IReadOnlyList<AxisValue> Axes { get; }

    /// <summary>The derived columns in declaration order.</summary>
    public IReadOnlyList<DerivedValue> Derived { get; }

    /// <summary>The study instance with this trial's axis values.</summary>
    public object Instance { get; }

    /// <summary>The trial's cost estimate: its <see cref="Quantity.Flops"/> column if the study has one, else null.</summary>
    public double? EstimatedFlops
    {
        get
        {
            foreach (DerivedValue value in Derived)
            {
                if (value.Quantity == Quantity.Flops)
                {
                    return value.Value;
                }
            }

            return null;
        }
    }

    /// <summary>What the built-in engine runs, for a <see cref="StudyRunMode.Specs"/> study; null otherwise.</summary>
    /// <returns>The spec, or null.</returns>
    public TrialSpec? Describe() => Definition.DescribeTrial(this);

    /// <summary>Runs the study's <see cref="TrialAttribute"/> method, for a <see cref="StudyRunMode.TrialMethod"/> study.</summary>
    /// <param name="context">Where the method records metrics.</param>
    public void Run(TrialContext context) => Definition.RunTrial(this, context);
}

/// <summary>A <see cref="Trial"/> with its typed study instance.</summary>
/// <typeparam name="TStudy">The study class.</typeparam>
/// <example>
/// <code>
/// foreach (Trial&lt;MyStudy&gt; trial in MyStudy.Definition.CreateGrid())
///     Console.WriteLine(trial.Study.Width);
/// </code>
/// </example>
public sealed class Trial<TStudy> : Trial
    where TStudy : class
{
    internal Trial(StudyDefinition definition, long index, int seed, string key, AxisValue[] axes, DerivedValue[] derived, TStudy study)
        : base(definition, index, seed, key, axes, derived, study)
    {
        Study = study;
    }

    /// <summary>The study instance with this trial's axis values.</summary>
    public TStudy Study { get; }
}
