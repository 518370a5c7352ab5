namespace Sweep.Training.Collapse;

/// <summary>Labelled rows in double precision: inputs rows×d and one target per row.</summary>
/// <param name="Dims">Inputs d.</param>
/// <param name="X">Inputs, row-major.</param>
/// <param name="Y">Targets.</param>
internal sealed record LabelledRows(int Dims, double[] X, double[] Y)
{
    public int Rows => Y.Length;
}

/// <summary>The normal equations of a least-squares fit, summed over rows: Σ zzᵀ, Σ z·y and Σ y² with z = x (and a 1 for an intercept).</summary>
internal sealed record NormalEquations(long Rows, double[] Gram, double[] Moment, double SumOfSquares)
{
    public static NormalEquations Of(LabelledRows rows, IEnumerable<int> indexes, bool intercept, double[]? knownGram = null)
    {
        int d = rows.Dims, p = d + (intercept ? 1 : 0);
        double[] gram = knownGram ?? new double[p * p];
        var moment = new double[p];
        double squares = 0;
        long count = 0;
        Span<double> z = stackalloc double[p];
        foreach (int i in indexes)
        {
            rows.X.AsSpan(i * d, d).CopyTo(z);
            if (intercept)
            {
                z[d] = 1;
            }

            double y = rows.Y[i];
            for (int a = 0; a < p; a++)
            {
                moment[a] += z[a] * y;
                for (int b = a; b < p && knownGram is null; b++)
                {
                    gram[(a * p) + b] += z[a] * z[b];
                }
            }

            squares += y * y;
            count++;
        }

        for (int a = 0; a < p && knownGram is null; a++)
        {
            for (int b = 0; b < a; b++)
            {
                gram[(a * p) + b] = gram[(b * p) + a];
            }
        }

        return new NormalEquations(count, gram, moment, squares);
    }

    public NormalEquations Add(NormalEquations other)
        => new(Rows + other.Rows, [.. Gram.Zip(other.Gram, (a, b) => a + b)], [.. Moment.Zip(other.Moment, (a, b) => a + b)], SumOfSquares + other.SumOfSquares);
}

/// <summary>
/// Linear regression relabelled by its predecessor (Gerstgrasser et al. 2024): the real data are linear teacher-student
/// rows x ~ N(0, I), y = w·x + σε; generation t fits least squares (<see cref="LinearThroughOriginModel"/>, or
/// <see cref="LinearModel"/> with an unpenalised intercept; the ridge is per sample, as the engine's) to its policy's rows,
/// and labels the next generation's inputs (the first generation's, a fixed design, unless the chain asks for fresh inputs)
/// with its predictions plus fresh noise of the same σ. Solved through the normal equations, summed generation by
/// generation, on the host in double precision.
/// </summary>
/// <remarks>
/// Metrics per checkpoint, exact for the real inputs x ~ N(0, I): <c>excess_loss</c> = ‖ŵ − w‖² + b̂² (the test error
/// above the noise floor σ²), <c>test_loss</c> = σ² + excess, <c>train_loss</c> (the fit's mean squared residual on its
/// rows), <c>fitted_variance</c> = ‖ŵ‖² (the variance of its predictions) and <c>tail_mass</c> (the probability its labels
/// ŵ·x + b̂ + σε fall outside the real labels' central 90%).
/// </remarks>
internal sealed class LinearRegressionChain : ChainFamily<LabelledRows, NormalEquations>
{
    private readonly int _dims;
    private readonly bool _intercept;
    private readonly double _ridge;
    private readonly double _noise;
    private readonly bool _freshInputs;
    private readonly double[] _teacher;
    private readonly double _labelEdge;
    private readonly IReadOnlyList<long> _seeds;
    private readonly double[][] _design;
    private readonly Dictionary<(double[] Inputs, int Rows), double[]> _grams = new(new ReferenceKey());

    public LinearRegressionChain(TeacherStudentData data, ModelSpec model, LeastSquaresTrain train, CollapseSpec chain, IReadOnlyList<long> seeds)
    {
        _dims = data.Inputs;
        _intercept = model is LinearModel;
        _ridge = train.Ridge;
        _noise = data.Noise;
        _freshInputs = chain.FreshInputs;
        _seeds = seeds;
        _design = new double[seeds.Count][];

        // A linear teacher's weights are its outputs at the unit vectors.
        var identity = new double[_dims * _dims];
        for (int j = 0; j < _dims; j++)
        {
            identity[(j * _dims) + j] = 1;
        }

        _teacher = SyntheticData.TeacherOutputs(data, identity, _dims);
        _labelEdge = CollapseMath.NormalQuantile(0.95) * Math.Sqrt(CollapseMath.Dot(_teacher, _teacher) + (_noise * _noise));
    }

    /// <summary>The teacher's weights w.</summary>
    public IReadOnlyList<double> Teacher => _teacher;

    public override LabelledRows Real(int trial, int count, ulong seed)
    {
        var x = new double[count * _dims];
        ChainRandom.FillNormals(seed, 0, x);
        return Label(x, _teacher, 0, ChainRandom2(seed));
    }

    public override void Start(int trial, LabelledRows real) => _design[trial] = real.X;

