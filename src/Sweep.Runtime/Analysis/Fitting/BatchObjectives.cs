using System.Runtime.InteropServices;

namespace Sweep.Analysis;

/// <summary>
/// One data set of a multi-start fit as the objective kernels see it: logarithms of the inputs and of the target and a
/// weight per point (1, or the resampling count of a bootstrap replica). <see cref="LogX2"/> is empty for
/// single-variable laws.
/// </summary>
/// <param name="LogX1">log x, or log N.</param>
/// <param name="LogX2">log D for joint laws; empty otherwise.</param>
/// <param name="LogY">log of the fitted value.</param>
/// <param name="Weights">Weight of each point in the summed Huber objective.</param>
public sealed record FitProblem(ReadOnlyMemory<double> LogX1, ReadOnlyMemory<double> LogX2, ReadOnlyMemory<double> LogY, ReadOnlyMemory<double> Weights);

/// <summary>
/// Makes the <see cref="IBatchObjective"/> a fit evaluates: the seam where an accelerator kernel replaces the managed
/// CPU loop. Set <see cref="FitOptions.Objectives"/>; results must match <see cref="CpuBatchObjectives"/> within rounding.
/// </summary>
public interface IBatchObjectiveProvider
{
    /// <summary>Creates the batched objective of <paramref name="law"/> over <paramref name="problems"/>.</summary>
    /// <param name="law">The law.</param>
    /// <param name="problems">Problem i is the data of rows whose problem index is i.</param>
    /// <param name="huberDelta">Huber threshold δ.</param>
    IBatchObjective Create(ScalingLaw law, IReadOnlyList<FitProblem> problems, double huberDelta);
}

/// <summary>The managed CPU objectives (the Chinchilla law's loop is vectorised with Vector256).</summary>
public sealed class CpuBatchObjectives : IBatchObjectiveProvider
{
    /// <summary>The shared instance.</summary>
    public static CpuBatchObjectives Instance { get; } = new();

    /// <inheritdoc />
    public IBatchObjective Create(ScalingLaw law, IReadOnlyList<FitProblem> problems, double huberDelta)
    {
        ArgumentNullException.ThrowIfNull(law);
        ArgumentNullException.ThrowIfNull(problems);
        return new LawBatchObjective(law, [.. problems.Select(ToArrays)], huberDelta);
    }

    internal static LawArrays ToArrays(FitProblem p) => new(AsArray(p.LogX1), AsArray(p.LogX2), AsArray(p.LogY), AsArray(p.Weights));

    internal static FitProblem ToProblem(LawArrays a) => new(a.LogX1, a.LogX2, a.LogY, a.Weights);

    /// <summary>The backing array when the memory spans a whole array (no copy), else a copy.</summary>
    private static double[] AsArray(ReadOnlyMemory<double> memory)
        => MemoryMarshal.TryGetArray(memory, out ArraySegment<double> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
}
