using Sweep.Reporting;

namespace Sweep.Runtime.Tests.Reporting;

public sealed class MarkdownHtmlTests
{
    [Fact]
    public void Tables_KeepEscapedPipesInTheirCell_AndTheSeparatorRowMakesAHeader()
    {
        string html = MarkdownHtml.Convert("| trial | error |\n|---|---|\n| `a=1` | loss \\| NaN |\n", _ => string.Empty);

        Assert.Contains("<tr><th>trial</th><th>error</th></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td><code>a=1</code></td><td>loss | NaN</td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("---", html, StringComparison.Ordinal);
    }

    [Fact]
    public void HeadingsListsAndInlineMarkup_BecomeTheirElements_WithHtmlEscaped()
    {
        string html = MarkdownHtml.Convert("# Study `x<y>`\n\n- Trials: **3** done\n- Runs: 1\n\nA *plain* paragraph\non two lines & more.\n", _ => string.Empty);

        Assert.Contains("<h1>Study <code>x&lt;y&gt;</code></h1>", html, StringComparison.Ordinal);
        Assert.Contains("<ul>\n<li>Trials: <strong>3</strong> done</li>\n<li>Runs: 1</li>\n</ul>", html.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("<p>A <em>plain</em> paragraph on two lines &amp; more.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AnImageLine_IsReplacedByTheFigure_AndItsCaptionIsMarkedAsOne()
    {
        List<string> asked = [];
        string html = MarkdownHtml.Convert("![demo-a](demo-a.png)\n\n*`loss` against `Width`: error bars ±1 sd.*\n", stem =>
        {
            asked.Add(stem);
            return "<figure>F</figure>";
        });

        Assert.Equal(["demo-a"], asked);
        Assert.Contains("<figure>F</figure>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"caption\"><em><code>loss</code> against <code>Width</code>: error bars ±1 sd.</em></p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnclosedBacktick_StaysText()
        => Assert.Equal("a `b", MarkdownHtml.Inline("a `b"));
}
