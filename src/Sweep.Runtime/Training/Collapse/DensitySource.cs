namespace Sweep.Training.Collapse;

/// <summary>Samples of a density in host memory: rows×dims, row-major.</summary>
/// <param name="Dims">The dimension d.</param>
/// <param name="Values">The rows.</param>
internal sealed record DenseSamples(int Dims, double[] Values)
{
    /// <summary>Rows.</summary>
    public int Rows => Values.Length / Dims;

    /// <summary>Row <paramref name="i"/>.</summary>
    public ReadOnlySpan<double> Row(int i) => Values.AsSpan(i * Dims, Dims);

    /// <summary>The given rows, copied.</summary>
    public DenseSamples Select(int start, int count) => new(Dims, Values.AsSpan(start * Dims, count * Dims).ToArray());

    /// <summary>The given rows, copied.</summary>
    public DenseSamples Select(IReadOnlyList<int> rows)
    {
        var values = new double[rows.Count * Dims];
        for (int i = 0; i < rows.Count; i++)
        {
            Row(rows[i]).CopyTo(values.AsSpan(i * Dims, Dims));
        }

        return new(Dims, values);
    }

    /// <summary>Both sets of rows, one after the other.</summary>
    public DenseSamples Concat(DenseSamples other) => new(Dims, [.. Values, .. other.Values]);
}

/// <summary>
/// The real distribution of a density chain: a centred Gaussian N(0, Σ) (<see cref="GaussianData"/>) or an equal-weight
/// mixture of unit-variance Gaussians (<see cref="GaussianMixtureData"/>, whose labels are ignored). It draws samples,
/// evaluates its log-density, and defines its rarest decile: the 10% of its mass where its density is lowest (for the
/// Gaussian the region beyond the chi-square 90% quantile of the Mahalanobis distance, exactly; for the mixture the
/// region below the 10% quantile of its log-density over real test samples).
/// </summary>
internal sealed class DensitySource
{
    private readonly double[] _covariance;
    private readonly double[] _factor;
    private readonly double[]? _means;
    private readonly int _classes;
    private double _tailThreshold;

    public DensitySource(DataSpec data)
    {
        Dims = data.Inputs;
        int d = Dims;
        switch (data)
        {
            case GaussianData gaussian:
                _covariance = new double[d * d];
                for (int i = 0; i < d; i++)
                {
                    for (int j = 0; j < d; j++)
                    {
                        _covariance[(i * d) + j] = gaussian.Sigma * gaussian.Sigma * Math.Pow(gaussian.Correlation, Math.Abs(i - j));
                    }
                }

                _factor = (double[])_covariance.Clone();
                _ = CollapseMath.Cholesky(_factor, d);
                (double[] values, double[] vectors) = CollapseMath.SymmetricEigen(_covariance, d);
                Precision = Inverse(values, vectors, d);
                LogDeterminant = 2 * Enumerable.Range(0, d).Sum(i => Math.Log(_factor[(i * d) + i]));
                _tailThreshold = CollapseMath.ChiSquareQuantile(0.9, d);
                IsGaussian = true;
                break;
            case GaussianMixtureData mixture:
                _means = SyntheticData.MixtureMeans(mixture);
                _classes = mixture.Classes;
                _covariance = new double[d * d];
                double[] centre = new double[d];
                for (int c = 0; c < _classes; c++)
                {
                    for (int j = 0; j < d; j++)
                    {
                        centre[j] += _means[(c * d) + j] / _classes;
                    }
                }

                for (int i = 0; i < d; i++)
                {
                    for (int j = 0; j < d; j++)
                    {
                        double s = i == j ? 1 : 0;
                        for (int c = 0; c < _classes; c++)
                        {
                            s += (_means[(c * d) + i] - centre[i]) * (_means[(c * d) + j] - centre[j]) / _classes;
                        }

                        _covariance[(i * d) + j] = s;
                    }
                }

                _factor = [];
                Precision = [];
                break;
            default:
                throw new NotSupportedException($"a density chain has no real distribution {data.GetType().Name}.");
        }
    }

    /// <summary>The dimension d.</summary>
    public int Dims { get; }

    /// <summary>Whether this is the centred Gaussian N(0, Σ), whose metrics have closed forms.</summary>
    public bool IsGaussian { get; }

    /// <summary>Σ, row-major.</summary>
    public ReadOnlySpan<double> Covariance => _covariance;

