using Sweep.Runtime.Tests.Infrastructure;

namespace Sweep.Runtime.Tests.Reporting;

public sealed class StudyReportTests
{
    [Theory]
    [InlineData("")]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    public void Markdown_MatchesTheGoldenFile_InEveryCulture(string culture)
    {
        string markdown;
        using (new CultureScope(culture))
        {
            markdown = GoldenInputs.Markdown();
        }

        Snapshot.Match(markdown, "md");
    }

    [Fact]
    public void Slug_KeepsSafeCharacters_AndReplacesTheRest()
    {
        Assert.Equal("mlp-width_v2.1", Sweep.Reporting.StudyReport.Slug("mlp-width_v2.1"));
        Assert.Equal("a_b_c_", Sweep.Reporting.StudyReport.Slug("a b/c:"));
    }
}
