namespace Sweep.Analysis;

/// <summary>A law with one set of parameter values: the full-data fit or one bootstrap replica.</summary>
public sealed class FittedLaw
{
    private readonly double[] _theta;
    private readonly double[] _natural;

    /// <summary>Wraps fit parameters of <paramref name="law"/>.</summary>
    /// <param name="law">The law.</param>
    /// <param name="theta">Fit parameters (<see cref="ScalingLaw.FitParameterNames"/> order).</param>
    public FittedLaw(ScalingLaw law, ReadOnlySpan<double> theta)
    {
        ArgumentNullException.ThrowIfNull(law);
        if (theta.Length != law.ParameterCount)
        {
            throw new ArgumentException($"Law '{law.Name}' has {law.ParameterCount} parameters; got {theta.Length}.", nameof(theta));
        }

        Law = law;
        _theta = theta.ToArray();
        _natural = new double[theta.Length];
        law.ToNatural(_theta, _natural);
    }

    /// <summary>The law.</summary>
    public ScalingLaw Law { get; }

    /// <summary>Fit parameters.</summary>
    public IReadOnlyList<double> Theta => _theta;

    /// <summary>Natural parameters (<see cref="ScalingLaw.ParameterNames"/> order).</summary>
    public IReadOnlyList<double> Natural => _natural;

    /// <summary>The natural parameter called <paramref name="name"/> (e.g. <c>"alpha"</c>).</summary>
    /// <param name="name">A name from <see cref="ScalingLaw.ParameterNames"/>.</param>
    public double this[string name]
    {
        get
        {
            int i = Law.ParameterNames.IndexOf(name);
            return i >= 0
                ? _natural[i]
                : throw new KeyNotFoundException($"Law '{Law.Name}' has no parameter '{name}'; it has {string.Join(", ", Law.ParameterNames)}.");
        }
    }

    /// <summary>Builds a fitted law from natural parameters.</summary>
    /// <param name="law">The law.</param>
    /// <param name="natural">Natural parameters.</param>
    public static FittedLaw FromNatural(ScalingLaw law, params ReadOnlySpan<double> natural)
    {
        ArgumentNullException.ThrowIfNull(law);
        Span<double> theta = stackalloc double[law.ParameterCount];
        law.FromNatural(natural, theta);
        return new FittedLaw(law, theta);
    }

    /// <summary>L predicted at <c>(x1, x2)</c>.</summary>
    /// <param name="x1">x, or N for joint laws.</param>
    /// <param name="x2">D for joint laws.</param>
    public double Predict(double x1, double x2 = double.NaN) => Law.Predict(_theta, x1, x2);

    internal ReadOnlySpan<double> ThetaSpan => _theta;
}

internal static class ListExtensions
{
    public static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
