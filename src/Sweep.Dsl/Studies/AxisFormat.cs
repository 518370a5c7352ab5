using System.Globalization;
using System.Text;

namespace Sweep;

/// <summary>Invariant text for axis values: what trial keys, the store and the CLI use.</summary>
internal static class AxisFormat
{
    public static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Escapes the characters that separate key parts, so distinct values never share a key.</summary>
    public static string EscapeKeyPart(string text)
    {
        if (text.AsSpan().IndexOfAny("%;=") < 0)
        {
            return text;
        }

        StringBuilder builder = new(text.Length + 8);
        foreach (char c in text)
        {
            _ = c switch
            {
                '%' => builder.Append("%25"),
                ';' => builder.Append("%3B"),
                '=' => builder.Append("%3D"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
