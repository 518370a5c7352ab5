using Sweep.Kernels;

namespace Sweep.Training;

/// <summary>
/// A linear readout over fixed features (the identity for a linear model, a <see cref="RandomFeatureMap"/>
/// otherwise), evaluated and attacked in double precision on the host.
/// </summary>
internal sealed class ReadoutModel
{
    private readonly RandomFeatureMap? _map;
    private readonly double[] _weights; // features×outputs
    private readonly double[] _bias;

    public ReadoutModel(RandomFeatureMap? map, int inputs, int outputs, double[] weights, double[] bias)
    {
        _map = map;
        Inputs = inputs;
        Outputs = outputs;
        Features = map?.Features ?? inputs;
        _weights = weights;
        _bias = bias;
    }

    /// <summary>The readout a trainer holds over a map: its single layer's weights (outputs×features) and bias, in double.</summary>
    public static ReadoutModel FromParameters(RandomFeatureMap map, float[] parameters, MlpShape shape)
    {
        int p = shape.Inputs, outputs = shape.Outputs;
        var weights = new double[(long)p * outputs];
        var bias = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            for (int k = 0; k < p; k++)
            {
                weights[(k * outputs) + o] = parameters[(o * p) + k];
            }

            bias[o] = parameters[shape.BiasOffset(0) + o];
        }

        return new ReadoutModel(map, map.Inputs, outputs, weights, bias);
    }

    public int Inputs { get; }

    public int Outputs { get; }

    public int Features { get; }

    public float[] Predict(float[] x, int rows)
    {
        var result = new float[(long)rows * Outputs];
        Parallel.For(0, rows, () => (new double[Inputs], new double[Features]), (i, _, s) =>
        {
            (double[] xi, double[] phi) = s;
            for (int j = 0; j < Inputs; j++)
            {
                xi[j] = x[(i * Inputs) + j];
            }

            Output(xi, phi, result.AsSpan(i * Outputs, Outputs));
            return s;
        }, _ => { });
        return result;
    }

    /// <summary>Outputs on inputs moved by <see cref="AttackInputs"/>.</summary>
    public float[] PredictAdversarial(Dataset data, MetricsMode mode, AttackNorm norm, double epsilon, int steps, double stepSize)
        => Predict(AttackInputs(data, mode, norm, epsilon, steps, stepSize), data.Rows);

    /// <summary>
    /// The inputs moved by an attack on each sample's loss: L∞ (<c>x ← clip(x + α·sign(g), x₀ ± ε)</c>) or L2
    /// (<c>x ← x₀ + Π(x + α·g/‖g‖₂ − x₀)</c> onto <c>‖δ‖₂ ≤ ε</c>), the same steps the kernels take, in double, the
    /// gradient taken through the fixed map.
    /// </summary>
    public float[] AttackInputs(Dataset data, MetricsMode mode, AttackNorm norm, double epsilon, int steps, double stepSize)
    {
        var attacked = new float[data.X.Length];
        Parallel.For(0, data.Rows, () => (new double[Inputs], new double[Features], new double[Outputs], new double[Features], new double[Inputs]), (i, _, s) =>
        {
            (double[] x, double[] phi, double[] f, double[] gPhi, double[] gX) = s;
            ReadOnlySpan<float> x0 = data.X.AsSpan(i * Inputs, Inputs);
            for (int j = 0; j < Inputs; j++)
            {
                x[j] = x0[j];
            }

            var output = new float[Outputs];
            for (int step = 0; step < steps; step++)
            {
                Output(x, phi, output);
                LossGradient(output, data, i, mode, f);
                Array.Clear(gPhi);
                for (int k = 0; k < Features; k++)
                {
                    double sum = 0;
                    for (int o = 0; o < Outputs; o++)
                    {
                        sum += _weights[(k * Outputs) + o] * f[o];
                    }

                    gPhi[k] = sum;
                }

                if (_map is null)
                {
                    Array.Copy(gPhi, gX, Inputs);
                }
                else
                {
                    Array.Clear(gX);
                    _map.Backward(x, gPhi, gX);
                }

                if (norm == AttackNorm.LInfinity)
                {
                    StepLInfinity(x, x0, gX, stepSize, epsilon);
                }
                else
                {
                    StepL2(x, x0, gX, stepSize, epsilon);
                }
            }

            for (int j = 0; j < Inputs; j++)
            {
                attacked[(i * Inputs) + j] = (float)x[j];
            }

            return s;
        }, _ => { });
        return attacked;
    }

    private static void StepLInfinity(double[] x, ReadOnlySpan<float> origin, double[] gradient, double stepSize, double epsilon)
    {
        for (int j = 0; j < x.Length; j++)
        {
            double moved = x[j] + (stepSize * Math.Sign(gradient[j]));
            x[j] = Math.Clamp(moved, origin[j] - epsilon, origin[j] + epsilon);
        }
    }

    private static void StepL2(double[] x, ReadOnlySpan<float> origin, double[] gradient, double stepSize, double epsilon)
    {
        double gn = 0;
        for (int j = 0; j < x.Length; j++)
        {
            gn += gradient[j] * gradient[j];
        }

        double scale = gn > 0 ? stepSize / Math.Sqrt(gn) : 0, dn = 0;
        for (int j = 0; j < x.Length; j++)
        {
            x[j] += (scale * gradient[j]) - origin[j];
            dn += x[j] * x[j];
        }

        double length = Math.Sqrt(dn), shrink = length > epsilon ? epsilon / length : 1;
        for (int j = 0; j < x.Length; j++)
        {
            x[j] = origin[j] + (shrink * x[j]);
        }
    }

    private void Output(double[] x, double[] phi, Span<float> output)
    {
        if (_map is null)
        {
            Array.Copy(x, phi, Inputs);
        }
        else
        {
            _map.Transform(x, phi);
        }

        for (int o = 0; o < Outputs; o++)
        {
            double s = _bias[o];
            for (int k = 0; k < Features; k++)
            {
                s += phi[k] * _weights[(k * Outputs) + o];
            }

            output[o] = (float)s;
        }
    }

    private void LossGradient(float[] output, Dataset data, int i, MetricsMode mode, double[] gradient)
    {
        if (!data.IsClassification)
        {
            for (int o = 0; o < Outputs; o++)
            {
                gradient[o] = output[o] - data.Y[(i * Outputs) + o];
            }

            return;
        }

        int label = (int)data.Y[i];
        if (mode == MetricsMode.LeastSquares)
        {
            for (int o = 0; o < Outputs; o++)
            {
                gradient[o] = output[o] - (o == label ? 1.0 : 0.0);
            }

            return;
        }

        double max = output.Max();
        double z = 0;
        for (int o = 0; o < Outputs; o++)
        {
            z += Math.Exp(output[o] - max);
        }

        for (int o = 0; o < Outputs; o++)
        {
            gradient[o] = (Math.Exp(output[o] - max) / z) - (o == label ? 1.0 : 0.0);
        }
    }
}
