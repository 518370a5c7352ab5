using System.Text.RegularExpressions;
using Sweep.Runtime.Tests.Fakes;

namespace Sweep.Runtime.Tests.Cli;

/// <summary>After <c>run</c> and in <c>report</c>, a study's <c>[Law]</c>s are fitted, printed and written under <c>## Laws</c>.</summary>
public sealed class LawReportTests : IDisposable
{
    private const string Interval = @"[0-9.e+-]+ \[[0-9.e+-]+, [0-9.e+-]+\]";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Section(string markdown, string heading)
    {
        int start = markdown.IndexOf($"### {heading}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '### {heading}' in {_folder.File("report-laws.md")}:\n{markdown}");
        int end = markdown.IndexOf("\n##", start + 4, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }

    [Fact]
    public async Task Run_PrintsTheLaws_AndTheReportShowsEachFitWithIntervals_AndWhyTheOthersFailed()
    {
        (int code, string output, string error) = await Fakes.Cli.RunAsync("run", "laws", "--out", _folder.Path);

        Assert.True(code == 0, output + error);
        Assert.Contains("laws, law LossVsWidth: y = E + A*x^-alpha (x = Width, y = test_loss, evaluation test; 95% bootstrap intervals)", output, StringComparison.Ordinal);
        Assert.Matches(new Regex($@"│ 1000\s+│\s+12 │\s+{Interval} │"), output);
        Assert.Contains("not fitted: ", output, StringComparison.Ordinal);
        Assert.Contains("  LossVsWidth: 100 vs 1000 do not cross within a factor 1000 of the measured range [4, 128]: 1000 is lower throughout", output, StringComparison.Ordinal);

        string markdown = File.ReadAllText(_folder.File("report-laws.md"));
        Assert.Contains("## Laws", markdown, StringComparison.Ordinal);
        Assert.Contains("intervals are 95% percentile intervals over 100 bootstrap replicas resampling whole cells", markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("## Laws", StringComparison.Ordinal) > markdown.IndexOf("![laws-test-test_loss]", StringComparison.Ordinal), "the laws follow the figures");

        string power = Section(markdown, "LossVsWidth");
        Assert.Contains("`y = E + A*x^-alpha` with x = `Width`, y = `test_loss` (evaluation `test`), fitted per `Samples`.", power, StringComparison.Ordinal);
        Assert.Contains("| Samples | points | E | A | alpha | convergence |", power, StringComparison.Ordinal);
        foreach (string samples in new[] { "100", "1000", "10000" })
        {
            Assert.Matches(new Regex($@"^\| {samples} \| 12 \| {Interval} \| {Interval} \| {Interval} \| converged \(", RegexOptions.Multiline), power);
        }

        // Curves at different sample counts differ by a constant: no pair crosses, and the most data is lower on both sides.
        Assert.Contains("Where the fitted curves of two `Samples` groups cross", power, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^\| 100 vs 1000 \| no crossing \| \[4, 128\] \| 1000 \| 1000 \| \d+% of \d+ \|", RegexOptions.Multiline), power);
        Assert.Matches(new Regex(@"^\| 1000 vs 10000 \| no crossing \| \[4, 128\] \| 10000 \| 10000 \|", RegexOptions.Multiline), power);
        Assert.DoesNotContain("cross", Section(markdown, "Joint"), StringComparison.Ordinal);

        string joint = Section(markdown, "Joint");
        Assert.Contains("| points | N_c | D_c | alpha_N | alpha_D | convergence |", joint, StringComparison.Ordinal);
        Assert.Matches(new Regex($@"^\| 36 \| {Interval} \|", RegexOptions.Multiline), joint);
        Assert.Contains("Compute-optimal allocation, C = 6·N·D:", joint, StringComparison.Ordinal);
        Assert.Contains("| C (FLOPs) | N_opt | D_opt | D/N | loss |", joint, StringComparison.Ordinal);

        string margin = Section(markdown, "Margin");
        Assert.Matches(new Regex(@"Not fitted: .*column 'margin': -[0-9.]+ must be positive .*Row \d+ is trial 'Width="), margin);
        Assert.DoesNotContain("| points |", margin, StringComparison.Ordinal);

        string missing = Section(markdown, "Missing");
        Assert.Contains("Not fitted: ", missing, StringComparison.Ordinal);
        Assert.Contains("column 'Depth': no such axis, derived value or metric", missing, StringComparison.Ordinal);

        // The power law is fitted on the figure's x-axis and metric: its three curves are drawn over it.
        string svg = File.ReadAllText(_folder.File("laws-test-test_loss.svg"));
        foreach (string samples in new[] { "100", "1000", "10000" })
        {
            Assert.Contains($"Samples={samples} (fit)", svg, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Report_RefitsTheLaws_AndBootstrapZeroLeavesOutTheIntervals()
    {
        await Fakes.Cli.RunAsync("run", "laws", "--out", _folder.Path, "--no-report");
        Assert.False(File.Exists(_folder.File("report-laws.md")));

        (int code, string output, string error) = await Fakes.Cli.RunAsync("report", "laws", "--out", _folder.Path, "--bootstrap", "0");

        Assert.True(code == 0, output + error);
        Assert.Contains("laws, law Joint: L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D (N = Parameters, D = Tokens, loss = test_loss, evaluation test; no intervals)", output, StringComparison.Ordinal);
        string power = Section(File.ReadAllText(_folder.File("report-laws.md")), "LossVsWidth");
        Assert.Matches(new Regex(@"^\| 100 \| 12 \| [0-9.e+-]+ \| [0-9.e+-]+ \| [0-9.e+-]+ \| converged", RegexOptions.Multiline), power);
        Assert.DoesNotContain("[", power.Split('\n').Single(l => l.StartsWith("| 100 |", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("no bootstrap, so no intervals", File.ReadAllText(_folder.File("report-laws.md")), StringComparison.Ordinal);

        (int refused, _, string why) = await Fakes.Cli.RunAsync("report", "laws", "--out", _folder.Path, "--bootstrap", "1");
        Assert.Equal(2, refused);
        Assert.Equal("error: --bootstrap: 1 is not a number of replicas (0 for none, or at least 2).", why.Trim());
    }

    [Fact]
    public async Task AStudyWithoutLaws_HasNoLawsSection()
    {
        (int code, _, _) = await Fakes.Cli.RunAsync("run", "ridge", "--set", "Features=4,16", "--seeds", "1", "--out", _folder.Path);

        Assert.Equal(0, code);
        Assert.DoesNotContain("## Laws", File.ReadAllText(_folder.File("report-ridge.md")), StringComparison.Ordinal);
    }
}
