namespace Sweep.Analysis;

/// <summary>
/// The initial points of a multi-start fit, in a law's fit parameterisation (<see cref="ScalingLaw.FitParameterNames"/>).
/// </summary>
public sealed class StartGrid
{
    private readonly double[] _points;

    private StartGrid(int dimension, double[] points)
    {
        Dimension = dimension;
        _points = points;
        Count = points.Length / dimension;
    }

    /// <summary>
    /// Hoffmann et al.'s grid for the Chinchilla law, 4,500 starts, in the order (e, a, b, α, β):
    /// e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25}, α, β ∈ {0, 0.5, …, 2}.
    /// </summary>
    public static StartGrid Hoffmann { get; } = Cartesian(
        Range(-1, 1, 0.5), Range(0, 25, 5), Range(0, 25, 5), Range(0, 2, 0.5), Range(0, 2, 0.5));

    /// <summary>The number of variables of each start.</summary>
    public int Dimension { get; }

    /// <summary>The number of starts.</summary>
    public int Count { get; }

    /// <summary>Start <paramref name="index"/>.</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="Count"/>.</param>
    public ReadOnlySpan<double> this[int index] => _points.AsSpan(index * Dimension, Dimension);

    /// <summary>Every combination of the given axis values; the last axis varies fastest.</summary>
    /// <param name="axes">One list of values per variable.</param>
    public static StartGrid Cartesian(params IReadOnlyList<double>[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length == 0 || axes.Any(a => a.Count == 0))
        {
            throw new ArgumentException("Every axis of a start grid needs at least one value.", nameof(axes));
        }

        int dim = axes.Length;
        int count = axes.Aggregate(1, (n, a) => checked(n * a.Count));
        var points = new double[count * dim];
        var index = new int[dim];
        for (int p = 0; p < count; p++)
        {
            for (int k = 0; k < dim; k++)
            {
                points[p * dim + k] = axes[k][index[k]];
            }

            for (int k = dim - 1; k >= 0; k--)
            {
                if (++index[k] < axes[k].Count)
                {
                    break;
                }

                index[k] = 0;
            }
        }

        return new StartGrid(dim, points);
    }

    /// <summary>A grid made of explicit points.</summary>
    /// <param name="points">The starts; all of one length.</param>
    public static StartGrid FromPoints(IEnumerable<IReadOnlyList<double>> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var list = points.ToList();
        if (list.Count == 0 || list[0].Count == 0)
        {
            throw new ArgumentException("A start grid needs at least one non-empty point.", nameof(points));
        }

        int dim = list[0].Count;
        var flat = new double[list.Count * dim];
        for (int p = 0; p < list.Count; p++)
        {
            if (list[p].Count != dim)
            {
                throw new ArgumentException($"Start {p} has {list[p].Count} values; start 0 has {dim}.", nameof(points));
            }

            for (int k = 0; k < dim; k++)
            {
                flat[p * dim + k] = list[p][k];
            }
        }

        return new StartGrid(dim, flat);
    }

    /// <summary>Values <c>from, from + step, …</c> up to <c>to</c> inclusive (robust to rounding).</summary>
    /// <param name="from">First value.</param>
    /// <param name="to">Last value.</param>
    /// <param name="step">Increment, positive.</param>
    public static double[] Range(double from, double to, double step)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        int n = (int)Math.Floor((to - from) / step + 1e-9) + 1;
        return [.. Enumerable.Range(0, n).Select(i => from + i * step)];
    }
}
