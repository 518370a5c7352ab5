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
public sealed record TrialSpec(DataSpec Data, ModelSpec Model, TrainSpec Train, IReadOnlyList<NamedEvaluation> Evaluations)
{
    /// <summary>
    /// The collapse chain the trial runs, or null for a single model: each generation fits <see cref="Model"/> with
    /// <see cref="Train"/> to data drawn from its predecessor, starting from <see cref="Data"/>; the evaluations are the
    /// chain's checkpoints (see <see cref="CollapseSpec"/>).
    /// </summary>
    public CollapseSpec? Chain { get; init; }

    /// <summary>The spec of a collapse-chain trial: its evaluations are the chain's checkpoints, <c>gen-t</c>.</summary>
    /// <param name="data">The real distribution.</param>
    /// <param name="model">The model each generation fits.</param>
    /// <param name="train">How each generation is fitted.</param>
    /// <param name="chain">The chain.</param>
    /// <returns>The spec.</returns>
    /// <example>
    /// <code>
    /// TrialSpec spec = TrialSpec.ForChain(DataSpec.Gaussian(train: 10), ModelSpec.Gaussian(), TrainSpec.Moments(), CollapseSpec.Chain(generations: 100));
    /// </code>
    /// </example>
    public static TrialSpec ForChain(DataSpec data, ModelSpec model, TrainSpec train, CollapseSpec chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return new(data, model, train, chain.Evaluations) { Chain = chain };
    }
}

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
