namespace Sweep.Analysis;

/// <summary>
/// The objective of a law fit on one data set, <c>Σ Huber_δ(log L̂_i − log L_i)</c> over points (summed, as
/// Hoffmann et al.), as a plain <see cref="IDifferentiableFunction"/> of the fit parameters.
/// </summary>
public sealed class LawObjective : IDifferentiableFunction
{
    private readonly LawArrays _data;

    /// <summary>Binds a law to data.</summary>
    /// <param name="law">The law.</param>
    /// <param name="data">The data; joint laws need D.</param>
    /// <param name="huberDelta">Huber threshold δ.</param>
    public LawObjective(ScalingLaw law, FitData data, double huberDelta = Huber.HoffmannDelta)
    {
        ArgumentNullException.ThrowIfNull(law);
        ArgumentNullException.ThrowIfNull(data);
        if (law.Inputs == 2 && !data.IsJoint)
        {
            throw new ArgumentException($"Law '{law.Name}' needs joint (N, D) data.", nameof(data));
        }

        Law = law;
        HuberDelta = huberDelta;
        _data = data.ToLawArrays();
    }

    /// <summary>The law.</summary>
    public ScalingLaw Law { get; }

    /// <summary>Huber threshold δ.</summary>
    public double HuberDelta { get; }

    /// <inheritdoc />
    public int Dimension => Law.ParameterCount;

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient) => Law.Objective(x, _data, HuberDelta, gradient);
}

/// <summary>
/// The CPU <see cref="IBatchObjective"/> of a law: one problem per data set (the full data, or one bootstrap replica
/// with its resampling counts as weights), each row evaluated by the law's managed kernel.
/// </summary>
internal sealed class LawBatchObjective : IBatchObjective
{
    private readonly ScalingLaw _law;
    private readonly LawArrays[] _problems;
    private readonly double _delta;

    public LawBatchObjective(ScalingLaw law, LawArrays[] problems, double delta)
    {
        _law = law;
        _problems = problems;
        _delta = delta;
    }

    public int Dimension => _law.ParameterCount;

    public int ProblemCount => _problems.Length;

    public void Evaluate(ReadOnlySpan<int> problems, ReadOnlySpan<double> points, Span<double> values, Span<double> gradients)
    {
        int p = _law.ParameterCount;
        for (int r = 0; r < problems.Length; r++)
        {
            values[r] = _law.Objective(points.Slice(r * p, p), _problems[problems[r]], _delta, gradients.Slice(r * p, p));
        }
    }
}
