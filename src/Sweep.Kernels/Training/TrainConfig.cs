namespace Sweep.Kernels;

/// <summary>How a trial fits its model. Mirrors Sweep.Dsl's <c>TrainSpec</c>.</summary>
public abstract record TrainConfig
{
    private protected TrainConfig()
    {
    }
}

/// <summary>
/// A closed-form fit in double precision (linear and random-features models): ridge with penalty λ·‖w‖², or the
/// minimum-norm least-squares solution when λ = 0 (see <see cref="LeastSquares"/>). A linear model's intercept is
/// fitted by centring and is not penalised. Classes are regressed as one-hot targets.
/// </summary>
/// <param name="Ridge">λ ≥ 0.</param>
/// <example>
/// <code>
/// TrainConfig train = new LeastSquaresConfig(Ridge: 1e-3);
/// </code>
/// </example>
public sealed record LeastSquaresConfig(double Ridge = 0.0) : TrainConfig;

/// <summary>Minibatch gradient training.</summary>
/// <param name="Optimizer">SGD, Adam or AdamW.</param>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="Steps">Optimiser steps.</param>
/// <param name="Batch">Minibatch size, capped at the training set size.</param>
/// <example>
/// <code>
/// TrainConfig train = new GradientConfig(OptimizerKind.AdamW, 3e-3, Steps: 2_000, Batch: 256)
///     { WeightDecay = 0.01, Schedule = ScheduleKind.WarmupCosine, WarmupSteps = 100, ClipNorm = 1.0 };
/// </code>
/// </example>
public sealed record GradientConfig(OptimizerKind Optimizer, double LearningRate, int Steps, int Batch = 256) : TrainConfig
{
    /// <summary>SGD's heavy-ball momentum.</summary>
    public double Momentum { get; init; }

    /// <summary>L2 coefficient (SGD, Adam: gradient += λ·w) or decoupled decay (AdamW: w −= lr·λ·w).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Adam's first-moment decay.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's second-moment decay.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's denominator guard.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>The learning-rate schedule.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;

    /// <summary>Warm-up steps of <see cref="ScheduleKind.WarmupCosine"/>.</summary>
    public int WarmupSteps { get; init; }

    /// <summary>Global gradient-norm clip; 0 disables it.</summary>
    public double ClipNorm { get; init; }

    /// <summary>Minibatch losses recorded over training (evenly spaced, first and last step included); 0 records none.</summary>
    public int LossCurvePoints { get; init; } = 20;

    /// <summary>The per-model settings the optimiser kernel reads.</summary>
    /// <returns>The settings.</returns>
    public OptimizerSettings ToSettings() => new(
        (float)LearningRate, (float)Momentum, (float)Beta1, (float)Beta2, (float)Epsilon, (float)WeightDecay, (float)ClipNorm, Schedule, WarmupSteps, Steps);
}

/// <summary>One trial: data, model, training and evaluations, and the seed that draws the samples, the initialisation and the minibatch order.</summary>
/// <param name="Data">The data.</param>
/// <param name="Model">The model.</param>
/// <param name="Train">The training procedure.</param>
/// <param name="Evaluations">The evaluations (use <see cref="EvaluationConfig.CleanOnly"/> for one clean test).</param>
/// <param name="Seed">The trial's seed.</param>
/// <example>
/// <code>
/// var trial = new TrialConfig(
///     new TeacherStudentConfig(32, 128, 0.05, 8_000, 2_000),
///     new MlpConfig([256]),
///     new GradientConfig(OptimizerKind.Adam, 3e-3, Steps: 3_000, Batch: 256),
///     [new EvaluationConfig("clean", ShiftConfig.None), new EvaluationConfig("wider", ShiftConfig.Covariate(2.0))],
///     Seed: 1);
/// TrialResult result = Trials.Run(backend, trial);
/// </code>
/// </example>
public sealed record TrialConfig(DatasetConfig Data, ModelConfig Model, TrainConfig Train, IReadOnlyList<EvaluationConfig> Evaluations, long Seed);

/// <summary>A minibatch loss during training.</summary>
/// <param name="Step">The 0-based step.</param>
/// <param name="Loss">The minibatch loss before that step's update.</param>
public readonly record struct LossPoint(int Step, double Loss);

/// <summary>What a trial produced.</summary>
/// <param name="Trial">The trial.</param>
/// <param name="Backend">The backend's name.</param>
/// <param name="TrainLoss">Loss on the whole training set after training.</param>
/// <param name="Evaluations">One result per evaluation, in order.</param>
/// <param name="Parameters">Trainable parameters N (<see cref="ModelConfig.Parameters"/>).</param>
/// <param name="TrainingFlops">Training compute C in FLOPs, counted exactly (see <see cref="MlpShape.TrainingFlopsPerSample"/>; least squares counts features and QR).</param>
/// <param name="SamplesSeen">Training samples processed D (steps × batch, or n for least squares).</param>
/// <param name="Elapsed">Wall time of this trial; for a batch, the batch's time divided by its size.</param>
/// <param name="BatchSize">How many trials trained together in this one's batch.</param>
/// <param name="LossCurve">Minibatch losses during training (empty for least squares).</param>
public sealed record TrialResult(
    TrialConfig Trial,
    string Backend,
    double TrainLoss,
    IReadOnlyList<EvaluationResult> Evaluations,
    long Parameters,
    double TrainingFlops,
    long SamplesSeen,
    TimeSpan Elapsed,
    int BatchSize,
    IReadOnlyList<LossPoint> LossCurve);
