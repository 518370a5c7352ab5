using System.Text.RegularExpressions;
using Sweep.Reporting;
using Sweep.Runtime.Tests.Fakes;

namespace Sweep.Runtime.Tests.Reporting;

public sealed class HtmlReportTests : IDisposable
{
    private const string Svg = """
        <?xml version="1.0" encoding="utf-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="800" height="500"><clipPath id="cl_4"><rect width="10" height="10"/></clipPath><g clip-path="url(#cl_4)"><path d="M0 0L10 10"/></g></svg>
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void FiguresAreInlined_WithTheirIdsPrefixed_SoTwoFiguresNeverShareAClipPath()
    {
        File.WriteAllText(_folder.File("a.svg"), Svg);
        File.WriteAllText(_folder.File("b-1.svg"), Svg);

        string html = HtmlReport.Render("Study demo", "# Study\n\n![a](a.png)\n\n![b-1](b-1.png)\n", _folder.Path);

        string[] ids = [.. Regex.Matches(html, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];
        Assert.Equal(2, ids.Length);
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (string id in ids)
        {
            Assert.Contains($"url(#{id})", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<?xml", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, "<figure class=\"figure\" data-stem=").Count);
    }

    [Fact]
    public void ThePage_LoadsNothingFromOutside_AndStartsItsFigureCheckPending()
    {
        File.WriteAllText(_folder.File("a.svg"), Svg);

        string html = HtmlReport.Render("Study <demo>", "![a](a.png)\n", _folder.Path);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Study &lt;demo&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("data-figures=\"pending\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("<(link|img)\\b|\\bsrc=\"(?!\\s*$)|https?://(?!www\\.w3\\.org)"), html);
    }

    [Fact]
    public void AMissingFigure_IsMarkedSo_ForThePageCheckToReport()
    {
        string html = HtmlReport.Render("Study demo", "![gone](gone.png)\n", _folder.Path);

        Assert.Contains("<figure class=\"figure missing\" data-stem=\"gone\"><p>Figure gone.svg is missing.</p></figure>", html, StringComparison.Ordinal);
    }
}
