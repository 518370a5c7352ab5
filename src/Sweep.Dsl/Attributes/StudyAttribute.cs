namespace Sweep;

/// <summary>
/// Declares a scaling study: the generator turns the <c>partial</c> class it marks into a typed sweep runner
/// (a <see cref="StudyDefinition{TStudy}"/> exposed as a static <c>Definition</c> property) and registers it
/// with <see cref="StudyCatalog"/> so a host finds it without reflection.
/// </summary>
/// <remarks>
/// The class must be <c>partial</c>, non-generic, not nested in a generic type, and have an accessible
/// parameterless constructor. Axes are properties marked <see cref="AxisAttribute"/>; each grid point is one
/// instance of the class with those properties set, run once per seed.
/// </remarks>
/// <example>
/// <code>
/// [Study("ridge-width", Seeds = 3)]
/// public partial class RidgeWidth
/// {
///     [Axis, Geometric(8, 512, Steps = 7)] public int Features { get; init; }
///     [Axis, Values(256, 1024)]            public int TrainSize { get; init; }
///
///     public DataSpec Data   => DataSpec.TeacherStudent(inputs: 16, noise: 0.1, train: TrainSize);
///     public ModelSpec Model => ModelSpec.RandomFeatures(Features);
///     public TrainSpec Train => TrainSpec.LeastSquares(ridge: 1e-3);
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class StudyAttribute : Attribute
{
    /// <summary>Declares a study with the name used on the command line and in the result store.</summary>
    /// <param name="name">A short, stable name: letters, digits, '-', '_' and '.'.</param>
    public StudyAttribute(string name) => Name = name;

    /// <summary>The study's name, as used on the command line and in the result store.</summary>
    public string Name { get; }

    /// <summary>
    /// How many seeds each grid point runs with: seeds 0 … <c>Seeds</c>−1. Ignored when the class also carries
    /// <see cref="SeedsAttribute"/> with an explicit list. At least 1; the default is 1.
    /// </summary>
    public int Seeds { get; set; } = 1;

    /// <summary>A one-line description shown by <c>list</c> and in reports.</summary>
    public string? Description { get; set; }
}
