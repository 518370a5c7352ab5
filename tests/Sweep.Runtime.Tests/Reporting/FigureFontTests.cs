using ScottPlot;
using SkiaSharp;
using Sweep.Reporting.Figures;

namespace Sweep.Runtime.Tests.Reporting;

/// <summary>
/// Figures draw their text in the font Sweep carries, not in whatever the machine has: on a GPU node with no fonts
/// installed every label of every figure was missing (reproduced here by hiding /usr/share/fonts).
/// </summary>
public sealed class FigureFontTests
{
    [Fact]
    public void TheCarriedFont_ResolvesWithoutTheSystem_AndHasTheGlyphsFiguresUse()
    {
        FigureFont.Apply(new Plot());

        foreach (bool bold in new[] { false, true })
        {
            SKTypeface typeface = Fonts.GetTypeface(FigureFont.Name, bold, italic: false);
            Assert.Equal("DejaVu Sans", typeface.FamilyName);
            Assert.Equal(bold, typeface.IsBold);
            using var font = new SKFont(typeface);
            Assert.True(font.ContainsGlyphs("Width (log) loss ± − ≤ ≥ α β ρ ε → 0123456789.,:[]"), "a glyph figures use is missing");
        }
    }

    [Fact]
    public void Apply_SetsEveryTextOfThePlot()
    {
        var plot = new Plot();
        plot.Add.Scatter(new double[] { 1, 2 }, new double[] { 3, 4 }).LegendText = "series";
        plot.Title("title");
        plot.ShowLegend();

        FigureFont.Apply(plot);

        Assert.Equal(FigureFont.Name, plot.Axes.Title.Label.FontName);
        Assert.Equal(FigureFont.Name, plot.Axes.Bottom.Label.FontName);
        Assert.Equal(FigureFont.Name, plot.Axes.Left.Label.FontName);
        Assert.Equal(FigureFont.Name, plot.Axes.Bottom.TickLabelStyle.FontName);
        Assert.Equal(FigureFont.Name, plot.Legend.FontName);
    }
}
