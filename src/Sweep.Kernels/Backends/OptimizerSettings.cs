namespace Sweep.Kernels;

/// <summary>
/// One model's optimiser hyperparameters. Every model of a batch has its own (different learning rates, weight
/// decays or schedules train together); <see cref="Pack"/> lays them out for
/// <see cref="ComputeBackend.OptimizerStep"/>, which computes the scheduled rate on the device from the step number.
/// </summary>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="Momentum">SGD's heavy-ball momentum.</param>
/// <param name="Beta1">Adam's first-moment decay.</param>
/// <param name="Beta2">Adam's second-moment decay.</param>
/// <param name="Epsilon">Adam's denominator guard.</param>
/// <param name="WeightDecay">L2 coefficient λ (gradient += λ·w) for SGD and Adam; decoupled decay (w −= lr·λ·w) for AdamW.</param>
/// <param name="ClipNorm">Global gradient-norm clip (PyTorch's <c>clip_grad_norm_</c>); 0 disables it.</param>
/// <param name="Schedule">The learning-rate schedule.</param>
/// <param name="WarmupSteps">Linear warm-up steps of <see cref="ScheduleKind.WarmupCosine"/>.</param>
/// <param name="TotalSteps">Total steps, the cosine's period.</param>
/// <example>
/// <code>
/// var adam = OptimizerSettings.Default with { LearningRate = 3e-3f, TotalSteps = 2_000 };
/// using DeviceBuffer&lt;float&gt; settings = backend.Upload&lt;float&gt;(OptimizerSettings.Pack([adam]));
/// </code>
/// </example>
public readonly record struct OptimizerSettings(
    float LearningRate,
    float Momentum,
    float Beta1,
    float Beta2,
    float Epsilon,
    float WeightDecay,
    float ClipNorm,
    ScheduleKind Schedule,
    int WarmupSteps,
    int TotalSteps)
{
    /// <summary>Floats per model in a packed settings buffer.</summary>
    public const int Stride = 10;

    /// <summary>lr 1e-3, momentum 0.9, Adam's β = (0.9, 0.999), ε = 1e-8, no decay, no clipping, constant rate.</summary>
    public static OptimizerSettings Default { get; } = new(1e-3f, 0.9f, 0.9f, 0.999f, 1e-8f, 0f, 0f, ScheduleKind.Constant, 0, 1);

    /// <summary>Packs per-model settings, <see cref="Stride"/> floats each, for <see cref="ComputeBackend.OptimizerStep"/>.</summary>
    /// <param name="settings">One entry per model.</param>
    /// <returns>The packed floats.</returns>
    public static float[] Pack(IReadOnlyList<OptimizerSettings> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var packed = new float[settings.Count * Stride];
        for (int i = 0; i < settings.Count; i++)
        {
            OptimizerSettings s = settings[i];
            Span<float> row = packed.AsSpan(i * Stride, Stride);
            row[0] = s.LearningRate;
            row[1] = s.Momentum;
            row[2] = s.Beta1;
            row[3] = s.Beta2;
            row[4] = s.Epsilon;
            row[5] = s.WeightDecay;
            row[6] = s.ClipNorm;
            row[7] = (float)s.Schedule;
            row[8] = s.WarmupSteps;
            row[9] = s.TotalSteps;
        }

        return packed;
    }

    /// <summary>The learning rate at 0-based step <paramref name="step"/>, as every backend computes it.</summary>
    /// <param name="step">The step index, 0 for the first step.</param>
    /// <returns>The scheduled rate.</returns>
    public double LearningRateAt(int step) => ScheduledRate(LearningRate, Schedule, WarmupSteps, TotalSteps, step);

    /// <summary>
    /// The schedule: constant, or warm-up <c>lr·(t+1)/W</c> for t &lt; W then <c>lr·½(1 + cos(π·(t−W)/(T−W)))</c>.
    /// </summary>
    /// <param name="rate">Peak rate.</param>
    /// <param name="schedule">The schedule.</param>
    /// <param name="warmup">Warm-up steps W.</param>
    /// <param name="total">Total steps T.</param>
    /// <param name="step">0-based step t.</param>
    /// <returns>The rate.</returns>
    public static double ScheduledRate(double rate, ScheduleKind schedule, int warmup, int total, int step)
    {
        if (schedule == ScheduleKind.Constant)
        {
            return rate;
        }

        if (step < warmup)
        {
            return rate * (step + 1) / warmup;
        }

        double progress = (double)(step - warmup) / Math.Max(1, total - warmup);
        return rate * 0.5 * (1.0 + Math.Cos(Math.PI * Math.Min(1.0, progress)));
    }
}

/// <summary>The shape of a batch of dense layers: <c>Count</c> models, each mapping <c>Rows</c> inputs of width <c>Inputs</c> to width <c>Outputs</c>.</summary>
/// <param name="Count">Models in the batch (slices).</param>
/// <param name="Rows">Rows (samples) per model.</param>
/// <param name="Inputs">Input width.</param>
/// <param name="Outputs">Output width.</param>
/// <example>
/// <code>
/// backend.DenseForward(new DenseShape(Count: 16, Rows: 256, Inputs: 32, Outputs: 64), x, w, b, ActivationKind.Relu, z, h);
/// </code>
/// </example>
public readonly record struct DenseShape(int Count, int Rows, int Inputs, int Outputs);
