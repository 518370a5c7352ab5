namespace Sweep.Kernels.Cpu;

/// <summary>
/// The losses the CPU backend computes, in one place for the loss kernel and the fused training step: squared
/// error and softmax cross-entropy (stable log-sum-exp), each with its gradient. Sums are accumulated in double.
/// </summary>
internal static unsafe class CpuLosses
{
    /// <summary>Σ (p − t)² over n elements; when <paramref name="gradient"/> is not null it receives scale·(p − t).</summary>
    public static double SquaredError(float* predictions, float* targets, float* gradient, long n, float scale)
    {
        double sum = 0;
        for (long i = 0; i < n; i++)
        {
            float d = predictions[i] - targets[i];
            sum += d * d;
            if (gradient != null)
            {
                gradient[i] = scale * d;
            }
        }

        return sum;
    }

    /// <summary>
    /// Σ over rows of −log softmax(logits)[label], labels stored as floats; when <paramref name="gradient"/> is not
    /// null it receives scale·(softmax(logits) − onehot(label)).
    /// </summary>
    public static double SoftmaxCrossEntropy(float* logits, float* labels, float* gradient, int rows, int classes, float scale)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            float* l = logits + ((long)r * classes);
            int label = (int)labels[r];
            float max = l[0];
            for (int j = 1; j < classes; j++)
            {
                max = MathF.Max(max, l[j]);
            }

            float sum = 0f;
            for (int j = 0; j < classes; j++)
            {
                sum += MathF.Exp(l[j] - max);
            }

            float lse = max + MathF.Log(sum);
            total += lse - l[label];
            if (gradient != null)
            {
                float* g = gradient + ((long)r * classes);
                for (int j = 0; j < classes; j++)
                {
                    g[j] = (MathF.Exp(l[j] - lse) - (j == label ? 1f : 0f)) * scale;
                }
            }
        }

        return total;
    }
}
