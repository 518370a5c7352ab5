using Sweep.Kernels;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Training;

/// <summary>Every Dsl spec kind maps onto the kernels' configuration it means.</summary>
public sealed class TrialConfigsTests
{
    [Fact]
    public void Data_MapOneToOne_WithTheirTaskSeeds()
    {
        TrialSpec teacher = new(
            DataSpec.TeacherStudent(inputs: 7, teacherWidth: 33, noise: 0.2, train: 300, test: 50, classes: 3, teacherSeed: 9),
            ModelSpec.Linear(),
            TrainSpec.LeastSquares(),
            [new NamedEvaluation("Clean", ShiftSpec.None)]);
        TrialSpec mixture = teacher with { Data = DataSpec.GaussianMixture(inputs: 5, classes: 4, separation: 2.5, train: 100, test: 40, meansSeed: 4) };

        Assert.Equal(new TeacherStudentConfig(7, 33, 0.2, 300, 50, 3, 9), TrialConfigs.From(teacher, 11).Data);
        Assert.Equal(new GaussianMixtureConfig(5, 4, 2.5, 100, 40, 4), TrialConfigs.From(mixture, 11).Data);
        Assert.Equal(11, TrialConfigs.From(teacher, 11).Seed);
    }

    [Fact]
    public void Models_MapWithTheirActivationAndFeatureMap()
    {
        Assert.IsType<LinearConfig>(Map(ModelSpec.Linear()));
        Assert.Equal(new RandomFeaturesConfig(12, FeatureMapKind.Fourier), Map(ModelSpec.RandomFeatures(12, FeatureMap.Fourier)));
        Assert.Equal(new RandomFeaturesConfig(12, FeatureMapKind.Relu), Map(ModelSpec.RandomFeatures(12)));
        Assert.Equal(new MlpConfig([8, 4], ActivationKind.Relu), Map(ModelSpec.Mlp(8, 4)));
        Assert.Equal(new MlpConfig([8], ActivationKind.Gelu), Map(ModelSpec.Mlp(Activation.Gelu, 8)));
        Assert.Equal(new MlpConfig([8], ActivationKind.Tanh), Map(ModelSpec.Mlp(Activation.Tanh, 8)));
    }

    [Fact]
    public void GradientTraining_KeepsEverySetting_AndRecordsNoLossCurve()
    {
        GradientTrain adamW = TrainSpec.AdamW(lr: 3e-3, steps: 500, batch: 64, weightDecay: 0.05) with
        {
            Beta1 = 0.8,
            Beta2 = 0.99,
            Epsilon = 1e-6,
            Schedule = LearningRateSchedule.WarmupCosine,
            WarmupSteps = 25,
            ClipNorm = 1.5,
        };

        GradientConfig config = Assert.IsType<GradientConfig>(MapTrain(adamW));

        Assert.Equal(
            new GradientConfig(OptimizerKind.AdamW, 3e-3, 500, 64)
            {
                WeightDecay = 0.05, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-6, Schedule = ScheduleKind.WarmupCosine, WarmupSteps = 25, ClipNorm = 1.5, LossCurvePoints = 0,
            },
            config);
        Assert.Equal((OptimizerKind.Sgd, 0.5), Summary(MapTrain(TrainSpec.Sgd(lr: 0.1, steps: 10, momentum: 0.5))));
        Assert.Equal((OptimizerKind.Adam, 0.0), Summary(MapTrain(TrainSpec.Adam(lr: 0.1, steps: 10))));
    }

    [Fact]
    public void LeastSquaresRidge_IsPerSampleInTheStudy_SoItScalesWithTheTrainingSet()
    {
        // The study's loss is the mean squared error + λ‖w‖²; the kernels' is the summed error + λ′‖w‖², so λ′ = n·λ.
        TrialSpec spec = new(DataSpec.TeacherStudent(inputs: 4, train: 256), ModelSpec.RandomFeatures(8), TrainSpec.LeastSquares(1e-3), [new NamedEvaluation("Clean", ShiftSpec.None)]);

        Assert.Equal(new LeastSquaresConfig(1e-3 * 256), TrialConfigs.From(spec, 0).Train);
    }

    [Fact]
    public void Shifts_MapToTheirKernelsShifts_UnderTheEvaluationsNames()
    {
        TrialSpec spec = new(
            DataSpec.TeacherStudent(inputs: 4),
            ModelSpec.Linear(),
            TrainSpec.LeastSquares(),
            [
                new NamedEvaluation("Clean", ShiftSpec.None),
                new NamedEvaluation("Wider", ShiftSpec.Covariate(1.5)),
                new NamedEvaluation("Noisy", ShiftSpec.InputNoise(0.3)),
                new NamedEvaluation("Flipped", ShiftSpec.LabelNoise(0.2)),
                new NamedEvaluation("Fgsm", ShiftSpec.Fgsm(0.1)),
                new NamedEvaluation("Pgd", ShiftSpec.Pgd(0.1, steps: 4)),
            ]);

        Assert.Equal(
            [
                new EvaluationConfig("Clean", ShiftConfig.None),
                new EvaluationConfig("Wider", ShiftConfig.Covariate(1.5)),
                new EvaluationConfig("Noisy", ShiftConfig.InputNoise(0.3)),
                new EvaluationConfig("Flipped", ShiftConfig.LabelNoise(0.2)),
                new EvaluationConfig("Fgsm", ShiftConfig.Fgsm(0.1)),
                new EvaluationConfig("Pgd", ShiftConfig.Pgd(0.1, steps: 4)),
            ],
            TrialConfigs.From(spec, 0).Evaluations);
    }

    [Fact]
    public void TryCreate_ReportsTheKernelsValidationErrors_JoinedIntoOneMessage()
    {
        TrialSpec spec = new(DataSpec.TeacherStudent(inputs: 4), ModelSpec.Mlp(8), TrainSpec.LeastSquares(), []);

        Assert.False(TrialConfigs.TryCreate(spec, 0, out TrialConfig? config, out string? error));

        Assert.Null(config);
        Assert.Equal("least squares fits linear and random-features models only; train an MLP with a gradient optimiser; a trial needs at least one evaluation.", error);
    }

    private static ModelConfig Map(ModelSpec model)
        => TrialConfigs.From(new TrialSpec(DataSpec.TeacherStudent(inputs: 4), model, TrainSpec.LeastSquares(), [new NamedEvaluation("Clean", ShiftSpec.None)]), 0).Model;

    private static TrainConfig MapTrain(TrainSpec train)
        => TrialConfigs.From(new TrialSpec(DataSpec.TeacherStudent(inputs: 4), ModelSpec.Mlp(4), train, [new NamedEvaluation("Clean", ShiftSpec.None)]), 0).Train;

    private static (OptimizerKind Optimizer, double Momentum) Summary(TrainConfig train)
        => train is GradientConfig g ? (g.Optimizer, g.Momentum) : throw new InvalidOperationException("not gradient training");
}
