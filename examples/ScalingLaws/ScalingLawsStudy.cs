using Sweep;

namespace ScalingLaws;

/// <summary>
/// How does loss scale with parameters and data? A 32→h→h→1 ReLU MLP (model size N set by the width h) learns a
/// fixed random teacher network from a stream of fresh samples: each trial trains for one pass over
/// <see cref="TrainSize"/> samples (D, the tokens seen) with Adam on a warm-up + cosine schedule, so N and D are the
/// only things that change, as in Hoffmann et al.'s (2022) runs. Three seeds per cell.
/// </summary>
/// <remarks>
/// Expected: test loss falls with N at every D and with D at every N, along power laws that flatten towards an
/// irreducible floor (the teacher's label noise, 0.1² = 0.01, plus what no student of this family reaches). The
/// joint law <c>L(N, D) = E + A/N^α + B/D^β</c> fits the whole grid with both exponents positive; per data size,
/// <c>E + A·N^−α</c> shows the returns to model size shrinking as data runs out (larger D, larger α and smaller E),
/// and the fit's compute-optimal allocation says how to split a FLOP budget C = 6·N·D between the two.
/// </remarks>
[Study("scaling-laws", Seeds = 3, Description = "MLP teacher-student regression: test loss vs parameters N and samples D, with the joint law")]
public partial class ScalingLawsStudy
{
    /// <summary>Samples per optimiser step.</summary>
    public const int Batch = 64;

    /// <summary>Hidden width h of both hidden layers: N from about 400 to 280,000 parameters.</summary>
    [Axis, Geometric(8, 512, Steps = 7)]
    public int Width { get; init; }

    /// <summary>Fresh training samples, seen once each: D from 4,096 to 131,072 (64 to 2,048 steps).</summary>
    [Axis, Geometric(4_096, 131_072, Steps = 6)]
    public int TrainSize { get; init; }

    /// <summary>Optimiser steps: one pass over the training set.</summary>
    public int Steps => TrainSize / Batch;

    [Derived(Quantity.Parameters)]
    public long Parameters => Model.Parameters(Data.Inputs, Data.Outputs);

    [Derived(Quantity.Tokens)]
    public long Tokens => (long)Steps * Batch;

    [Derived(Quantity.Flops)]
    public double Flops => 6.0 * Parameters * Tokens;

    public DataSpec Data => DataSpec.TeacherStudent(inputs: 32, teacherWidth: 256, noise: 0.1, train: TrainSize, test: 4_096);

    public ModelSpec Model => ModelSpec.Mlp(Width, Width);

    public TrainSpec Train => TrainSpec.Adam(lr: 3e-3, steps: Steps, batch: Batch)
        with { Schedule = LearningRateSchedule.WarmupCosine, WarmupSteps = Steps / 10 };

    [Evaluate]
    public ShiftSpec Clean => ShiftSpec.None;

    /// <summary>The joint law over the whole grid (Chinchilla approach 3).</summary>
    [Law]
    public LawSpec Joint => LawSpec.Chinchilla(n: nameof(Parameters), d: nameof(Tokens), loss: Metric.TestLoss);

    /// <summary>Loss against model size, one power law per data size.</summary>
    [Law]
    public LawSpec LossVsParameters => LawSpec.PowerLaw(x: nameof(Parameters), y: Metric.TestLoss, by: nameof(TrainSize));
}
