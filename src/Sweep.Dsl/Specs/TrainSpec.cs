namespace Sweep;

/// <summary>
/// How a trial fits its model: a closed-form least-squares solve, or gradient descent with an optimiser. Build
/// one with the static factories and adjust it with <c>with</c>.
/// </summary>
/// <example>
/// <code>
/// public TrainSpec Train => TrainSpec.LeastSquares(ridge: 1e-6);
/// public TrainSpec Train => TrainSpec.AdamW(lr: 3e-3, steps: 2_000, batch: 256, weightDecay: 0.01)
///                               with { Schedule = LearningRateSchedule.WarmupCosine, WarmupSteps = 100 };
/// </code>
/// </example>
public abstract partial record TrainSpec
{
    private protected TrainSpec()
    {
    }

    /// <summary>
    /// Solves for the readout in closed form, in double precision: ridge regression with penalty
    /// <paramref name="ridge"/>·‖w‖², or the minimum-norm least-squares solution when it is 0 (stable at the
    /// interpolation threshold, where double descent peaks). Only for linear and random-features models.
    /// </summary>
    /// <param name="ridge">The ridge penalty λ ≥ 0.</param>
    public static LeastSquaresTrain LeastSquares([SpecRange(0)] double ridge = 0.0) => new(ridge);

    /// <summary>Stochastic gradient descent with momentum.</summary>
    /// <param name="lr">Learning rate.</param>
    /// <param name="steps">Optimiser steps.</param>
    /// <param name="batch">Minibatch size.</param>
    /// <param name="momentum">Heavy-ball momentum in [0, 1).</param>
    /// <param name="weightDecay">L2 penalty added to the loss.</param>
    public static GradientTrain Sgd([SpecRange(0, MinExclusive = true)] double lr, [SpecRange(1)] int steps, [SpecRange(1)] int batch = 256, double momentum = 0.9, double weightDecay = 0.0)
        => new(Optimizer.Sgd, lr, steps, batch) { Momentum = momentum, WeightDecay = weightDecay };

    /// <summary>Adam; <paramref name="weightDecay"/> is an L2 penalty added to the gradient.</summary>
    /// <param name="lr">Learning rate.</param>
    /// <param name="steps">Optimiser steps.</param>
    /// <param name="batch">Minibatch size.</param>
    /// <param name="weightDecay">L2 penalty added to the loss.</param>
    public static GradientTrain Adam([SpecRange(0, MinExclusive = true)] double lr, [SpecRange(1)] int steps, [SpecRange(1)] int batch = 256, double weightDecay = 0.0)
        => new(Optimizer.Adam, lr, steps, batch) { WeightDecay = weightDecay };

    /// <summary>AdamW: Adam with decoupled weight decay.</summary>
    /// <param name="lr">Learning rate.</param>
    /// <param name="steps">Optimiser steps.</param>
    /// <param name="batch">Minibatch size.</param>
    /// <param name="weightDecay">Decoupled weight decay per step, scaled by the learning rate.</param>
    public static GradientTrain AdamW([SpecRange(0, MinExclusive = true)] double lr, [SpecRange(1)] int steps, [SpecRange(1)] int batch = 256, double weightDecay = 0.01)
        => new(Optimizer.AdamW, lr, steps, batch) { WeightDecay = weightDecay };
}

/// <summary>A closed-form least-squares fit; see <see cref="TrainSpec.LeastSquares"/>.</summary>
public sealed record LeastSquaresTrain : TrainSpec
{
    internal LeastSquaresTrain(double ridge)
    {
        SpecGuard.NonNegative(ridge, nameof(ridge));
        Ridge = ridge;
    }

    /// <summary>The ridge penalty λ; 0 means minimum-norm least squares.</summary>
    public double Ridge { get; }
}

/// <summary>Gradient-based training; see <see cref="TrainSpec.Adam"/>, <see cref="TrainSpec.AdamW"/> and <see cref="TrainSpec.Sgd"/>.</summary>
public sealed record GradientTrain : TrainSpec
{
    internal GradientTrain(Optimizer optimizer, double lr, int steps, int batch)
    {
        SpecGuard.Positive(lr, nameof(lr));
        SpecGuard.Positive(steps, nameof(steps));
        SpecGuard.Positive(batch, nameof(batch));
        Optimizer = optimizer;
        LearningRate = lr;
        Steps = steps;
        Batch = batch;
    }

