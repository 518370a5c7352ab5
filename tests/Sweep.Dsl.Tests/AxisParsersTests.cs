namespace Sweep.Dsl.Tests;

/// <summary>
/// The parsers of <c>--set</c> texts: invariant culture, underscores as digit separators, surrounding whitespace
/// ignored, and nothing accepted that the axis type cannot hold exactly.
/// </summary>
public sealed class AxisParsersTests
{
    [Theory]
    [InlineData("42", true, 42)]
    [InlineData(" 1_000 ", true, 1000)]
    [InlineData("-7", true, -7)]
    [InlineData("1e3", true, 1000)]
    [InlineData("2147483647", true, int.MaxValue)]
    [InlineData("2147483648", false, 0)]
    [InlineData("1.5", false, 0)]
    [InlineData("1,000", false, 0)]
    [InlineData("abc", false, 0)]
    [InlineData("", false, 0)]
    public void Int32_ParsesWholeNumbersInRange(string text, bool ok, int expected)
    {
        Assert.Equal(ok, AxisParsers.Int32(text, out int value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("9007199254740993", true, 9007199254740993L)]
    [InlineData("10_000_000_000", true, 10_000_000_000L)]
    [InlineData("2.0", true, 2L)]
    [InlineData("1e15", true, 1_000_000_000_000_000L)]
    [InlineData("1e16", false, 0L)]
    [InlineData("0.5", false, 0L)]
    public void Int64_ParsesWholeNumbersAndExactScientificNotation(string text, bool ok, long expected)
    {
        Assert.Equal(ok, AxisParsers.Int64(text, out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("0.1", true, 0.1)]
    [InlineData("1e-3", true, 0.001)]
    [InlineData(" 1_000.5 ", true, 1000.5)]
    [InlineData("-0", true, -0.0)]
    [InlineData("NaN", false, 0.0)]
    [InlineData("Infinity", false, 0.0)]
    [InlineData("1e400", false, 0.0)]
    [InlineData("0,5", false, 0.0)]
    public void Double_ParsesFiniteInvariantNumbers(string text, bool ok, double expected)
    {
        bool parsed = AxisParsers.Double(text, out double value);

        Assert.Equal(ok, parsed);
        if (ok)
        {
            Assert.Equal(expected, value);
        }
    }

    [Theory]
    [InlineData("0.5", true, 0.5f)]
    [InlineData("3e38", true, 3e38f)]
    [InlineData("4e38", false, 0f)]
    public void Single_RejectsWhatAFloatCannotHold(string text, bool ok, float expected)
    {
        Assert.Equal(ok, AxisParsers.Single(text, out float value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("true", true, true)]
    [InlineData(" YES ", true, true)]
    [InlineData("on", true, true)]
    [InlineData("1", true, true)]
    [InlineData("False", true, false)]
    [InlineData("no", true, false)]
    [InlineData("off", true, false)]
    [InlineData("0", true, false)]
    [InlineData("maybe", false, false)]
    public void Boolean_AcceptsTheUsualSpellings(string text, bool ok, bool expected)
    {
        Assert.Equal(ok, AxisParsers.Boolean(text, out bool value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void String_RejectsOnlyTheEmptyText()
    {
        Assert.True(AxisParsers.String(" spaced ", out string value));
        Assert.Equal(" spaced ", value);
        Assert.False(AxisParsers.String(string.Empty, out _));
    }

    [Theory]
    [InlineData("adam", true, Optimizer.Adam)]
    [InlineData(" AdamW ", true, Optimizer.AdamW)]
    [InlineData("1", false, Optimizer.Sgd)]
    [InlineData("-1", false, Optimizer.Sgd)]
    [InlineData("Momentum", false, Optimizer.Sgd)]
    [InlineData("", false, Optimizer.Sgd)]
    public void Enum_ParsesMemberNamesIgnoringCaseButNoNumbers(string text, bool ok, Optimizer expected)
    {
        Assert.Equal(ok, AxisParsers.Enum(text, out Optimizer value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Parsers_RefuseNull()
    {
        Assert.Throws<ArgumentNullException>(() => AxisParsers.Int64(null!, out _));
        Assert.Throws<ArgumentNullException>(() => AxisParsers.Double(null!, out _));
        Assert.Throws<ArgumentNullException>(() => AxisParsers.Boolean(null!, out _));
        Assert.Throws<ArgumentNullException>(() => AxisParsers.Enum<Optimizer>(null!, out _));
    }
}
