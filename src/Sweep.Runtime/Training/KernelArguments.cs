using Sweep.Kernels;

namespace Sweep.Training;

/// <summary>
/// The kernels' arguments for a study's specs: the network shape a model trains as, and the optimiser settings and
/// enums the fused kernels read. Sweep.Kernels knows nothing of the study language; this is where the two meet.
/// </summary>
internal static class KernelArguments
{
    /// <summary>
    /// The shape the gradient trainer runs: an MLP as declared, and a linear or random-features readout as a network
    /// with no hidden layer over the inputs or the features.
    /// </summary>
    public static MlpShape Shape(ModelSpec model, DataSpec data) => model switch
    {
        MlpModel mlp => new MlpShape(data.Inputs, mlp.Hidden, data.Outputs, Activation(mlp.Activation)),
        RandomFeaturesModel rf => new MlpShape(rf.Features, [], data.Outputs, ActivationKind.Identity),
        _ => new MlpShape(data.Inputs, [], data.Outputs, ActivationKind.Identity),
    };

    /// <summary>The per-model settings the optimiser kernel reads.</summary>
    public static OptimizerSettings Settings(GradientTrain train) => new(
        (float)train.LearningRate,
        (float)train.Momentum,
        (float)train.Beta1,
        (float)train.Beta2,
        (float)train.Epsilon,
        (float)train.WeightDecay,
        (float)train.ClipNorm,
        train.Schedule == LearningRateSchedule.WarmupCosine ? ScheduleKind.WarmupCosine : ScheduleKind.Constant,
        train.WarmupSteps,
        train.Steps);

    public static OptimizerKind Optimizer(Optimizer optimizer) => optimizer switch
    {
        Sweep.Optimizer.Sgd => OptimizerKind.Sgd,
        Sweep.Optimizer.Adam => OptimizerKind.Adam,
        Sweep.Optimizer.AdamW => OptimizerKind.AdamW,
        _ => throw new NotSupportedException($"the engine has no optimiser {optimizer}."),
    };

    public static ActivationKind Activation(Activation activation) => activation switch
    {
        Sweep.Activation.Relu => ActivationKind.Relu,
        Sweep.Activation.Gelu => ActivationKind.Gelu,
        Sweep.Activation.Tanh => ActivationKind.Tanh,
        _ => throw new NotSupportedException($"the engine has no activation {activation}."),
    };

    /// <summary>The minibatch perturbation of a gradient trainer (input noise, adversarial training), or null for none.</summary>
    public static TrainingPerturbation? Perturbation(GradientTrain train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Adversarial is null && train.InputNoise is null)
        {
            return null;
        }

        AdversarialTraining? a = train.Adversarial;
        return new TrainingPerturbation(
            (float)(train.InputNoise ?? 0), Norm(a?.Norm), (float)(a?.Epsilon ?? 0), a?.Steps ?? 0, (float)(a?.StepSize ?? 0));
    }

    /// <summary>The kernels' attack norm (null is L∞).</summary>
    public static AttackNormKind Norm(AttackNorm? norm) => norm == AttackNorm.L2 ? AttackNormKind.L2 : AttackNormKind.LInfinity;
}
