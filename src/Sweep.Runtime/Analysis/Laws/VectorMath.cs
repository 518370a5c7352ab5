using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sweep.Analysis;

/// <summary>
/// exp and log on four doubles at a time, accurate to a few ulp, for the objective kernels. (The BCL's
/// <c>Vector256.Exp/Log</c> measured no faster than scalar <c>Math.Exp</c> here.) Both use textbook series whose
/// coefficients are exact rationals (1/n! and 1/(2k+1)), so there are no magic constants to get wrong; the tests
/// compare them with <see cref="Math.Exp"/> and <see cref="Math.Log(double)"/>.
/// </summary>
internal static class VectorMath
{
    private const double Log2E = 1.4426950408889634;

    // ln 2 split so that k·Ln2Hi is exact for |k| < 2^11 (Cody–Waite).
    private const double Ln2Hi = 0.693147180369123816490;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Ln2 = 0.6931471805599453;

    // 1.5·2^52: adding and subtracting it rounds to the nearest integer, and the sum's low bits hold that integer.
    private const double RoundMagic = 6755399441055744.0;

    /// <summary>e^x per lane. Returns +∞ above 709.78 and 0 below −708 (no subnormal results).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        Vector256<double> clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(-708.0)), Vector256.Create(709.0));

        // x = k·ln2 + r, |r| ≤ ln2/2.
        Vector256<double> t = clamped * Log2E + Vector256.Create(RoundMagic);
        Vector256<double> k = t - Vector256.Create(RoundMagic);
        Vector256<long> ki = t.AsInt64() - Vector256.Create(RoundMagic).AsInt64();
        Vector256<double> r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Lo), Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Hi), clamped));

        // e^r by its Taylor series to r^13/13! (truncation < 5e-18 for |r| ≤ 0.347), Horner form.
        Vector256<double> p = Vector256.Create(1.0 / 6227020800);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 479001600));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 39916800));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 3628800));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 362880));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 40320));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 5040));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 720));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 120));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 24));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 6));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(0.5));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<double>.One);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<double>.One);

        // Scale by 2^k through the exponent bits (k ∈ [−1022, 1023] after the clamp).
        Vector256<double> scale = Vector256.ShiftLeft(ki + Vector256.Create(1023L), 52).AsDouble();
        Vector256<double> result = p * scale;
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(709.78)), Vector256.Create(double.PositiveInfinity), result);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(-708.0)), Vector256<double>.Zero, result);
    }

    /// <summary>ln x per lane for positive normal x (the kernels route anything else to the scalar path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log(Vector256<double> x)
    {
        // x = m·2^e with m ∈ [1, 2), then folded into [√½, √2).
        Vector256<ulong> bits = x.AsUInt64();
        Vector256<long> e = (Vector256.ShiftRightLogical(bits, 52) - Vector256.Create(1023UL)).AsInt64();
        Vector256<double> m = ((bits & Vector256.Create(0x000FFFFFFFFFFFFFUL)) | Vector256.Create(0x3FF0000000000000UL)).AsDouble();
        Vector256<double> big = Vector256.GreaterThan(m, Vector256.Create(1.4142135623730951));
        m = Vector256.ConditionalSelect(big, m * 0.5, m);
        Vector256<double> ef = Vector256.ConvertToDouble(e) + (big & Vector256<double>.One);

        // ln m = 2·atanh(f), f = (m − 1)/(m + 1), |f| ≤ 0.1716: series to f^19/19 (truncation < 3e-17).
        Vector256<double> f = (m - Vector256<double>.One) / (m + Vector256<double>.One);
        Vector256<double> f2 = f * f;
        Vector256<double> s = Vector256.Create(1.0 / 19);
        s = Vector256.FusedMultiplyAdd(s, f2, Vector256.Create(1.0 / 17));
        s = Vector256.FusedMultiplyAdd(s, f2, Vector256.Create(1.0 / 15));
        s = Vector256.FusedMultiplyAdd(s, f2, Vector256.Create(1.0 / 13));
        s = Vector256.FusedMultiplyAdd(s, f2, Vector256.Create(1.0 / 11));
        s = Vector256.FusedMultiplyAdd(s, f2, Vector256.Create(1.0 / 9));
        s = Vector256.FusedMultiplyAdd(s, f2, Vector256.Create(1.0 / 7));
        s = Vector256.FusedMultiplyAdd(s, f2, Vector256.Create(1.0 / 5));
        s = Vector256.FusedMultiplyAdd(s, f2, Vector256.Create(1.0 / 3));
        Vector256<double> twoF = f + f;
        Vector256<double> lnM = Vector256.FusedMultiplyAdd(twoF * f2, s, twoF);
        return Vector256.FusedMultiplyAdd(ef, Vector256.Create(Ln2), lnM);
    }
}
