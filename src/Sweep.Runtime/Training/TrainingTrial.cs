namespace Sweep.Training;

/// <summary>What the training layer runs for one trial: the study's resolved specs and the trial's seed.</summary>
/// <param name="Spec">The data, model, training and evaluations, as the study declares them with the trial's axis values applied.</param>
/// <param name="Seed">The seed that draws the samples, the initialisation and the minibatch order.</param>
/// <example>
/// <code>
/// var trial = new TrainingTrial(new TrialSpec(
///     DataSpec.TeacherStudent(inputs: 32, teacherWidth: 128, noise: 0.05, train: 8_000),
///     ModelSpec.Mlp(256),
///     TrainSpec.Adam(lr: 3e-3, steps: 3_000),
///     [new NamedEvaluation("Clean", ShiftSpec.None), new NamedEvaluation("Wider", ShiftSpec.Covariate(scale: 2.0))]), Seed: 1);
/// TrialResult result = TrialTraining.Run(backend, trial);
/// </code>
/// </example>
public sealed record TrainingTrial(TrialSpec Spec, long Seed)
{
    /// <summary>
    /// Sets the caller already has (a previous generation's samples in a model-collapse study), trained and tested on
    /// instead of generating <see cref="TrialSpec.Data"/>'s; their shape must match it. Shifts that redraw inputs (a
    /// covariate shift) cannot apply to them; input noise, label noise and attacks apply to the given test set.
    /// </summary>
    public ProvidedData? Provided { get; init; }
}

/// <summary>A training set and a clean test set given to a trial instead of its data spec's synthetic ones.</summary>
/// <param name="Train">The training set.</param>
/// <param name="Test">The clean test set.</param>
/// <example>
/// <code>
/// TrialResult next = TrialTraining.Run(backend, trial with { Provided = new ProvidedData(generatedTrain, cleanTest) });
/// </code>
/// </example>
public sealed record ProvidedData(Dataset Train, Dataset Test);

/// <summary>A minibatch loss during training.</summary>
/// <param name="Step">The 0-based step.</param>
/// <param name="Loss">The minibatch loss before that step's update.</param>
public readonly record struct LossPoint(int Step, double Loss);

/// <summary>What a trial produced.</summary>
/// <param name="Trial">The trial.</param>
/// <param name="Backend">The backend's name.</param>
/// <param name="TrainLoss">Loss on the whole training set after training.</param>
/// <param name="Evaluations">One result per evaluation, in order.</param>
/// <param name="Parameters">Trainable parameters N (<see cref="ModelSpec.Parameters"/>).</param>
/// <param name="TrainingFlops">Training compute C in FLOPs, counted exactly (see <see cref="TrainingCost.TrainingFlops"/>).</param>
/// <param name="SamplesSeen">Training samples processed D (steps × batch, or n for least squares).</param>
/// <param name="Elapsed">Wall time of this trial; for a batch, the batch's time divided by its size.</param>
/// <param name="BatchSize">How many trials trained together in this one's batch.</param>
/// <param name="LossCurve">Minibatch losses during training when asked for (empty for least squares).</param>
public sealed record TrialResult(
    TrainingTrial Trial,
    string Backend,
    double TrainLoss,
    IReadOnlyList<EvaluationResult> Evaluations,
    long Parameters,
    double TrainingFlops,
    long SamplesSeen,
    TimeSpan Elapsed,
    int BatchSize,
    IReadOnlyList<LossPoint> LossCurve);
