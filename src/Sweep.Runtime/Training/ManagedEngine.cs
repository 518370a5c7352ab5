using System.Diagnostics;

namespace Sweep.Training;

/// <summary>
/// The plain managed engine: closed-form least-squares fits of linear and random-features models on Sweep's
/// synthetic data, in double precision, one trial per thread. It computes for real but is not the fast path;
/// models trained by gradient descent need the kernels engine.
/// </summary>
public sealed class ManagedEngine : ITrialEngine
{
    private const ulong FeatureStream = 10;

    /// <inheritdoc />
    public string Backend => "cpu";

    /// <inheritdoc />
    public double EstimateCost(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        DataSpec data = spec.Data;
        double n = data.Train;
        double d = data.Inputs;
        double k = data.Outputs;
        if (spec.Train is GradientTrain gradient)
        {
            return 6.0 * spec.Model.Parameters(data.Inputs, data.Outputs) * gradient.Steps * Math.Min(gradient.Batch, data.Train);
        }

        double p = FeatureCount(spec.Model, data.Inputs);
        double features = spec.Model is RandomFeaturesModel ? 2 * n * p * d : 0;
        double m = Math.Min(n, p);
        double gram = 2 * n * p * m;
        double solve = m * m * m / 3 + 2 * m * m * k;
        double evaluate = spec.Evaluations.Count * data.Test * 2 * p * (d + k);
        return features + gram + solve + evaluate;
    }

    /// <inheritdoc />
    public void Run(TrialSpec spec, TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        if (spec.Train is not LeastSquaresTrain leastSquares)
        {
            throw new NotSupportedException(
                $"the managed engine fits models in closed form only (TrainSpec.LeastSquares); {spec.Train.GetType().Name} needs the kernels engine, which is not built yet.");
        }

        if (spec.Model is not (LinearModel or RandomFeaturesModel))
        {
            throw new NotSupportedException($"TrainSpec.LeastSquares fits linear and random-features models, not {spec.Model.GetType().Name}.");
        }

        CancellationToken cancellation = context.CancellationToken;
        DataSpec data = spec.Data;
        int seed = context.Seed;
        FeatureMap map = new(spec.Model, data.Inputs, seed);
        Dataset train = SyntheticData.Train(data, seed);
        cancellation.ThrowIfCancellationRequested();

        double[] phi = map.Apply(train);
        double[] weights = Solve(phi, train, map.Count, leastSquares.Ridge, cancellation);
        double trainLoss = SquaredError(phi, weights, train, map.Count, out _);

        long parameters = spec.Model.Parameters(data.Inputs, data.Outputs);
        double flops = EstimateCost(spec);
        foreach (NamedEvaluation evaluation in spec.Evaluations)
        {
            cancellation.ThrowIfCancellationRequested();
            Dataset test = SyntheticData.Test(data, seed, evaluation.Shift);
            double[] testPhi = map.Apply(test);
            double testLoss = SquaredError(testPhi, weights, test, map.Count, out double accuracy);
            context.Record(evaluation.Name, Metric.TestLoss, testLoss);
            context.Record(evaluation.Name, Metric.TrainLoss, trainLoss);
            if (data.IsClassification)
            {
                context.Record(evaluation.Name, Metric.TestAccuracy, accuracy);
            }

            context.Record(evaluation.Name, Metric.Parameters, parameters);
            context.Record(evaluation.Name, Metric.Tokens, data.Train);
            context.Record(evaluation.Name, Metric.Flops, flops);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static int FeatureCount(ModelSpec model, int inputs) => model switch
    {
        RandomFeaturesModel rf => rf.Features,
        _ => inputs + 1,
    };

    /// <summary>Minimises (1/n)·‖Φw − Y‖² + λ‖w‖²: primal normal equations when p ≤ n, the dual (kernel) form otherwise.</summary>
    private static double[] Solve(double[] phi, Dataset train, int p, double ridge, CancellationToken cancellation)
    {
        int n = train.Count;
        int k = train.Outputs;
        double inverseN = 1.0 / n;
        if (p <= n)
        {
            double[] columns = Transpose(phi, n, p);
            double[] gram = new double[p * p];
            for (int i = 0; i < p; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                ReadOnlySpan<double> ci = columns.AsSpan(i * n, n);
                for (int j = 0; j <= i; j++)
                {
                    double value = DenseSolver.DotVector(ci, columns.AsSpan(j * n, n)) * inverseN;
                    gram[i * p + j] = value;
                    gram[j * p + i] = value;
                }
            }

            double[] rhs = new double[p * k];
            double[] targetColumn = new double[n];
            for (int o = 0; o < k; o++)
            {
                for (int s = 0; s < n; s++)
                {
                    targetColumn[s] = train.Y[s * k + o];
                }

                for (int i = 0; i < p; i++)
                {
                    rhs[i * k + o] = DenseSolver.DotVector(columns.AsSpan(i * n, n), targetColumn) * inverseN;
                }
            }

            DenseSolver.Jitter(gram, p, ridge, rhs, k);
            return rhs;
        }

        double[] kernel = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            ReadOnlySpan<double> ri = phi.AsSpan(i * p, p);
            for (int j = 0; j <= i; j++)
            {
                double value = DenseSolver.DotVector(ri, phi.AsSpan(j * p, p)) * inverseN;
                kernel[i * n + j] = value;
                kernel[j * n + i] = value;
            }
        }

        double[] alpha = new double[n * k];
        for (int i = 0; i < alpha.Length; i++)
        {
            alpha[i] = train.Y[i] * inverseN;
        }

        DenseSolver.Jitter(kernel, n, ridge, alpha, k);
        double[] weights = new double[p * k];
        for (int s = 0; s < n; s++)
        {
            for (int i = 0; i < p; i++)
            {
                double feature = phi[s * p + i];
                for (int o = 0; o < k; o++)
                {
                    weights[i * k + o] += feature * alpha[s * k + o];
                }
            }
        }

        return weights;
    }

    private static double SquaredError(double[] phi, double[] weights, Dataset data, int p, out double accuracy)
    {
        int k = data.Outputs;
        double total = 0;
        int correct = 0;
        double[] prediction = new double[k];
        for (int s = 0; s < data.Count; s++)
        {
            ReadOnlySpan<double> row = phi.AsSpan(s * p, p);
            for (int o = 0; o < k; o++)
            {
                double value = 0;
                for (int i = 0; i < p; i++)
                {
                    value += row[i] * weights[i * k + o];
                }

                prediction[o] = value;
                double error = value - data.Y[s * k + o];
                total += error * error;
            }

            if (data.Labels is not null && SyntheticData.ArgMax(prediction) == data.Labels[s])
            {
                correct++;
            }
        }

        accuracy = (double)correct / data.Count;
        return total / data.Count;
    }

    private static double[] Transpose(double[] matrix, int rows, int columns)
    {
        double[] transposed = new double[matrix.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                transposed[c * rows + r] = matrix[r * columns + c];
            }
        }

        return transposed;
    }

