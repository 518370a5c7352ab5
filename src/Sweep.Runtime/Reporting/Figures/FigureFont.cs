using ScottPlot;
using SkiaSharp;

namespace Sweep.Reporting.Figures;

/// <summary>
/// The font every figure is drawn in: DejaVu Sans, carried inside Sweep.Runtime (Bitstream Vera licence, in
/// <c>Fonts/LICENSE-DejaVu.txt</c>). A machine without fonts (a bare server or container: a GPU node here drew every
/// figure with no text at all) still gets labelled figures, and a figure looks the same on every machine.
/// </summary>
internal static class FigureFont
{
    /// <summary>The family name figures ask ScottPlot for; no system font is called that.</summary>
    public const string Name = "Sweep DejaVu Sans";

    private static readonly Lazy<bool> s_registered = new(() =>
    {
        Fonts.FontResolvers.Add(new EmbeddedFontResolver());
        return true;
    });

    /// <summary>
    /// Draws every text of the plot (title, axis and tick labels, legend) in the carried font. ScottPlot's
    /// <c>Font.Set</c> also makes it the process's default for plots drawn later.
    /// </summary>
    /// <param name="plot">The plot.</param>
    public static void Apply(Plot plot)
    {
        _ = s_registered.Value;
        plot.Font.Set(Name);
        plot.Legend.FontName = Name;
    }

    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing)
            => CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
        {
            if (fontName != Name)
            {
                return null;
            }

            string resource = bold ? "Sweep.Fonts.DejaVuSans-Bold.ttf" : "Sweep.Fonts.DejaVuSans.ttf";
            using Stream stream = typeof(FigureFont).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"the figure font {resource} is missing from Sweep.Runtime");
            using SKData data = SKData.Create(stream);
            return SKTypeface.FromData(data);
        }
    }
}
