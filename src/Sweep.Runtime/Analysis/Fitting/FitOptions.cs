using System.Text.Json.Serialization;

namespace Sweep.Analysis;

/// <summary>How a multi-start fit spreads its work.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FitEngine>))]
public enum FitEngine
{
    /// <summary>Each start runs to completion on one thread (<c>Parallel.For</c> over starts, a workspace per thread): the CPU default.</summary>
    Threads = 0,

    /// <summary>
    /// All starts advance in lock step and every round evaluates all their points in one <see cref="IBatchObjective"/>
    /// call: the shape an accelerator kernel needs. Gives the same results as <see cref="Threads"/>.
    /// </summary>
    Lockstep = 1,
}

/// <summary>How a bootstrap replica is drawn.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BootstrapResampling>))]
public enum BootstrapResampling
{
    /// <summary>Resample points with replacement.</summary>
    Points = 0,

    /// <summary>
    /// Resample whole axis cells (all points with the same x, or the same (N, D)) with replacement, so seeds of one
    /// configuration travel together and are not treated as independent scales.
    /// </summary>
    Cells = 1,
}

/// <summary>Settings of a bootstrap.</summary>
public sealed record BootstrapOptions
{
    /// <summary>Number of replicas.</summary>
    public int Replicas { get; init; } = 200;

    /// <summary>Seed; the same seed gives the same replicas and the same intervals.</summary>
    public ulong Seed { get; init; } = 20220329;

    /// <summary>Points or whole axis cells.</summary>
    public BootstrapResampling Resampling { get; init; } = BootstrapResampling.Cells;

    /// <summary>Two-sided level of the percentile intervals.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>
    /// Starts per replica: the best distinct optima of the full-data fit (warm starts). 0 refits every replica from
    /// the whole start grid (slower by the grid size over this number, and immune to a basin the full fit missed).
    /// </summary>
    public int StartsPerReplica { get; init; } = 8;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Replicas, 2, nameof(Replicas));
        ArgumentOutOfRangeException.ThrowIfNegative(StartsPerReplica, nameof(StartsPerReplica));
        if (!(Confidence > 0 && Confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "Confidence must be in (0, 1).");
        }
    }
}

/// <summary>Settings of <see cref="ScalingFitter.Fit"/>.</summary>
public sealed record FitOptions
{
    /// <summary>Hoffmann et al.'s settings, no bootstrap.</summary>
    public static FitOptions Default { get; } = new();

    /// <summary>Huber threshold δ on log-loss residuals (used when <see cref="Loss"/> is <see cref="FitLoss.Huber"/>).</summary>
    public double HuberDelta { get; init; } = Huber.HoffmannDelta;

    /// <summary>The loss on log residuals: Huber (default), squared, or a Gaussian likelihood with a fitted scale.</summary>
    public FitLoss Loss { get; init; } = FitLoss.Huber;

    /// <summary>The threshold the objective kernels clamp residuals at: δ for Huber, +∞ (plain squares) otherwise.</summary>
    internal double EffectiveDelta => Loss == FitLoss.Huber ? HuberDelta : double.PositiveInfinity;

    /// <summary>The start grid; the law's <see cref="ScalingLaw.DefaultStarts"/> when null.</summary>
    public StartGrid? Starts { get; init; }

    /// <summary>L-BFGS settings.</summary>
    public LbfgsOptions Optimizer { get; init; } = LbfgsOptions.Default;

    /// <summary>Threads to use; all cores when null.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>How starts are scheduled.</summary>
    public FitEngine Engine { get; init; } = FitEngine.Threads;

    /// <summary>Bootstrap settings, or null for no intervals.</summary>
    public BootstrapOptions? Bootstrap { get; init; }

    /// <summary>
    /// Where the batched objective comes from: the managed CPU loop by default, or ILGPU kernels on an accelerator
    /// (<see cref="IlgpuBatchObjectives"/>; <see cref="FitObjectiveBackend.Apply"/> sets this and <see cref="Engine"/> from a backend name).
    /// </summary>
    public IBatchObjectiveProvider Objectives { get; init; } = CpuBatchObjectives.Instance;

    internal void Validate()
    {
        if (!(HuberDelta > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(HuberDelta), HuberDelta, "The Huber threshold must be positive.");
        }

        Optimizer.Validate();
        Bootstrap?.Validate();
        if (MaxDegreeOfParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Need at least one thread.");
        }
    }
}
