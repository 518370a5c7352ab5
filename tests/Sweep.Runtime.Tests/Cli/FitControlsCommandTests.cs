using System.Globalization;
using System.Text;
using Sweep.Analysis;
using Sweep.Runtime.Tests.Analysis;
using Sweep.Runtime.Tests.Fakes;

namespace Sweep.Runtime.Tests.Cli;

/// <summary><c>fit</c>'s controls (--where, --weight, --fit-loss, --huber-delta, --holdout, --replicas) and its warnings, end to end.</summary>
public sealed partial class FitControlsCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<(int ExitCode, string Output, string Error)> Fit(params string[] args) => Fakes.Cli.RunAsync(["fit", .. args]);

    /// <summary>
    /// stderr less the "compare: 27 of 39 fits, 2.8 s" lines a comparison writes when it runs past two seconds, which a
    /// loaded CI machine reaches; anything else on stderr is still an error.
    /// </summary>
    private static string WithoutProgressLines(string error) =>
        string.Join('\n', error.Split('\n').Where(l => l.Length > 0 && !ProgressLine().IsMatch(l)));

    [System.Text.RegularExpressions.GeneratedRegex(@"^compare: \d+ of \d+ fits, (done in )?\d+\.\d s$")]
    private static partial System.Text.RegularExpressions.Regex ProgressLine();

    private static LawResults Parse(string json) => AnalysisJson.Deserialize<LawResults>(json) ?? throw new InvalidOperationException("null JSON");

    /// <summary>12 widths × 2 seeds of <c>A·x^−α</c> (no floor) at two learning rates, the second 20% worse; a weight column.</summary>
    private string Csv()
    {
        StringBuilder csv = new("width,lr,seed,loss,w\n");
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(false), PowerLaw.Theta(5, 0.5), 10, 1e5, 12, 0.01, 3, seedsPerX: 2);
        for (int i = 0; i < data.Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{data.X[i]:R},0.001,{i % 2},{data.Y[i]:R},{1 + i % 2}\n");
            csv.Append(CultureInfo.InvariantCulture, $"{data.X[i]:R},0.01,{i % 2},{data.Y[i] * 1.2:R},1\n");
        }

        string path = _folder.File("runs.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public async Task Controls_AreAppliedAndRecorded_InJsonAndText()
    {
        string csv = Csv();
        string[] args = ["--data", csv, "--law", "power-no-e", "--x", "width", "--y", "loss", "--where", "lr == 0.001", "--weight", "w",
            "--fit-loss", "mse", "--holdout", "width > 2e4", "--bootstrap", "20", "--seed", "5"];

        (int code, string json, string error) = await Fit([.. args, "--json"]);
        (int textCode, string text, _) = await Fit(args);

        Assert.Equal(0, code);
        Assert.Empty(error);
        FitReport report = Assert.Single(Parse(json).Fits).Report!;
        Assert.Equal(24, report.Points);
        FitControls controls = report.Controls!;
        Assert.Equal(FitLoss.Mse, controls.Loss);
        Assert.Equal("lr == 0.001", controls.Where);
        Assert.Equal("w", controls.Weight);
        Assert.Equal("width > 2e4", controls.Holdout);
        Assert.Equal(24, controls.FilteredOut);
        Assert.Equal("--fit-loss mse --where \"lr == 0.001\" --weight w --holdout \"width > 2e4\" --bootstrap 20 --seed 5 --resample cells", controls.Flags);
        Assert.Equal("width > 2e4", report.Backtest!.Holdout);
        Assert.All(report.Backtest.Points, p => Assert.True(p.X > 2e4));
        Assert.Contains("\"warnings\": []", json, StringComparison.Ordinal);

        Assert.Equal(0, textCode);
        Assert.Contains($"settings: {controls.Flags}", text, StringComparison.Ordinal);
        Assert.Contains("(24 rows left out by --where)", text, StringComparison.Ordinal);
        Assert.Contains("back-test: held out the rows where width > 2e4", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warnings_ArePrinted_AndListedInJson()
    {
        string csv = Csv();

        // Both learning rates pooled (and the weight column, unused here, which also differs within a width).
        (int code, string text, _) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--bootstrap", "20");
        (_, string json, _) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--bootstrap", "20", "--json");

        Assert.Equal(0, code);
        Assert.Contains("warning (pooled-axes): lr, w vary among the points", text, StringComparison.Ordinal);
        IReadOnlyList<FitWarning> warnings = Assert.Single(Parse(json).Fits).Report!.Warnings;
        Assert.Contains(warnings, w => w.Code == FitWarnings.PooledAxes);
        Assert.Contains("\"code\": \"pooled-axes\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replicas_WritesOneRowPerReplicaUsed()
    {
        string csv = Csv();
        string file = _folder.File("replicas.csv");

        (int code, string json, string error) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--by", "lr", "--bootstrap", "30", "--replicas", file, "--json");

        Assert.Equal(0, code);
        Assert.Empty(error);
        string[] lines = File.ReadAllLines(file);
        Assert.Equal("law,group,replica,E,A,alpha", lines[0]);
        int used = Parse(json).Fits.Sum(f => f.Report!.Bootstrap!.Used);
        Assert.Equal(used, lines.Length - 1);
        Assert.Equal(30, lines.Count(l => l.StartsWith("power,0.001,", StringComparison.Ordinal)));
        Assert.All(lines.Skip(1), l => Assert.Equal(6, l.Split(',').Length));
    }

    [Fact]
    public async Task LawAuto_FitsTheLawThatPredictsHeldOutScalesBest()
    {
        string csv = Csv();
        string[] args = ["--data", csv, "--law", "auto", "--x", "width", "--y", "loss", "--where", "lr == 0.001", "--bootstrap", "0"];

        (int code, string text, string error) = await Fit(args);
        (_, string json, _) = await Fit([.. args, "--json"]);

        Assert.Equal(0, code);
        Assert.Empty(WithoutProgressLines(error));
        Assert.Contains("law chosen by --law auto: power-no-e, ranked by how well each law predicts a held-out scale: 1. power-no-e", text, StringComparison.Ordinal);
        LawResult fit = Assert.Single(Parse(json).Fits);
        Assert.Equal("power-no-e", fit.Law);
        Assert.Equal(3, fit.Comparison!.Laws.Count);
    }

    [Fact]
    public async Task Compare_PrintsEveryHeldOutScale_AndTheScore()
    {
        string csv = Csv();

        (int code, string text, _) = await Fit("--data", csv, "--compare", "power,power-no-e", "--x", "width", "--y", "loss", "--where", "lr == 0.01");

        Assert.Equal(0, code);
        Assert.Contains("ranked by score = leave-one-scale-out log-RMSE * sqrt(s/(s-p))", text, StringComparison.Ordinal);
        string[] lines = text.Split('\n');
        int header = Array.FindIndex(lines, l => l.StartsWith("log-RMSE at each held-out width:", StringComparison.Ordinal));
        Assert.True(header > 0, text);
        Assert.Matches(@"^width\s+power-no-e\s+power$", lines[header + 1]);
        Assert.Equal(12, lines.Skip(header + 2).TakeWhile(l => l.Length > 0).Count());
    }

    [Theory]
    [InlineData("--where", "width >= ", "--where: 'width >= ', at position 10: the expression ends early")]
    [InlineData("--holdout", "(width > 1", "--holdout: '(width > 1', at position 11: expected ')'")]
    [InlineData("--where", "widht > 1", "where 'widht > 1', at position 1: no column 'widht'; the header has: width, lr, seed, loss, w.")]
    [InlineData("--fit-loss", "l1", "--fit-loss: 'l1' is not huber, mse or gaussian.")]
    [InlineData("--huber-delta", "-1", "--huber-delta: '-1' is not a positive number")]
    public async Task BadControl_IsAUsageError_NamingTheFlagAndPosition(string flag, string value, string message)
    {
        string csv = Csv();

        (int code, _, string error) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", flag, value);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HoldoutWithDropHighest_AndDeltaWithoutHuber_AreRefused()
    {
        string csv = Csv();

        (int both, _, string bothError) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--holdout", "width > 1e4", "--drop-highest", "1");
        (int delta, _, string deltaError) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--fit-loss", "mse", "--huber-delta", "0.01");

        Assert.Equal(2, both);
        Assert.Contains("--holdout: choose one back-test split", bothError, StringComparison.Ordinal);
        Assert.Equal(2, delta);
        Assert.Contains("--huber-delta: only with the Huber loss", deltaError, StringComparison.Ordinal);
    }
}
