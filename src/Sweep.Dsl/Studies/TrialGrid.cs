using System.Collections;
using System.Text;

namespace Sweep;

/// <summary>
/// The trials of a study for one set of axis values and seeds, in a stable order: the first axis varies
/// slowest, seeds fastest, zipped axes move together, and points a constraint rejects are skipped.
/// <see cref="CandidateCount"/> is known without enumerating; the count after constraints needs a pass.
/// </summary>
/// <example>
/// <code>
/// TrialGrid grid = MyStudy.Definition.CreateGrid(GridOptions.Default.WithSeeds(0, 1));
/// Console.WriteLine($"{grid.CandidateCount} candidates");
/// foreach (Trial trial in grid) Console.WriteLine(trial.Key);
/// </code>
/// </example>
public abstract class TrialGrid : IEnumerable<Trial>
{
    private protected TrialGrid(StudyDefinition definition, IReadOnlyList<int> seeds, GridAxis[] axes)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(axes);
        StudyDescriptor study = definition.Descriptor;
        if (axes.Length != study.Axes.Count)
        {
            throw new ArgumentException($"study '{study.Name}' has {study.Axes.Count} axes but the grid got {axes.Length}.", nameof(axes));
        }

        Definition = definition;
        Seeds = seeds;
        Axes = axes;
        Dimensions = BuildDimensions(axes);
        long points = 1;
        foreach (int[] dimension in Dimensions)
        {
            points = checked(points * axes[dimension[0]].Values.Count);
        }

        PointCount = points;
    }

    /// <summary>The study.</summary>
    public StudyDefinition Definition { get; }

    /// <summary>The study's descriptor.</summary>
    public StudyDescriptor Study => Definition.Descriptor;

    /// <summary>The axes with this grid's values.</summary>
    public IReadOnlyList<GridAxis> Axes { get; }

    /// <summary>This grid's seeds.</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>Grid points before constraints (zip groups counted once), without seeds.</summary>
    public long PointCount { get; }

    /// <summary>Trials before constraints: <see cref="PointCount"/> × seeds. Known without enumerating.</summary>
    public long CandidateCount => PointCount * Seeds.Count;

    /// <summary>The axis indexes of each dimension: one axis, or a whole zip group.</summary>
    internal int[][] Dimensions { get; }

    /// <summary>Enumerates the trials in grid order.</summary>
    /// <returns>The trials.</returns>
    public IEnumerator<Trial> GetEnumerator() => EnumerateTrials().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private protected abstract IEnumerable<Trial> EnumerateTrials();

    private protected string PointKey(ReadOnlySpan<int> valueIndexes)
    {
        StringBuilder key = new();
        for (int axis = 0; axis < Axes.Count; axis++)
        {
            GridAxis gridAxis = Axes[axis];
            key.Append(gridAxis.Axis.Name).Append('=').Append(AxisFormat.EscapeKeyPart(gridAxis.Texts[valueIndexes[axis]])).Append(';');
        }

        return key.ToString();
    }

    private static int[][] BuildDimensions(GridAxis[] axes)
    {
        List<List<int>> dimensions = [];
        Dictionary<string, List<int>> groups = new(StringComparer.Ordinal);
        for (int axis = 0; axis < axes.Length; axis++)
        {
            AxisDescriptor descriptor = axes[axis].Axis;
            if (axes[axis].Values.Count == 0)
            {
                throw new GridException($"axis {descriptor.Name} has no values.");
            }

            if (descriptor.ZipGroup is null)
            {
                dimensions.Add([axis]);
            }
            else if (groups.TryGetValue(descriptor.ZipGroup, out List<int>? group))
            {
                GridAxis first = axes[group[0]];
                if (first.Values.Count != axes[axis].Values.Count)
                {
                    throw new GridException(
                        $"axes {first.Axis.Name} and {descriptor.Name} are zipped in group '{descriptor.ZipGroup}' " +
                        $"but have {first.Values.Count} and {axes[axis].Values.Count} values; zipped axes need the same number.");
                }

                group.Add(axis);
            }
            else
            {
                List<int> created = [axis];
                groups.Add(descriptor.ZipGroup, created);
                dimensions.Add(created);
            }
        }

        return dimensions.Select(d => d.ToArray()).ToArray();
    }
}

