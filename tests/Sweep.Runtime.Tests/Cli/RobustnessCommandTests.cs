using System.Globalization;
using System.Text;
using Sweep.Analysis;
using Sweep.Analysis.Robustness;
using Sweep.Runtime.Tests.Fakes;

namespace Sweep.Runtime.Tests.Cli;

/// <summary><c>robustness</c> on CSV files of models: recovery, sorting, percentages, clipping, JSON, and every input error (exit 2, located).</summary>
public sealed class RobustnessCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<(int ExitCode, string Output, string Error)> Robustness(params string[] args) => Fakes.Cli.RunAsync(["robustness", .. args]);

    /// <summary>20 models on probit(ood) = −0.3 + 0.8·probit(id), two families, plus one 5 points above the line.</summary>
    private string Models(bool percent = false, string? extra = null)
    {
        double unit = percent ? 100 : 1;
        StringBuilder csv = new("name,family,clean,shifted\n");
        for (int i = 0; i < 20; i++)
        {
            double id = 0.45 + (0.5 * i / 19);
            double ood = Links.Inverse(Link.Probit, -0.3 + (0.8 * Links.Apply(Link.Probit, id)));
            csv.Append(CultureInfo.InvariantCulture, $"m{i},{(i % 2 == 0 ? "a" : "b")},{id * unit:R},{ood * unit:R}\n");
        }

        double robust = Links.Inverse(Link.Probit, -0.3 + (0.8 * Links.Apply(Link.Probit, 0.8))) + 0.05;
        csv.Append(CultureInfo.InvariantCulture, $"robust,c,{0.8 * unit:R},{robust * unit:R}\n");
        csv.Append(extra);
        string path = _folder.File($"models-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public async Task Json_RecoversTheLine_AndSortsRowsByRho()
    {
        (int code, string output, string error) = await Robustness("--data", Models(), "--id", "clean", "--ood", "shifted", "--label", "name", "--reference", "family != c", "--scale", "family", "--bootstrap", "200", "--json");

        Assert.Equal(0, code);
        Assert.Empty(error);
        RobustnessReport report = AnalysisJson.Deserialize<RobustnessReport>(output)!;
        Assert.Equal(0.8, report.Line.Slope.Estimate, 1e-9);
        Assert.Equal(-0.3, report.Line.Intercept.Estimate, 1e-9);
        Assert.Equal(20, report.Line.ReferencePoints);
        Assert.Equal(21, report.Line.Points);
        Assert.False(report.Percent);
        Assert.Equal("robust", report.Line.Rows[0].Label);
        Assert.Equal(0.05, report.Line.Rows[0].Rho.Estimate, 1e-9);
        Assert.All(report.Line.Rows.Skip(1), r => Assert.Equal(0, r.Rho.Estimate, 1e-9));
        Assert.Equal(["a", "b", "c"], report.Line.Scales.Select(s => s.Scale));
        Assert.Equal(200, report.Line.Replicas);
    }

    [Fact]
    public async Task Text_PrintsTheFitAndEveryRow_MostRobustFirst()
    {
        (int code, string output, string error) = await Robustness("--data", Models(), "--id", "clean", "--ood", "shifted", "--label", "name", "--link", "probit", "--bootstrap", "50");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("probit(shifted) = ", output, StringComparison.Ordinal);
        Assert.Contains("slope ", output, StringComparison.Ordinal);
        string[] rows = [.. output.Split('\n').Where(l => (l.StartsWith('m') && !l.StartsWith("model", StringComparison.Ordinal)) || l.StartsWith("robust", StringComparison.Ordinal))];
        Assert.Equal(21, rows.Length);
        Assert.StartsWith("robust", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Percentages_AreDetected_WithAWarning_OrStated_AndGiveTheSameFit()
    {
        string path = Models(percent: true);

        (int code, string output, string error) = await Robustness("--data", path, "--id", "clean", "--ood", "shifted", "--bootstrap", "0");
        (int stated, string statedOutput, string statedError) = await Robustness("--data", path, "--id", "clean", "--ood", "shifted", "--bootstrap", "0", "--percent", "--reference", "family != c", "--json");

        Assert.Equal(0, code);
        Assert.Contains("warning: read the accuracies as percentages", error, StringComparison.Ordinal);
        Assert.Equal(0, stated);
        Assert.Empty(statedError);
        RobustnessReport report = AnalysisJson.Deserialize<RobustnessReport>(statedOutput)!;
        Assert.True(report.Percent);
        Assert.Equal(0.8, report.Line.Slope.Estimate, 1e-9);
        Assert.Contains("slope     0.8", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZeroAndHundredPercent_AreClipped_WithAWarning_AndNoInfinities()
    {
        (int code, string output, string error) = await Robustness("--data", Models(percent: true, extra: "perfect,a,100,100\nbroken,b,60,0\n"), "--id", "clean", "--ood", "shifted", "--label", "name", "--link", "logit", "--bootstrap", "20");

        Assert.Equal(0, code);
        Assert.Contains("3 accuracies of exactly 0 or 100 % moved 0.0001 inside (0, 1) so that logit is finite", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", output, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--id", "clear", "--id: ", "has no column 'clear'; its columns are name, family, clean, shifted.")]
    [InlineData("--ood", "shift", "--ood: ", "has no column 'shift'")]
    [InlineData("--label", "nom", "--label: ", "has no column 'nom'")]
    [InlineData("--reference", "size > 3", "--reference: ", "has no column 'size'")]
    public async Task MissingColumn_NamesTheFlagAndTheColumns(string flag, string value, string prefix, string message)
    {
        List<string> args = ["--data", Models(), "--id", "clean", "--ood", "shifted"];
        int at = args.IndexOf(flag);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([flag, value]);
        }

        (int code, string output, string error) = await Robustness([.. args]);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("error: " + prefix, error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task AccuracyAbove100Percent_NamesTheRowAndColumn()
    {
        string path = Models(percent: true, extra: "bad,a,101,50\n");

        (int code, _, string error) = await Robustness("--data", path, "--id", "clean", "--ood", "shifted");

        Assert.Equal(2, code);
        Assert.Equal($"error: {path}, row 22 (line 23), column 'clean': 101 is above 100 %; an accuracy is a fraction in [0, 1] or a percentage in [0, 100].", error.TrimEnd());
    }

    [Fact]
    public async Task NotANumber_AndNegative_NameTheRowAndColumn()
    {
        (int code, _, string error) = await Robustness("--data", Models(extra: "bad,a,high,0.5\n"), "--id", "clean", "--ood", "shifted");
        (int negative, _, string negativeError) = await Robustness("--data", Models(extra: "bad,a,0.5,-0.1\n"), "--id", "clean", "--ood", "shifted");

        Assert.Equal(2, code);
        Assert.Contains("row 22 (line 23), column 'clean': 'high' is not a number.", error, StringComparison.Ordinal);
        Assert.Equal(2, negative);
        Assert.Contains("row 22 (line 23), column 'shifted': -0.1 is negative", negativeError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooFewReferenceRows_SaysHowManyMatched()
    {
        (int code, _, string error) = await Robustness("--data", Models(), "--id", "clean", "--ood", "shifted", "--reference", "family = c");

        Assert.Equal(2, code);
        Assert.Equal("error: --reference: 1 row(s) of 21 match 'family = c'; a line needs at least 3 reference rows.", error.TrimEnd());
    }

    [Theory]
    [InlineData("--link", "loglog", "error: --link: 'loglog' is not a link; use probit, logit or none.")]
    [InlineData("--bootstrap", "many", "error: --bootstrap: 'many' is not a non-negative integer.")]
    [InlineData("--seed", "-1", "error: --seed: '-1' is not a non-negative integer.")]
    [InlineData("--reference", "family", "error: --reference: 'family' is not COLUMN OP VALUE (OP one of = != < <= > >=).")]
    public async Task BadFlag_IsOneLineNamingIt(string flag, string value, string expected)
    {
        (int code, string output, string error) = await Robustness("--data", Models(), "--id", "clean", "--ood", "shifted", flag, value);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal(expected, error.TrimEnd());
    }

    [Fact]
    public async Task TheSweepTool_HasTheCommand()
    {
        using StringWriter output = new();
        using StringWriter error = new();
        int code = await Sweep.Hosting.SweepApp.RunAsync(
            ["robustness", "--data", Models(), "--id", "clean", "--ood", "shifted", "--bootstrap", "0", "--json"],
            new Sweep.Hosting.SweepAppOptions { Tool = true, Output = output, Error = error, Interactive = false, HandleSignals = false });

        Assert.Equal(0, code);
        Assert.Empty(error.ToString());
        Assert.Equal(21, AnalysisJson.Deserialize<RobustnessReport>(output.ToString())!.Line.Points);
    }

    [Fact]
    public async Task MissingFileOrFlags_AreNamed()
    {
        (int noFile, _, string noFileError) = await Robustness("--data", _folder.File("nope.csv"), "--id", "clean", "--ood", "shifted");
        (int noId, _, string noIdError) = await Robustness("--data", Models(), "--ood", "shifted");

        Assert.Equal(2, noFile);
        Assert.Contains("nope.csv: file not found.", noFileError, StringComparison.Ordinal);
        Assert.Equal(2, noId);
        Assert.Equal("error: --id: give the in-distribution accuracy column.", noIdError.TrimEnd());
    }
}
