namespace Sweep.Generators.Constants;

/// <summary>
/// Names of the tracked pipeline steps of <see cref="StudyGenerator"/>. The incrementality tests read every
/// constant here by reflection and check that each step is cached when nothing relevant changed.
/// </summary>
internal static class TrackingNames
{
    /// <summary>The transform of each <c>[Study]</c> class into a <see cref="Models.StudyInfo"/> (null when invalid).</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The valid studies only: what the source output consumes.</summary>
    public const string Studies = nameof(Studies);
}