/// <summary>
/// A <see cref="TrialGrid"/> whose trials carry typed study instances. The generator emits one subclass per
/// study; it creates instances, applies the constraint and reads derived columns.
/// </summary>
/// <typeparam name="TStudy">The study class.</typeparam>
/// <example>
/// <code>
/// foreach (Trial&lt;MyStudy&gt; trial in MyStudy.Definition.CreateGrid())
///     Console.WriteLine($"{trial.Study.Width} seed {trial.Seed}");
/// </code>
/// </example>
public abstract class TrialGrid<TStudy> : TrialGrid
    where TStudy : class
{
    /// <summary>Creates the grid. Called by generated code.</summary>
    /// <param name="definition">The study.</param>
    /// <param name="seeds">The seeds.</param>
    /// <param name="axes">The axes with their values, in declaration order.</param>
    protected TrialGrid(StudyDefinition<TStudy> definition, IReadOnlyList<int> seeds, params GridAxis[] axes)
        : base(definition, seeds, axes)
    {
    }

    /// <summary>The typed trials in grid order, for LINQ (the grid itself enumerates as <see cref="Trial"/>).</summary>
    public IEnumerable<Trial<TStudy>> Trials => EnumerateTyped();

    /// <summary>Enumerates the typed trials in grid order: <c>foreach</c> over the grid sees <see cref="Trial{TStudy}"/>.</summary>
    /// <returns>The trials.</returns>
    public new IEnumerator<Trial<TStudy>> GetEnumerator() => EnumerateTyped().GetEnumerator();

    /// <summary>Creates the study instance for one grid point.</summary>
    /// <param name="valueIndexes">For each axis, the index of its value in <see cref="TrialGrid.Axes"/>.</param>
    /// <returns>A new instance with those axis values.</returns>
    protected abstract TStudy CreateStudy(ReadOnlySpan<int> valueIndexes);

    /// <summary>Whether the study's constraints admit a grid point.</summary>
    /// <param name="study">The point's instance.</param>
    /// <returns>True to run it.</returns>
    protected virtual bool Admits(TStudy study) => true;

    /// <summary>Reads the derived columns of a grid point, in declaration order.</summary>
    /// <param name="study">The point's instance.</param>
    /// <param name="values">Where to write them.</param>
    protected virtual void ReadDerived(TStudy study, Span<double> values)
    {
    }

    private protected override IEnumerable<Trial> EnumerateTrials() => EnumerateTyped();

    private IEnumerable<Trial<TStudy>> EnumerateTyped()
    {
        int[][] dimensions = Dimensions;
        int[] valueIndexes = new int[Axes.Count];
        IReadOnlyList<DerivedDescriptor> derivedColumns = Study.Derived;
        long index = 0;
        for (long point = 0; point < PointCount; point++)
        {
            long rest = point;
            for (int d = dimensions.Length - 1; d >= 0; d--)
            {
                int length = Axes[dimensions[d][0]].Values.Count;
                int position = (int)(rest % length);
                rest /= length;
                foreach (int axis in dimensions[d])
                {
                    valueIndexes[axis] = position;
                }
            }

            TStudy probe = CreateStudy(valueIndexes);
            if (!Admits(probe))
            {
                continue;
            }

            double[] derivedValues = new double[derivedColumns.Count];
            ReadDerived(probe, derivedValues);
            DerivedValue[] derived = new DerivedValue[derivedValues.Length];
            for (int i = 0; i < derived.Length; i++)
            {
                derived[i] = new DerivedValue(derivedColumns[i].Name, derivedColumns[i].Quantity, derivedValues[i]);
            }

            AxisValue[] axes = new AxisValue[Axes.Count];
            for (int axis = 0; axis < axes.Length; axis++)
            {
                GridAxis gridAxis = Axes[axis];
                axes[axis] = new AxisValue(gridAxis.Axis.Name, gridAxis.Values[valueIndexes[axis]], gridAxis.Texts[valueIndexes[axis]]);
            }

            string pointKey = PointKey(valueIndexes);
            for (int s = 0; s < Seeds.Count; s++)
            {
                TStudy study = s == 0 ? probe : CreateStudy(valueIndexes);
                int seed = Seeds[s];
                yield return new Trial<TStudy>(Definition, index++, seed, $"{pointKey}seed={seed}", axes, derived, study);
            }
        }
    }
}
