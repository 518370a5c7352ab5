using System.Globalization;

namespace Sweep;

/// <summary>
/// The typed parsers generated code uses for <c>--set Axis=v1,v2</c>. All are culture-invariant; integer axes
/// also accept <c>2_000</c> and integral exponents such as <c>1e3</c>.
/// </summary>
/// <example>
/// <code>
/// AxisParsers.Double("3e-4", out double lr);          // true
/// AxisParsers.Enum&lt;Optimizer&gt;("adamw", out var o);   // true, Optimizer.AdamW
/// </code>
/// </example>
public static class AxisParsers
{
    /// <summary>Parses an <see cref="int"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool Int32(string text, out int value)
    {
        if (Int64(text, out long wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)wide;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Parses a <see cref="long"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool Int64(string text, out long value)
    {
        ArgumentNullException.ThrowIfNull(text);
        string cleaned = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        if (long.TryParse(cleaned, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out double real)
            && Math.Floor(real) == real && Math.Abs(real) <= 9.007199254740992e15)
        {
            value = (long)real;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Parses a finite <see cref="double"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool Double(string text, out double value)
    {
        ArgumentNullException.ThrowIfNull(text);
        string cleaned = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        return double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Parses a finite <see cref="float"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool Single(string text, out float value)
    {
        bool ok = Double(text, out double wide) && Math.Abs(wide) <= float.MaxValue;
        value = ok ? (float)wide : 0f;
        return ok;
    }

    /// <summary>Parses a <see cref="bool"/>: true/false, yes/no, on/off or 1/0.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool Boolean(string text, out bool value)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.Trim().ToUpperInvariant())
        {
            case "TRUE" or "YES" or "ON" or "1":
                value = true;
                return true;
            case "FALSE" or "NO" or "OFF" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>Accepts any non-empty text as a <see cref="string"/> value.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it is non-empty.</returns>
    public static bool String(string text, out string value)
    {
        value = text ?? string.Empty;
        return value.Length > 0;
    }

    /// <summary>Parses an enum member by name, ignoring case; numbers are rejected.</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it names a member.</returns>
    public static bool Enum<TEnum>(string text, out TEnum value)
        where TEnum : struct, System.Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Length > 0 && !char.IsAsciiDigit(trimmed[0]) && trimmed[0] != '-'
            && System.Enum.TryParse(trimmed, ignoreCase: true, out value) && System.Enum.IsDefined(value))
        {
            return true;
        }

        value = default;
        return false;
    }
}
