using Sweep.Kernels;

namespace Sweep.Training;

/// <summary>
/// The fixed random first layer of a random-features model, in double precision: p rows w_k ~ N(0, I/d) (and
/// phases b_k ~ U[0, 2π) for Fourier features) from Philox (seed, <see cref="RandomStreams.RandomFeatures"/>).
/// </summary>
/// <example>
/// <code>
/// var map = new RandomFeatureMap(inputs: 20, features: 200, FeatureMap.Relu, seed: 3);
/// double[] phi = map.Transform(train.X, train.Rows); // rows×200
/// </code>
/// </example>
public sealed class RandomFeatureMap
{
    private readonly double[] _w;
    private readonly double[] _b;

    /// <summary>Draws the map.</summary>
    /// <param name="inputs">d.</param>
    /// <param name="features">p.</param>
    /// <param name="kind">ReLU or Fourier.</param>
    /// <param name="seed">The trial's seed.</param>
    public RandomFeatureMap(int inputs, int features, FeatureMap kind, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        Inputs = inputs;
        Features = features;
        Kind = kind;
        _w = new double[(long)features * inputs];
        Philox.FillNormal(seed, RandomStreams.RandomFeatures, 0, _w, 1.0 / Math.Sqrt(inputs));
        _b = new double[features];
        if (kind == FeatureMap.Fourier)
        {
            for (int k = 0; k < features; k++)
            {
                _b[k] = 2 * Math.PI * Philox.Uniform(seed, RandomStreams.RandomFeatures, (ulong)_w.Length + (ulong)k);
            }
        }
    }

    /// <summary>d.</summary>
    public int Inputs { get; }

    /// <summary>p.</summary>
    public int Features { get; }

    /// <summary>The map.</summary>
    public FeatureMap Kind { get; }

    /// <summary>Features of rows×d inputs.</summary>
    /// <param name="x">Inputs, row-major.</param>
    /// <param name="rows">Rows.</param>
    /// <returns>rows×p features, row-major.</returns>
    public double[] Transform(ReadOnlySpan<float> x, int rows)
    {
        var phi = new double[(long)rows * Features];
        float[] copy = x.ToArray();
        Parallel.For(0, rows, i =>
        {
            var xi = new double[Inputs];
            for (int j = 0; j < Inputs; j++)
            {
                xi[j] = copy[(i * Inputs) + j];
            }

            for (int k = 0; k < Features; k++)
            {
                phi[((long)i * Features) + k] = Apply(k, Preactivation(k, xi));
            }
        });
        return phi;
    }

    /// <summary>Adds J(x)ᵀ·g to <paramref name="gradX"/>: the gradient through the map of a loss whose gradient with respect to the features is g.</summary>
    /// <param name="x">One input.</param>
    /// <param name="gradFeatures">∂loss/∂φ (length p).</param>
    /// <param name="gradX">∂loss/∂x accumulator (length d).</param>
    public void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> gradFeatures, Span<double> gradX)
    {
        for (int k = 0; k < Features; k++)
        {
            double u = Preactivation(k, x);
            double d = Kind == FeatureMap.Relu ? (u > 0 ? 1 : 0) : -Math.Sqrt(2) * Math.Sin(u);
            double g = gradFeatures[k] * d;
            if (g == 0)
            {
                continue;
            }

            ReadOnlySpan<double> w = _w.AsSpan(k * Inputs, Inputs);
            for (int j = 0; j < Inputs; j++)
            {
                gradX[j] += g * w[j];
            }
        }
    }

    /// <summary>Features of one input.</summary>
    /// <param name="x">One input (length d).</param>
    /// <param name="phi">Features (length p).</param>
    public void Transform(ReadOnlySpan<double> x, Span<double> phi)
    {
        for (int k = 0; k < Features; k++)
        {
            phi[k] = Apply(k, Preactivation(k, x));
        }
    }

    private double Preactivation(int k, ReadOnlySpan<double> x)
    {
        ReadOnlySpan<double> w = _w.AsSpan(k * Inputs, Inputs);
        double s = _b[k];
        for (int j = 0; j < Inputs; j++)
        {
            s += w[j] * x[j];
        }

        return s;
    }

    private double Apply(int k, double u) => Kind == FeatureMap.Relu ? Math.Max(0, u) : Math.Sqrt(2) * Math.Cos(u);
}