    /// <summary>Σ⁻¹ of the Gaussian, row-major (empty for a mixture).</summary>
    public double[] Precision { get; }

    /// <summary>ln |Σ| of the Gaussian.</summary>
    public double LogDeterminant { get; }

    /// <summary>The variance per dimension: tr Σ / d.</summary>
    public double VariancePerDim => Enumerable.Range(0, Dims).Sum(i => _covariance[(i * Dims) + i]) / Dims;

    /// <summary><paramref name="count"/> samples drawn from a seed.</summary>
    public DenseSamples Sample(int count, ulong seed)
    {
        int d = Dims;
        var z = new double[count * d];
        ChainRandom.FillNormals(seed, 0, z);
        if (IsGaussian)
        {
            if (d == 1)
            {
                for (int i = 0; i < count; i++)
                {
                    z[i] *= _factor[0];
                }

                return new DenseSamples(1, z);
            }

            var x = new double[count * d];
            for (int i = 0; i < count; i++)
            {
                for (int r = 0; r < d; r++)
                {
                    double s = 0;
                    for (int k = 0; k <= r; k++)
                    {
                        s += _factor[(r * d) + k] * z[(i * d) + k];
                    }

                    x[(i * d) + r] = s;
                }
            }

            return new DenseSamples(d, x);
        }

        for (int i = 0; i < count; i++)
        {
            int c = Math.Min(_classes - 1, (int)(ChainRandom.Uniform(seed, 1, i) * _classes));
            for (int j = 0; j < d; j++)
            {
                z[(i * d) + j] += _means![(c * d) + j];
            }
        }

        return new DenseSamples(d, z);
    }

    /// <summary>ln p(x) of the real distribution.</summary>
    public double LogDensity(ReadOnlySpan<double> x)
    {
        int d = Dims;
        if (IsGaussian)
        {
            return -0.5 * ((d * Math.Log(2 * Math.PI)) + LogDeterminant + Mahalanobis(x));
        }

        Span<double> logs = stackalloc double[_classes];
        for (int c = 0; c < _classes; c++)
        {
            double sq = 0;
            for (int j = 0; j < d; j++)
            {
                double e = x[j] - _means![(c * d) + j];
                sq += e * e;
            }

            logs[c] = -0.5 * ((d * Math.Log(2 * Math.PI)) + sq) - Math.Log(_classes);
        }

        return CollapseMath.LogSumExp(logs);
    }

    /// <summary>xᵀΣ⁻¹x for the Gaussian.</summary>
    public double Mahalanobis(ReadOnlySpan<double> x)
    {
        int d = Dims;
        double s = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                s += x[i] * Precision[(i * d) + j] * x[j];
            }
        }

        return s;
    }

    /// <summary>For the Gaussian, the squared Mahalanobis radius of the rarest decile (χ²_d's 90% quantile).</summary>
    public double TailRadius => _tailThreshold;

    /// <summary>
    /// Sets the mixture's rarest-decile threshold from real test samples (the 10% quantile of their log-density); the
    /// Gaussian's is exact and kept.
    /// </summary>
    public void CalibrateTail(DenseSamples test)
    {
        if (IsGaussian)
        {
            return;
        }

        double[] logs = [.. Enumerable.Range(0, test.Rows).Select(i => LogDensity(test.Row(i))).Order()];
        _tailThreshold = logs[(int)Math.Floor(0.1 * (logs.Length - 1))];
    }

    /// <summary>Whether x lies in the real distribution's rarest decile.</summary>
    public bool InTail(ReadOnlySpan<double> x) => IsGaussian ? Mahalanobis(x) > _tailThreshold : LogDensity(x) < _tailThreshold;

    /// <summary>The share of samples in the rarest decile.</summary>
    public double TailShare(DenseSamples samples)
    {
        int inTail = 0;
        for (int i = 0; i < samples.Rows; i++)
        {
            inTail += InTail(samples.Row(i)) ? 1 : 0;
        }

        return (double)inTail / samples.Rows;
    }

    private static double[] Inverse(double[] values, double[] vectors, int d)
    {
        var inverse = new double[d * d];
        for (int k = 0; k < d; k++)
        {
            for (int i = 0; i < d; i++)
            {
                for (int j = 0; j < d; j++)
                {
                    inverse[(i * d) + j] += vectors[(i * d) + k] * vectors[(j * d) + k] / values[k];
                }
            }
        }

        return inverse;
    }
}
