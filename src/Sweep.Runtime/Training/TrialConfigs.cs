using Sweep.Kernels;

namespace Sweep.Training;

/// <summary>
/// Maps a study's <see cref="TrialSpec"/> (Sweep.Dsl, what the user wrote) onto the kernels' <see cref="TrialConfig"/>
/// (what runs), spec kind by spec kind. Two conventions change on the way: a least-squares ridge λ is per sample in the
/// study (the loss is the mean squared error + λ‖w‖²) and on the summed error in the kernels, so it is scaled by the
/// training-set size; and no loss curve is recorded.
/// </summary>
internal static class TrialConfigs
{
    /// <summary>The kernels' trial for a spec and seed.</summary>
    /// <param name="spec">The study's trial.</param>
    /// <param name="seed">The trial's seed.</param>
    /// <returns>The configuration (not yet validated: see <see cref="Trials.Validate"/>).</returns>
    /// <exception cref="NotSupportedException">A spec kind this engine does not know.</exception>
    public static TrialConfig From(TrialSpec spec, long seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        DatasetConfig data = Data(spec.Data);
        return new TrialConfig(data, Model(spec.Model), Train(spec.Train, data.Train), [.. spec.Evaluations.Select(Evaluation)], seed);
    }

    /// <summary>The configuration for a spec and seed, or the reasons it cannot run, joined into one message.</summary>
    /// <param name="spec">The study's trial.</param>
    /// <param name="seed">The trial's seed.</param>
    /// <param name="config">The configuration when valid.</param>
    /// <param name="error">What is wrong, when not.</param>
    /// <returns>Whether the trial can run.</returns>
    public static bool TryCreate(TrialSpec spec, long seed, out TrialConfig? config, out string? error)
    {
        config = null;
        try
        {
            TrialConfig candidate = From(spec, seed);
            IReadOnlyList<string> errors = Trials.Validate(candidate);
            if (errors.Count > 0)
            {
                error = string.Join("; ", errors.Select(e => e.TrimEnd('.'))) + ".";
                return false;
            }

            config = candidate;
            error = null;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            error = e.Message;
            return false;
        }
    }

    private static DatasetConfig Data(DataSpec data) => data switch
    {
        TeacherStudentData ts => new TeacherStudentConfig(ts.Inputs, ts.TeacherWidth, ts.Noise, ts.Train, ts.Test, ts.Classes, ts.TeacherSeed),
        GaussianMixtureData gm => new GaussianMixtureConfig(gm.Inputs, gm.Classes, gm.Separation, gm.Train, gm.Test, gm.MeansSeed),
        _ => throw new NotSupportedException($"the kernels engine has no data of kind {data.GetType().Name}."),
    };

    private static ModelConfig Model(ModelSpec model) => model switch
    {
        LinearModel => new LinearConfig(),
        RandomFeaturesModel rf => new RandomFeaturesConfig(rf.Features, rf.Map == FeatureMap.Fourier ? FeatureMapKind.Fourier : FeatureMapKind.Relu),
        MlpModel mlp => new MlpConfig(mlp.Hidden, Activation(mlp.Activation)),
        _ => throw new NotSupportedException($"the kernels engine has no model of kind {model.GetType().Name}."),
    };

    private static TrainConfig Train(TrainSpec train, int samples) => train switch
    {
        LeastSquaresTrain ls => new LeastSquaresConfig(ls.Ridge * samples),
        GradientTrain g => new GradientConfig(Optimizer(g.Optimizer), g.LearningRate, g.Steps, g.Batch)
        {
            Momentum = g.Momentum,
            WeightDecay = g.WeightDecay,
            Beta1 = g.Beta1,
            Beta2 = g.Beta2,
            Epsilon = g.Epsilon,
            Schedule = g.Schedule == LearningRateSchedule.WarmupCosine ? ScheduleKind.WarmupCosine : ScheduleKind.Constant,
            WarmupSteps = g.WarmupSteps,
            ClipNorm = g.ClipNorm,
            LossCurvePoints = 0,
        },
        _ => throw new NotSupportedException($"the kernels engine has no training of kind {train.GetType().Name}."),
    };

    private static EvaluationConfig Evaluation(NamedEvaluation evaluation) => new(evaluation.Name, evaluation.Shift switch
    {
        NoShift => ShiftConfig.None,
        CovariateShift c => ShiftConfig.Covariate(c.Scale),
        InputNoiseShift n => ShiftConfig.InputNoise(n.Sigma),
        LabelNoiseShift l => ShiftConfig.LabelNoise(l.Rate),
        AdversarialShift a => new ShiftConfig(ShiftKind.Adversarial, a.Epsilon, a.Steps, a.StepSize),
        _ => throw new NotSupportedException($"the kernels engine has no shift of kind {evaluation.Shift.GetType().Name}."),
    });

    private static ActivationKind Activation(Activation activation) => activation switch
    {
        Sweep.Activation.Relu => ActivationKind.Relu,
        Sweep.Activation.Gelu => ActivationKind.Gelu,
        Sweep.Activation.Tanh => ActivationKind.Tanh,
        _ => throw new NotSupportedException($"the kernels engine has no activation {activation}."),
    };

    private static OptimizerKind Optimizer(Optimizer optimizer) => optimizer switch
    {
        Sweep.Optimizer.Sgd => OptimizerKind.Sgd,
        Sweep.Optimizer.Adam => OptimizerKind.Adam,
        Sweep.Optimizer.AdamW => OptimizerKind.AdamW,
        _ => throw new NotSupportedException($"the kernels engine has no optimiser {optimizer}."),
    };
}
