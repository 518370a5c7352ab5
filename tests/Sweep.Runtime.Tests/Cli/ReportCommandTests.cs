using System.Text.RegularExpressions;
using System.Text;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Runtime.Tests.Running;

namespace Sweep.Runtime.Tests.Cli;

[Collection(ToyStudyCollection.Name)]
public sealed class ReportCommandTests : IDisposable
{
    private static readonly byte[] s_pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly TempFolder _folder = new();

    public ReportCommandTests() => ToyStudy.Reset();

    public void Dispose()
    {
        ToyStudy.Reset();
        _folder.Dispose();
    }

    [Fact]
    public async Task Report_WritesTheMarkdownPage_AndAPngAndSvgFigurePerEvaluation()
    {
        ToyStudy.FailingWidths.Add(4);
        await Fakes.Cli.RunAsync("run", "toy", "--set", "Width=1,2,4,8", "--out", _folder.Path, "--no-report");

        (int code, string output, string error) = await Fakes.Cli.RunAsync("report", "toy", "--out", _folder.Path);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains($"report: {_folder.File("report-toy.md")}", output, StringComparison.Ordinal);
        string markdown = File.ReadAllText(_folder.File("report-toy.md"));
        Assert.StartsWith("# Study `toy`", markdown, StringComparison.Ordinal);
        Assert.Contains("- Trials: 12 done, 4 failed, in `sweep.db`", markdown, StringComparison.Ordinal);
        Assert.Contains("| Width | Mode | Parameters | evaluation | seeds | test_loss |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 8 | b | 80 | shifted | 2 | 10.25 |", markdown, StringComparison.Ordinal);
        Assert.Contains("## Failures", markdown, StringComparison.Ordinal);
        foreach (string evaluation in new[] { "test", "shifted" })
        {
            string stem = $"toy-{evaluation}-test_loss";
            Assert.Contains($"![{stem}]({stem}.png)", markdown, StringComparison.Ordinal);
            byte[] png = File.ReadAllBytes(_folder.File(stem + ".png"));
            Assert.Equal(s_pngSignature, png[..8]);
            Assert.True(png.Length > 5_000, "an 800×500 plot with lines is more than a blank image");
            string svg = File.ReadAllText(_folder.File(stem + ".svg"), Encoding.UTF8);
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.Contains("Width", svg, StringComparison.Ordinal);
        }

        string html = File.ReadAllText(_folder.File("report-toy.html"));
        Assert.Contains("<h1>Study <code>toy</code></h1>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Failures</h2>", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, "<figure class=\"figure\" data-stem=\"toy-(test|shifted)-test_loss\"><svg").Count);
    }

    [Fact]
    public async Task Metric_ChoosesWhatTheTableAndFiguresShow_AndAnUnknownOneIsNamed()
    {
        await Fakes.Cli.RunAsync("run", "toy", "--set", "Width=1,2", "--seeds", "1", "--out", _folder.Path, "--no-report");

        (int code, string output, _) = await Fakes.Cli.RunAsync("report", "toy", "--out", _folder.Path, "--metric", "test_loss");
        Assert.Equal(0, code);
        Assert.Contains("mean test_loss", output, StringComparison.Ordinal);
        Assert.True(File.Exists(_folder.File("toy-shifted-test_loss.png")));

        (int badCode, _, string error) = await Fakes.Cli.RunAsync("report", "toy", "--out", _folder.Path, "--metric", "accuracy");
        Assert.Equal(2, badCode);
        Assert.Equal("error: --metric: 'accuracy' was not recorded; recorded metrics are test_loss.", error.Trim());
    }

    [Fact]
    public async Task Run_WritesTheReportUnlessToldNotTo()
    {
        (int code, string output, _) = await Fakes.Cli.RunAsync("run", "toy", "--set", "Width=1,2", "--seeds", "1", "--out", _folder.Path);

        Assert.Equal(0, code);
        Assert.Contains("report: ", output, StringComparison.Ordinal);
        Assert.True(File.Exists(_folder.File("report-toy.md")));
        Assert.True(File.Exists(_folder.File("toy-test-test_loss.png")));
    }

    [Fact]
    public async Task ReportOfAStudyNotInTheStore_ExitsTwo()
    {
        await Fakes.Cli.RunAsync("run", "toy", "--max-trials", "1", "--out", _folder.Path, "--no-report");

        (int code, _, string error) = await Fakes.Cli.RunAsync("report", "ridge", "--out", _folder.Path);

        Assert.Equal(2, code);
        Assert.Contains("'ridge' has no results", error, StringComparison.Ordinal);
    }
}