    public override NormalEquations Data(LabelledRows sample, int start, int count)
    {
        if (start != 0 || !_design.Contains(sample.X))
        {
            return NormalEquations.Of(sample, Enumerable.Range(start, count), _intercept);
        }

        // A fixed design relabels the same inputs every generation: their Gram matrix Σzzᵀ is computed once per prefix.
        if (!_grams.TryGetValue((sample.X, count), out double[]? gram))
        {
            gram = NormalEquations.Of(sample, Enumerable.Range(0, count), _intercept).Gram;
            _grams[(sample.X, count)] = gram;
        }

        return NormalEquations.Of(sample, Enumerable.Range(0, count), _intercept, gram);
    }

    public override NormalEquations Data(LabelledRows sample, IReadOnlyList<int> rows) => NormalEquations.Of(sample, rows, _intercept);

    public override NormalEquations Add(NormalEquations left, NormalEquations right) => left.Add(right);

    public override long Rows(NormalEquations data) => data.Rows;

    public override IReadOnlyList<(string Metric, double Value)> Truth(int trial, LabelledRows real) =>
    [
        (Metric.ExcessLoss, 0.0),
        (Metric.TestLoss, _noise * _noise),
        (Metric.FittedVariance, CollapseMath.Dot(_teacher, _teacher)),
        (Metric.TailMass, 0.1),
    ];

    public override IReadOnlyList<(LabelledRows? Next, IReadOnlyList<(string Metric, double Value)> Metrics)> Generation(
        int generation, IReadOnlyList<NormalEquations> data, bool sample, bool measure, int count)
    {
        var results = new (LabelledRows?, IReadOnlyList<(string, double)>)[data.Count];
        for (int k = 0; k < data.Count; k++)
        {
            (double[] weights, double bias) = Fit(data[k]);
            LabelledRows? next = null;
            if (sample)
            {
                ulong seed = ChainRunner.Seed(_seeds[k], ChainRunner.Purpose.Sample, generation);
                double[] x = _design[k];
                if (_freshInputs || x.Length != count * _dims)
                {
                    x = new double[count * _dims];
                    ChainRandom.FillNormals(seed, 0, x);
                }

                next = Label(x, weights, bias, ChainRandom2(seed));
            }

            results[k] = (next, measure ? Measure(data[k], weights, bias) : []);
        }

        return results;
    }

    /// <summary>Least squares from the normal equations: (Σzzᵀ + λ·n·I_w)⁻¹ Σzy, the intercept unpenalised.</summary>
    private (double[] Weights, double Bias) Fit(NormalEquations equations)
    {
        int p = _dims + (_intercept ? 1 : 0);
        double[] gram = (double[])equations.Gram.Clone();
        for (int j = 0; j < _dims; j++)
        {
            gram[(j * p) + j] += _ridge * equations.Rows;
        }

        double[] solution = CollapseMath.SolveSymmetric(gram, equations.Moment, p);
        return (solution[.._dims], _intercept ? solution[_dims] : 0);
    }

    private List<(string, double)> Measure(NormalEquations equations, double[] weights, double bias)
    {
        double excess = bias * bias;
        for (int j = 0; j < _dims; j++)
        {
            double e = weights[j] - _teacher[j];
            excess += e * e;
        }

        // Σ(y − zᵀŵ)² = Σy² − 2ŵᵀΣzy + ŵᵀ(Σzzᵀ)ŵ.
        int p = _dims + (_intercept ? 1 : 0);
        double[] z = _intercept ? [.. weights, bias] : weights;
        double residual = equations.SumOfSquares - (2 * CollapseMath.Dot(z, equations.Moment));
        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b < p; b++)
            {
                residual += z[a] * equations.Gram[(a * p) + b] * z[b];
            }
        }

        double spread = Math.Sqrt(CollapseMath.Dot(weights, weights) + (_noise * _noise));
        double tail = spread > 0
            ? CollapseMath.NormalUpper((_labelEdge - bias) / spread) + CollapseMath.NormalUpper((_labelEdge + bias) / spread)
            : Math.Abs(bias) > _labelEdge ? 1 : 0;
        return
        [
            (Metric.ExcessLoss, excess),
            (Metric.TestLoss, (_noise * _noise) + excess),
            (Metric.TrainLoss, Math.Max(0, residual) / equations.Rows),
            (Metric.FittedVariance, CollapseMath.Dot(weights, weights)),
            (Metric.TailMass, tail),
        ];
    }

    /// <summary>Rows labelled w·x + b + σε, the noise drawn from a seed.</summary>
    private LabelledRows Label(double[] x, ReadOnlySpan<double> weights, double bias, ulong noiseSeed)
    {
        int rows = x.Length / _dims;
        var y = new double[rows];
        ChainRandom.FillNormals(noiseSeed, 0, y);
        for (int i = 0; i < rows; i++)
        {
            y[i] = (_noise * y[i]) + bias + CollapseMath.Dot(weights, x.AsSpan(i * _dims, _dims));
        }

        return new LabelledRows(_dims, x, y);
    }

    /// <summary>Keys input arrays by reference (a fixed design is one array) and a row count.</summary>
    private sealed class ReferenceKey : IEqualityComparer<(double[] Inputs, int Rows)>
    {
        public bool Equals((double[] Inputs, int Rows) x, (double[] Inputs, int Rows) y) => ReferenceEquals(x.Inputs, y.Inputs) && x.Rows == y.Rows;

        public int GetHashCode((double[] Inputs, int Rows) key) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Inputs), key.Rows);
    }

    /// <summary>A second seed from one, for the noise beside the inputs.</summary>
    private static ulong ChainRandom2(ulong seed) => Kernels.Philox.Derive(seed, 2);
}
