namespace Sweep.Kernels.Tests.Infrastructure;

/// <summary>
/// Small classification sets for trainer-level tests, from Philox: x ~ N(0, I), the label the argmax of a fixed random
/// linear map of x. (The study-level synthetic tasks live in Sweep.Runtime's training layer.)
/// </summary>
internal static class ClassificationData
{
    /// <summary>Rows × inputs of inputs and one label per row (as a float), for a seed.</summary>
    public static (float[] X, float[] Y) Create(int rows, int inputs, int classes, ulong seed)
    {
        float[] x = new float[rows * inputs];
        float[] y = new float[rows];
        double[] map = new double[classes * inputs];
        Philox.FillNormal(12345, RandomStreams.Teacher, 0, map);
        for (int i = 0; i < rows; i++)
        {
            int best = 0;
            double bestScore = double.NegativeInfinity;
            for (int j = 0; j < inputs; j++)
            {
                x[(i * inputs) + j] = (float)Philox.Normal(seed, RandomStreams.TrainInputs, (ulong)((i * inputs) + j));
            }

            for (int c = 0; c < classes; c++)
            {
                double score = 0;
                for (int j = 0; j < inputs; j++)
                {
                    score += map[(c * inputs) + j] * x[(i * inputs) + j];
                }

                if (score > bestScore)
                {
                    (best, bestScore) = (c, score);
                }
            }

            y[i] = best;
        }

        return (x, y);
    }
}
