namespace Sweep;

/// <summary>What the built-in engine runs for one trial of a <see cref="StudyRunMode.Specs"/> study.</summary>
/// <param name="Data">The data.</param>
/// <param name="Model">The model.</param>
/// <param name="Train">The training procedure.</param>
/// <param name="Evaluations">The evaluations, each stored as its own row of metrics.</param>
/// <example>
/// <code>
/// TrialSpec? spec = trial.Describe();
/// if (spec is not null) Console.WriteLine(spec.Model);
/// </code>
/// </example>
public sealed record TrialSpec(DataSpec Data, ModelSpec Model, TrainSpec Train, IReadOnlyList<NamedEvaluation> Evaluations);

/// <summary>A named evaluation of a trained model.</summary>
/// <param name="Name">The evaluation's name (the property's name).</param>
/// <param name="Shift">The shift applied to the test data.</param>
/// <example>
/// <code>
/// NamedEvaluation wider = new("Wider", ShiftSpec.Covariate(scale: 2.0));
/// </code>
/// </example>
public sealed record NamedEvaluation(string Name, ShiftSpec Shift);

/// <summary>A named scaling law declared by a study.</summary>
/// <param name="Name">The law's name (the property's name).</param>
/// <param name="Law">The law.</param>
/// <example>
/// <code>
/// foreach (NamedLaw law in MyStudy.Definition.DescribeLaws()) Console.WriteLine(law.Name);
/// </code>
/// </example>
public sealed record NamedLaw(string Name, LawSpec Law);
