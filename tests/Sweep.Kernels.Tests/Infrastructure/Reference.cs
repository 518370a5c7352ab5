namespace Sweep.Kernels.Tests.Infrastructure;

/// <summary>Naive double-precision references for every kernel: the ground truth the backends are compared with.</summary>
internal static class Reference
{
    public static float[] Random(int length, int seed, double scale = 1.0)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(scale * Philox.Normal((ulong)seed, 77, (ulong)i));
        }

        return values;
    }

    public static double A(GemmLayout layout, float[] a, int s, int m, int k, int i, int p)
        => layout == GemmLayout.AtB ? a[(s * m * k) + (p * m) + i] : a[(s * m * k) + (i * k) + p];

    public static double B(GemmLayout layout, float[] b, int s, int n, int k, int p, int j)
        => layout == GemmLayout.ABt ? b[(s * n * k) + (j * k) + p] : b[(s * n * k) + (p * n) + j];

    /// <summary>C = α·op(A)·op(B) + β·C per slice, and each element's error scale Σ|α·a·b| + |β·c|.</summary>
    public static (double[] Value, double[] Scale) Gemm(GemmLayout layout, int count, int m, int n, int k, float alpha, float[] a, float[] b, float beta, float[] c)
    {
        var value = new double[count * m * n];
        var scale = new double[count * m * n];
        for (int s = 0; s < count; s++)
        {
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double sum = 0, abs = 0;
                    for (int p = 0; p < k; p++)
                    {
                        double t = A(layout, a, s, m, k, i, p) * B(layout, b, s, n, k, p, j);
                        sum += t;
                        abs += Math.Abs(t);
                    }

                    int e = (s * m * n) + (i * n) + j;
                    double old = beta == 0 ? 0 : beta * (double)c[e];
                    value[e] = (alpha * sum) + old;
                    scale[e] = (Math.Abs(alpha) * abs) + Math.Abs(old) + 1e-6;
                }
            }
        }

        return (value, scale);
    }

    public static double Activate(ActivationKind kind, double x) => kind switch
    {
        ActivationKind.Relu => Math.Max(0, x),
        ActivationKind.Gelu => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x)))),
        ActivationKind.Tanh => Math.Tanh(x),
        _ => x,
    };

    /// <summary>The derivative by a central difference of the double-precision activation (away from ReLU's kink).</summary>
    public static double DerivativeByDifference(ActivationKind kind, double z, double h = 1e-5)
        => (Activate(kind, z + h) - Activate(kind, z - h)) / (2 * h);

    public static double Mse(float[] p, float[] t, int offset, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double d = (double)p[offset + i] - t[offset + i];
            sum += d * d;
        }

        return sum / n;
    }

    public static double CrossEntropy(ReadOnlySpan<double> logits, int rows, int classes, ReadOnlySpan<float> labels)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> l = logits.Slice(r * classes, classes);
            double max = double.NegativeInfinity;
            foreach (double v in l)
            {
                max = Math.Max(max, v);
            }

            double z = 0;
            foreach (double v in l)
            {
                z += Math.Exp(v - max);
            }

            total += max + Math.Log(z) - l[(int)labels[r]];
        }

        return total / rows;
    }

    /// <summary>
    /// A double-precision MLP (weights out×in, PyTorch's layout): the loss of one batch and its gradient by
    /// backpropagation, and the gradient with respect to the inputs.
    /// </summary>
    public static double MlpLoss(MlpShape shape, ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, int rows, ReadOnlySpan<float> y, LossKind loss, Span<double> grad, Span<double> gradX)
    {
        int layers = shape.Layers;
        var acts = new double[layers + 1][];
        var pre = new double[layers][];
        acts[0] = x.ToArray();
        for (int l = 0; l < layers; l++)
        {
            int inW = shape.Widths[l], outW = shape.Widths[l + 1];
            long wo = shape.WeightOffset(l), bo = shape.BiasOffset(l);
            pre[l] = new double[rows * outW];
            acts[l + 1] = new double[rows * outW];
            for (int r = 0; r < rows; r++)
            {
                for (int o = 0; o < outW; o++)
                {
                    double s = parameters[(int)bo + o];
                    for (int i = 0; i < inW; i++)
                    {
                        s += parameters[(int)wo + (o * inW) + i] * acts[l][(r * inW) + i];
                    }

                    pre[l][(r * outW) + o] = s;
                    acts[l + 1][(r * outW) + o] = Activate(shape.ActivationAfter(l), s);
                }
            }
        }

        int outputs = shape.Outputs;
        double[] output = pre[layers - 1];
        var gz = new double[rows * outputs];
        double value;
        if (loss == LossKind.MeanSquaredError)
        {
            double sum = 0;
            int n = rows * outputs;
            for (int e = 0; e < n; e++)
            {
                double d = output[e] - y[e];
                sum += d * d;
                gz[e] = 2 * d / n;
            }

            value = sum / n;
        }
        else
        {
            value = CrossEntropy(output, rows, outputs, y);
            for (int r = 0; r < rows; r++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < outputs; j++)
                {
                    max = Math.Max(max, output[(r * outputs) + j]);
                }

                double z = 0;
                for (int j = 0; j < outputs; j++)
                {
                    z += Math.Exp(output[(r * outputs) + j] - max);
                }

                for (int j = 0; j < outputs; j++)
                {
                    gz[(r * outputs) + j] = ((Math.Exp(output[(r * outputs) + j] - max) / z) - (j == (int)y[r] ? 1 : 0)) / rows;
                }
            }
        }

        if (grad.IsEmpty && gradX.IsEmpty)
        {
            return value;
        }

        for (int l = layers - 1; l >= 0; l--)
        {
            int inW = shape.Widths[l], outW = shape.Widths[l + 1];
            long wo = shape.WeightOffset(l), bo = shape.BiasOffset(l);
            var gin = new double[rows * inW];
            for (int r = 0; r < rows; r++)
            {
                for (int o = 0; o < outW; o++)
                {
                    double g = gz[(r * outW) + o];
                    if (!grad.IsEmpty)
                    {
                        grad[(int)bo + o] += g;
                    }

                    for (int i = 0; i < inW; i++)
                    {
                        if (!grad.IsEmpty)
                        {
                            grad[(int)wo + (o * inW) + i] += g * acts[l][(r * inW) + i];
                        }

                        gin[(r * inW) + i] += g * parameters[(int)wo + (o * inW) + i];
                    }
                }
            }

            if (l == 0)
            {
                if (!gradX.IsEmpty)
                {
                    gin.CopyTo(gradX);
                }

                break;
            }

            gz = new double[rows * inW];
            for (int e = 0; e < gz.Length; e++)
            {
                gz[e] = gin[e] * DerivativeExact(shape.Activation, pre[l - 1][e]);
            }
        }

        return value;
    }

    public static double DerivativeExact(ActivationKind kind, double z)
    {
        switch (kind)
        {
            case ActivationKind.Relu:
                return z > 0 ? 1 : 0;
            case ActivationKind.Tanh:
                double t = Math.Tanh(z);
                return 1 - (t * t);
            case ActivationKind.Gelu:
                double c = Math.Sqrt(2 / Math.PI);
                double th = Math.Tanh(c * (z + (0.044715 * z * z * z)));
                return (0.5 * (1 + th)) + (0.5 * z * (1 - (th * th)) * c * (1 + (3 * 0.044715 * z * z)));
            default:
                return 1;
        }
    }

    /// <summary>One optimiser step in double precision, PyTorch's formulas.</summary>
    public static void OptimizerStep(OptimizerKind kind, double[] w, double[] g, double[] m, double[] v, OptimizerSettings s, int step, double sumSquares)
    {
        double lr = OptimizerSettings.ScheduledRate(s.LearningRate, s.Schedule, s.WarmupSteps, s.TotalSteps, step);
        double scale = s.ClipNorm > 0 ? Math.Min(1, s.ClipNorm / (Math.Sqrt(sumSquares) + 1e-6)) : 1;
        for (int i = 0; i < w.Length; i++)
        {
            double gi = g[i] * scale;
            if (kind == OptimizerKind.Sgd)
            {
                gi += s.WeightDecay * w[i];
                m[i] = (s.Momentum * m[i]) + gi;
                w[i] -= lr * m[i];
                continue;
            }

            if (kind == OptimizerKind.Adam)
            {
                gi += s.WeightDecay * w[i];
            }
            else
            {
                w[i] *= 1 - (lr * s.WeightDecay);
            }

            m[i] = (s.Beta1 * m[i]) + ((1 - s.Beta1) * gi);
            v[i] = (s.Beta2 * v[i]) + ((1 - s.Beta2) * gi * gi);
            double bc1 = 1 - Math.Pow(s.Beta1, step + 1), bc2 = 1 - Math.Pow(s.Beta2, step + 1);
            w[i] -= lr / bc1 * m[i] / ((Math.Sqrt(v[i]) / Math.Sqrt(bc2)) + s.Epsilon);
        }
    }
}