    /// <summary>The optimiser.</summary>
    public Optimizer Optimizer { get; init; }

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; }

    /// <summary>Optimiser steps.</summary>
    public int Steps { get; init; }

    /// <summary>Minibatch size (capped at the training set size).</summary>
    public int Batch { get; init; }

    /// <summary>Momentum for <see cref="Optimizer.Sgd"/>.</summary>
    public double Momentum { get; init; }

    /// <summary>L2 penalty (SGD, Adam) or decoupled decay (AdamW).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Adam's first-moment decay.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's second-moment decay.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's denominator guard.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>How the learning rate changes over training.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Linear warm-up steps for <see cref="LearningRateSchedule.WarmupCosine"/>.</summary>
    public int WarmupSteps { get; init; }

    /// <summary>Clip the global gradient norm to this value; 0 disables clipping.</summary>
    public double ClipNorm { get; init; }

    /// <summary>
    /// Adversarial training (Madry et al. 2018), or null for none: every minibatch is attacked on the model's own loss
    /// before the step, which then trains on the attacked inputs.
    /// </summary>
    /// <example>
    /// <code>
    /// public TrainSpec Train =&gt; TrainSpec.Adam(lr: 3e-3, steps: 1_000, batch: 128) with { Adversarial = AdversarialTraining.Pgd(epsilon: 0.3, steps: 3) };
    /// </code>
    /// </example>
    public AdversarialTraining? Adversarial { get; init; }

    /// <summary>
    /// Input-noise augmentation, or null for none: Gaussian noise of this standard deviation added to every
    /// minibatch's inputs (fresh each step, from the trial's seed), before any adversarial attack.
    /// </summary>
    /// <example>
    /// <code>
    /// public TrainSpec Train =&gt; TrainSpec.Adam(lr: 3e-3, steps: 1_000) with { InputNoise = 0.3 };
    /// </code>
    /// </example>
    [SpecRange(0, MinExclusive = true)]
    public double? InputNoise
    {
        get => _inputNoise;
        init
        {
            if (value is double sigma)
            {
                SpecGuard.Positive(sigma, nameof(InputNoise));
            }

            _inputNoise = value;
        }
    }

    private readonly double? _inputNoise;
}

/// <summary>
/// The attack adversarial training trains on: <c>steps</c> steps of size <c>stepSize</c> within an L∞ or L2 ball of
/// radius ε around each clean input (FGSM is one L∞ step of ε).
/// </summary>
/// <example>
/// <code>
/// public TrainSpec Train =&gt; TrainSpec.Adam(lr: 3e-3, steps: 1_000) with { Adversarial = AdversarialTraining.Fgsm(epsilon: 0.1) };
/// </code>
/// </example>
public sealed record AdversarialTraining
{
    private AdversarialTraining(double epsilon, int steps, double stepSize, AttackNorm norm)
    {
        SpecGuard.Positive(epsilon, nameof(epsilon));
        SpecGuard.Positive(steps, nameof(steps));
        SpecGuard.Positive(stepSize, nameof(stepSize));
        if (!Enum.IsDefined(norm))
        {
            throw new ArgumentOutOfRangeException(nameof(norm), norm, "not a norm.");
        }

        Epsilon = epsilon;
        Steps = steps;
        StepSize = stepSize;
        Norm = norm;
    }

    /// <summary>The ball's radius.</summary>
    public double Epsilon { get; }

    /// <summary>Attack steps per minibatch.</summary>
    public int Steps { get; }

    /// <summary>Step size per attack step.</summary>
    public double StepSize { get; }

    /// <summary>The ball's norm.</summary>
    public AttackNorm Norm { get; }

    /// <summary>Fast gradient sign training: one L∞ step of ε (Goodfellow et al. 2015).</summary>
    /// <param name="epsilon">L∞ radius.</param>
    public static AdversarialTraining Fgsm([SpecRange(0, MinExclusive = true)] double epsilon) => new(epsilon, 1, epsilon, AttackNorm.LInfinity);

    /// <summary>Projected gradient descent training (Madry et al. 2018).</summary>
    /// <param name="epsilon">The radius.</param>
    /// <param name="steps">Attack steps.</param>
    /// <param name="stepSize">Step size; defaults to 2.5·ε/steps.</param>
    /// <param name="norm">L∞ (signed-gradient steps) or L2 (normalised-gradient steps).</param>
    public static AdversarialTraining Pgd([SpecRange(0, MinExclusive = true)] double epsilon, [SpecRange(1)] int steps = 7, [SpecRange(0, MinExclusive = true)] double? stepSize = null, AttackNorm norm = AttackNorm.LInfinity)
        => new(epsilon, steps, stepSize ?? 2.5 * epsilon / steps, norm);
}

/// <summary>The norm of an attack's ball.</summary>
public enum AttackNorm
{
    /// <summary>max_j |δ_j| ≤ ε: each step moves every coordinate by the step size times the gradient's sign.</summary>
    LInfinity = 0,

    /// <summary>‖δ‖₂ ≤ ε: each step moves along the gradient normalised to the step size.</summary>
    L2 = 1,
}

/// <summary>The optimiser of a <see cref="GradientTrain"/>.</summary>
public enum Optimizer
{
    /// <summary>SGD with heavy-ball momentum.</summary>
    Sgd = 0,

    /// <summary>Adam with L2 penalty in the gradient.</summary>
    Adam = 1,

    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW = 2,
}

/// <summary>Learning-rate schedule of a <see cref="GradientTrain"/>.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate every step.</summary>
    Constant = 0,

    /// <summary>Linear warm-up over <see cref="GradientTrain.WarmupSteps"/>, then cosine decay to zero.</summary>
    WarmupCosine = 1,
}
