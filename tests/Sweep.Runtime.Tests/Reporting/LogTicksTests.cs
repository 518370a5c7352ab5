using Sweep.Reporting.Figures;

namespace Sweep.Runtime.Tests.Reporting;

public sealed class LogTicksTests
{
    [Fact]
    public void AnAxisFrom4To64_IsLabelledAt5_10_20_50()
    {
        IReadOnlyList<(double Position, string? Label)> ticks = LogTicks.Ticks(Math.Log10(4), Math.Log10(64));

        string[] labels = [.. Major(ticks).Select(t => t.Label)];
        Assert.Equal(["5", "10", "20", "50"], labels);
        Assert.Equal(Math.Log10(20), Major(ticks).Single(t => t.Label == "20").Position, 12);
    }

    [Fact]
    public void AnAxisOverTwoDecadesOrMore_IsLabelledAtEveryDecade_WithTheMultiplesAsMinorTicks()
    {
        IReadOnlyList<(double Position, string? Label)> ticks = LogTicks.Ticks(Math.Log10(8), Math.Log10(1024));

        Assert.Equal(["1", "10", "100", "1000", "1e4"], [.. Major(ticks).Select(t => t.Label)]);
        Assert.Contains(ticks, t => t.Label is null && Math.Abs(t.Position - Math.Log10(200)) < 1e-12);
    }

    [Fact]
    public void ANarrowAxis_FallsBackToEveryIntegerMultiple()
    {
        IReadOnlyList<(double Position, string? Label)> ticks = LogTicks.Ticks(Math.Log10(2.5), Math.Log10(4.5));

        Assert.Equal(["3", "4"], [.. Major(ticks).Select(t => t.Label)]);
    }

    [Theory]
    [InlineData(0.002, "0.002")]
    [InlineData(50, "50")]
    [InlineData(2000, "2000")]
    [InlineData(1e4, "1e4")]
    [InlineData(2e5, "2e5")]
    [InlineData(1e-6, "1e-6")]
    [InlineData(1e23, "1e23")]
    public void Labels_ArePlainNumbersInTheMiddleRange_AndShortExponentsOutside(double value, string label)
        => Assert.Equal(label, LogTicks.Label(value));

    private static (double Position, string Label)[] Major(IReadOnlyList<(double Position, string? Label)> ticks)
        => [.. ticks.Where(t => t.Label is not null).Select(t => (t.Position, t.Label!))];
}
