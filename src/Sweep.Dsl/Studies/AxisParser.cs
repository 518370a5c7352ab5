namespace Sweep;

/// <summary>Parses one axis value from command-line text. The generator picks one per axis type.</summary>
/// <typeparam name="T">The axis's value type.</typeparam>
/// <param name="text">The text.</param>
/// <param name="value">The parsed value.</param>
/// <returns>Whether the text is a valid value.</returns>
/// <example>
/// <code>
/// AxisParser&lt;int&gt; parse = AxisParsers.Int32;
/// bool ok = parse("64", out int width);
/// </code>
/// </example>
public delegate bool AxisParser<T>(string text, out T value);
