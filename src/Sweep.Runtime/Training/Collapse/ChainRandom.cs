using Sweep.Kernels;

namespace Sweep.Training.Collapse;

/// <summary>
/// Random draws of the collapse chains, all from Philox keyed by derived seeds (<see cref="ChainRunner.Seed"/>), so a
/// chain is the same on every machine. Normals are <see cref="Philox.Normal"/>'s values, four per Philox block.
/// </summary>
internal static class ChainRandom
{
    /// <summary>Fills <paramref name="destination"/> with standard normals 0, 1, … of a stream (equal to <see cref="Philox.Normal"/>'s).</summary>
    public static void FillNormals(ulong seed, uint stream, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i += 4)
        {
            PhiloxBlock block = Philox.Generate(seed, stream, (ulong)i >> 2);
            double r1 = Math.Sqrt(-2.0 * Math.Log(Philox.ToUniformOpenZero(block.X0)));
            double a1 = 2.0 * Math.PI * Philox.ToUniform(block.X1);
            double r2 = Math.Sqrt(-2.0 * Math.Log(Philox.ToUniformOpenZero(block.X2)));
            double a2 = 2.0 * Math.PI * Philox.ToUniform(block.X3);
            (double s1, double c1) = Math.SinCos(a1);
            (double s2, double c2) = Math.SinCos(a2);
            int left = Math.Min(4, destination.Length - i);
            destination[i] = r1 * c1;
            if (left > 1)
            {
                destination[i + 1] = r1 * s1;
            }

            if (left > 2)
            {
                destination[i + 2] = r2 * c2;
            }

            if (left > 3)
            {
                destination[i + 3] = r2 * s2;
            }
        }
    }

    /// <summary>Uniform number <paramref name="index"/> of a stream, in [0, 1).</summary>
    public static double Uniform(ulong seed, uint stream, long index) => Philox.Uniform(seed, stream, (ulong)index);

    /// <summary>A category drawn from cumulative probabilities (the last one is the total), by binary search.</summary>
    public static int Categorical(ReadOnlySpan<double> cumulative, double uniform)
    {
        double target = uniform * cumulative[^1];
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (cumulative[mid] > target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>
    /// Probabilities at a sampling temperature, in place: p^(1/T) renormalised; T = 0 puts all mass on the most likely
    /// outcome (the first of equals), T = 1 leaves them as they are.
    /// </summary>
    public static void Temper(Span<double> probabilities, double temperature)
    {
        if (temperature == 1)
        {
            return;
        }

        if (temperature == 0)
        {
            int best = 0;
            for (int i = 1; i < probabilities.Length; i++)
            {
                best = probabilities[i] > probabilities[best] ? i : best;
            }

            probabilities.Clear();
            probabilities[best] = 1;
            return;
        }

        double max = 0;
        foreach (double p in probabilities)
        {
            max = Math.Max(max, p);
        }

        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = probabilities[i] > 0 ? Math.Exp(Math.Log(probabilities[i] / max) / temperature) : 0;
            sum += probabilities[i];
        }

        for (int i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] /= sum;
        }
    }

    /// <summary>Softmax of logits at a temperature into <paramref name="probabilities"/> (T = 0: the argmax).</summary>
    public static void Softmax(ReadOnlySpan<float> logits, double temperature, Span<double> probabilities)
    {
        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] = logits[i];
        }

        Normalize(probabilities[..logits.Length]);
        Temper(probabilities[..logits.Length], temperature);
    }

    /// <summary>Log-weights to probabilities in place: exp(x − max x), normalised.</summary>
    public static void Normalize(Span<double> logs)
    {
        double max = double.NegativeInfinity;
        foreach (double l in logs)
        {
            max = Math.Max(max, l);
        }

        double sum = 0;
        for (int i = 0; i < logs.Length; i++)
        {
            logs[i] = Math.Exp(logs[i] - max);
            sum += logs[i];
        }

        for (int i = 0; i < logs.Length; i++)
        {
            logs[i] /= sum;
        }
    }

    /// <summary>An outcome drawn from probabilities (summing to 1) by one uniform number.</summary>
    public static int Draw(ReadOnlySpan<double> probabilities, double uniform)
    {
        double running = 0;
        for (int c = 0; c < probabilities.Length; c++)
        {
            running += probabilities[c];
            if (uniform < running)
            {
                return c;
            }
        }

        return probabilities.Length - 1;
    }

    /// <summary>
    /// The rarest outcomes of a distribution: those of least probability whose total is at most 10% (at least the rarest
    /// one; the higher index first among equals), the "rarest decile" the chains measure tail mass on.
    /// </summary>
    public static bool[] RarestDecile(ReadOnlySpan<double> probabilities)
    {
        double[] p = probabilities.ToArray();
        var rare = new bool[p.Length];
        double mass = 0;
        foreach (int outcome in Enumerable.Range(0, p.Length).OrderBy(i => p[i]).ThenByDescending(i => i))
        {
            if (mass + p[outcome] > 0.1 && mass > 0)
            {
                break;
            }

            rare[outcome] = true;
            mass += p[outcome];
        }

        return rare;
    }
}