    /// <summary>The model's fixed input map: [x, 1] for a linear model, random ReLU or Fourier features otherwise.</summary>
    private sealed class FeatureMap
    {
        private readonly double[] _weights;
        private readonly double[] _phases;
        private readonly Sweep.FeatureMap _kind;
        private readonly bool _linear;
        private readonly int _inputs;

        public FeatureMap(ModelSpec model, int inputs, int seed)
        {
            _inputs = inputs;
            if (model is RandomFeaturesModel rf)
            {
                Count = rf.Features;
                _kind = rf.Map;
                SplitMixRandom random = new(seed, FeatureStream);
                double scale = 1.0 / Math.Sqrt(inputs);
                _weights = new double[Count * inputs];
                for (int i = 0; i < _weights.Length; i++)
                {
                    _weights[i] = scale * random.NextGaussian();
                }

                _phases = new double[Count];
                for (int i = 0; i < Count; i++)
                {
                    _phases[i] = 2 * Math.PI * random.NextDouble();
                }
            }
            else
            {
                Debug.Assert(model is LinearModel, "only linear and random-features models have a fixed map");
                Count = inputs + 1;
                _linear = true;
                _weights = [];
                _phases = [];
            }
        }

        public int Count { get; }

        public double[] Apply(Dataset data)
        {
            int d = _inputs;
            double[] phi = new double[data.Count * Count];
            for (int s = 0; s < data.Count; s++)
            {
                ReadOnlySpan<double> x = data.X.AsSpan(s * d, d);
                Span<double> row = phi.AsSpan(s * Count, Count);
                if (_linear)
                {
                    x.CopyTo(row);
                    row[d] = 1.0;
                    continue;
                }

                for (int f = 0; f < Count; f++)
                {
                    double z = DenseSolver.DotVector(_weights.AsSpan(f * d, d), x);
                    row[f] = _kind == Sweep.FeatureMap.Relu ? Math.Max(0.0, z) : Math.Sqrt(2.0) * Math.Cos(z + _phases[f]);
                }
            }

            return phi;
        }
    }
}
