namespace Sweep;

/// <summary>How a study's trials compute their metrics.</summary>
/// <example>
/// <code>
/// if (definition.Descriptor.RunMode == StudyRunMode.Specs) { /* the built-in engine trains the model */ }
/// </code>
/// </example>
public enum StudyRunMode
{
    /// <summary>The study returns <see cref="DataSpec"/>, <see cref="ModelSpec"/> and <see cref="TrainSpec"/>; Sweep's engine trains and evaluates.</summary>
    Specs = 0,

    /// <summary>The study's <see cref="TrialAttribute"/> method computes and records its own metrics.</summary>
    TrialMethod = 1,
}
