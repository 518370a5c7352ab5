namespace Sweep.Kernels.Tests.Infrastructure;

/// <summary>
/// Relative-error comparisons in the spirit of ILGPU's <c>FloatRelativeErrorComparer</c>: NaN equals NaN, infinities
/// must match exactly, and otherwise |a − e| ≤ tolerance · max(|e|, scale) where scale guards values near zero.
/// </summary>
internal static class Tolerance
{
    public static bool Close(double actual, double expected, double relative, double scale = 1.0)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual);
        }

        if (double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            return actual.Equals(expected);
        }

        return Math.Abs(actual - expected) <= relative * Math.Max(Math.Abs(expected), scale);
    }

    /// <summary>Asserts element-wise closeness and names the first offending index.</summary>
    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double relative, double scale = 1.0, string what = "value")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!Close(actual[i], expected[i], relative, scale))
            {
                Assert.Fail($"{what}[{i}] = {actual[i]:R}, expected {expected[i]:R} within relative {relative:G2} (scale {scale:G2}).");
            }
        }
    }

    /// <summary>Asserts closeness where each element has its own scale (for products: the sum of |a|·|b| terms).</summary>
    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, ReadOnlySpan<double> scales, double relative, string what = "value")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(actual[i] - expected[i]) <= (relative * scales[i]) + 1e-30))
            {
                Assert.Fail($"{what}[{i}] = {actual[i]:R}, expected {expected[i]:R} within {relative:G2} × {scales[i]:G4}.");
            }
        }
    }

    /// <summary>‖a − b‖ / ‖b‖.</summary>
    public static double RelativeNorm(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = actual[i] - expected[i];
            diff += d * d;
            norm += expected[i] * expected[i];
        }

        return Math.Sqrt(diff / Math.Max(norm, 1e-300));
    }
}
