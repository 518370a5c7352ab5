using Sweep.Analysis;
using Sweep.Hosting;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Cli;

/// <summary><c>fit --data results.db --study NAME</c>: a study's declared laws, or laws named on the command line, on its stored trials.</summary>
public sealed class FitStudyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Store => _folder.File(ResultStore.DefaultFileName);

    private async Task RunLawStudy()
    {
        (int code, string output, _) = await Fakes.Cli.RunAsync("run", "laws", "--out", _folder.Path, "--no-report");
        Assert.True(code == 0, output);
    }

    private static LawResults Parse(string json) => AnalysisJson.Deserialize<LawResults>(json) ?? throw new InvalidOperationException("null JSON");

    private static double Estimate(LawResult fit, string name) => fit.Report!.Parameters.Single(p => p.Name == name).Estimate;

    [Fact]
    public async Task DeclaredPowerLaw_ByName_IsFittedPerGroup_AndRecoversTheGeneratingLaw()
    {
        await RunLawStudy();

        (int code, string output, string error) = await Fakes.Cli.RunAsync("fit", "--data", Store, "--study", "laws", "--law", "LossVsWidth", "--bootstrap", "30", "--json");

        Assert.True(code == 0, error);
        LawResults results = Parse(output);
        Assert.Equal($"{Store} (study 'laws')", results.Source);
        Assert.Equal(["100", "1000", "10000"], results.Fits.Select(f => f.Group));
        foreach (LawResult fit in results.Fits)
        {
            // At fixed D the law is (E + B/D^β) + (A·10^−α)·Width^−α: α = 0.5 within 0.03, the offset within 5%.
            double d = double.Parse(fit.Group!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("LossVsWidth", fit.Name);
            Assert.Equal("test", fit.Evaluation);
            Assert.Equal(12, fit.Points);
            Assert.Equal(0.5, Estimate(fit, "alpha"), 0.03);
            Assert.InRange(Estimate(fit, "E") / (LawStudy.Truth[0] + LawStudy.Truth[2] / Math.Pow(d, LawStudy.Truth[4])), 0.95, 1.05);
            Assert.InRange(Estimate(fit, "A") / (LawStudy.Truth[1] * Math.Pow(10, -LawStudy.Truth[3])), 0.85, 1.15);
            Assert.All(fit.Report!.Parameters, p => Assert.True(p.Lower <= p.Estimate && p.Estimate <= p.Upper, p.ToString()));
        }
    }

    [Fact]
    public async Task DeclaredJointLaw_ReadsDerivedColumns_AndGivesTheComputeOptimalFrontier()
    {
        await RunLawStudy();

        (int code, string output, string error) = await Fakes.Cli.RunAsync("fit", "--data", Store, "--study", "laws", "--law", "Joint", "--bootstrap", "20", "--budgets", "1e8,1e10", "--json");

        Assert.True(code == 0, error);
        LawResult fit = Assert.Single(Parse(output).Fits);
        Assert.Equal("kaplan", fit.Law);
        Assert.Equal(new FitColumns("Parameters", "test_loss") { D = "Tokens" }, fit.Columns);
        Assert.Equal(36, fit.Points);
        Assert.Null(fit.Group);
        Assert.True(fit.Report!.Convergence.Converged, fit.Report.Convergence.ToString());

        // Along the frontier more compute buys a lower loss with both more parameters and more data.
        IReadOnlyList<FrontierPoint> frontier = fit.Report.ComputeOptimal!;
        Assert.Equal([1e8, 1e10], frontier.Select(f => f.Compute));
        Assert.True(frontier[1].N.Estimate > frontier[0].N.Estimate && frontier[1].D.Estimate > frontier[0].D.Estimate);
        Assert.True(frontier[1].Loss.Estimate < frontier[0].Loss.Estimate);
        Assert.All(frontier, f => Assert.Equal(f.Compute, 6 * f.N.Estimate * f.D.Estimate, 1e-9 * f.Compute));
    }

    [Fact]
    public async Task ExplicitLaw_NamesAxesAndMetrics_AndMatchesTheDeclaredOne()
    {
        await RunLawStudy();

        (int code, string output, string error) = await Fakes.Cli.RunAsync(
            "fit", "--data", Store, "--study", "laws", "--law", "power", "--x", "width", "--y", "test_loss", "--by", "Samples", "--evaluation", "test", "--bootstrap", "0", "--json");
        (_, string declared, _) = await Fakes.Cli.RunAsync("fit", "--data", Store, "--study", "laws", "--law", "LossVsWidth", "--bootstrap", "0", "--json");

        Assert.True(code == 0, error);
        LawResults explicitFits = Parse(output);
        LawResults declaredFits = Parse(declared);
        Assert.Equal(3, explicitFits.Fits.Count);
        Assert.Equal(declaredFits.Fits.Select(f => f.Report!.Parameters.Select(p => p.Estimate).ToArray()), explicitFits.Fits.Select(f => f.Report!.Parameters.Select(p => p.Estimate).ToArray()));

        // Plain text: a heading per group, then the parameter table.
        (_, string text, _) = await Fakes.Cli.RunAsync("fit", "--data", Store, "--study", "laws", "--law", "LossVsWidth", "--bootstrap", "0");
        Assert.Contains("== LossVsWidth (Samples=1000): x = Width, y = test_loss, evaluation test ==", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllDeclaredLaws_StopAtTheFirstUnfittable_NamingTheLawTheTrialAndTheColumn()
    {
        await RunLawStudy();

        (int code, string output, string error) = await Fakes.Cli.RunAsync("fit", "--data", Store, "--study", "laws", "--bootstrap", "0");

        Assert.Equal(2, code);
        Assert.Empty(output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: law 'Margin': ", line, StringComparison.Ordinal);
        Assert.Contains("evaluation 'test'", line, StringComparison.Ordinal);
        Assert.Contains("column 'margin'", line, StringComparison.Ordinal);
        Assert.Contains("must be positive", line, StringComparison.Ordinal);
        Assert.Matches(@"row (\d+), .* Row \1 is trial 'Width=\d+;Samples=\d+;seed=\d'\.$", line);
    }

    [Theory]
    [InlineData(new[] { "--data", "{db}" }, new[] { "--study:", "results store", "stored: laws" })]
    [InlineData(new[] { "--data", "{db}", "--study", "nope" }, new[] { "--study:", "'nope' has no results", "stored: laws" })]
    [InlineData(new[] { "--data", "{db}", "--study", "laws", "--evaluation", "shifted" }, new[] { "--evaluation:", "no evaluation 'shifted'", "it has test" })]
    [InlineData(new[] { "--data", "{db}", "--study", "laws", "--x", "Width" }, new[] { "--x:", "give --law too" })]
    [InlineData(new[] { "--data", "{db}", "--study", "laws", "--law", "LossVsWidth", "--y", "margin" }, new[] { "--y:", "names its own columns" })]
    [InlineData(new[] { "--data", "{db}", "--study", "laws", "--law", "Nope" }, new[] { "--law:", "'Nope'", "a [Law] of study 'laws' (LossVsWidth, Joint, Margin, Missing)" })]
    [InlineData(new[] { "--data", "{db}", "--study", "laws", "--law", "Missing" }, new[] { "law 'Missing'", "column 'Depth'", "no such axis, derived value or metric", "Width, Samples, Parameters, Tokens, test_loss, margin" })]
    [InlineData(new[] { "--data", "{db}", "--study", "laws", "--law", "power", "--x", "Width", "--y", "test_loss", "--evaluation", "test", "--by", "Depth" }, new[] { "(study 'laws'), evaluation 'test', column 'Depth'", "no such axis" })]
    public async Task BadStudyInput_ExitsTwo_WithOneLine(string[] args, string[] expected)
    {
        await RunLawStudy();
        string[] resolved = [.. args.Select(a => a == "{db}" ? Store : a)];

        (int code, string output, string error) = await Fakes.Cli.RunAsync(["fit", .. resolved, "--bootstrap", "0"]);

        Assert.True(code == 2, output + error);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        foreach (string part in expected)
        {
            Assert.True(line.Contains(part, StringComparison.Ordinal), $"'{part}' not in: {line}");
        }
    }

    [Fact]
    public async Task AnotherSQLiteFile_IsRefused_AndLeftUntouched()
    {
        string path = _folder.File("other.db");
        using (Microsoft.Data.Sqlite.SqliteConnection connection = new($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using Microsoft.Data.Sqlite.SqliteCommand create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE runs(loss REAL); INSERT INTO runs VALUES (1.5);";
            create.ExecuteNonQuery();
        }

        byte[] before = File.ReadAllBytes(path);

        (int code, _, string error) = await Fakes.Cli.RunAsync("fit", "--data", path, "--study", "laws");

        Assert.Equal(2, code);
        Assert.Equal($"error: --data: {path} is a SQLite database but not a Sweep results store (it lacks the studies and trials tables).", error.Trim());
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task AStudyThisProgramDoesNotDeclare_NeedsAnExplicitLaw()
    {
        await RunLawStudy();
        using StringWriter output = new();
        using StringWriter error = new();
        SweepAppOptions options = new() { Output = output, Error = error, Studies = [], Interactive = false, HandleSignals = false };

        int refused = await SweepApp.RunAsync(["fit", "--data", Store, "--study", "laws"], options);
        int fitted = await SweepApp.RunAsync(["fit", "--data", Store, "--study", "laws", "--law", "power-no-e", "--x", "Width", "--y", "test_loss", "--bootstrap", "0", "--json"], options);

        Assert.Equal(2, refused);
        Assert.Contains("--law: study 'laws' is not declared in this program", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, fitted);

        // Without a declaration the first stored evaluation is used.
        Assert.Equal("test", Parse(output.ToString()).Fits.Single().Evaluation);
    }

    [Fact]
    public async Task DeclaredLaw_TakesTheCommandLinesFilterAndLoss_AndRecordsThem()
    {
        await RunLawStudy();

        (int code, string output, string error) = await Fakes.Cli.RunAsync(
            "fit", "--data", Store, "--study", "laws", "--law", "LossVsWidth", "--where", "Samples == 100", "--fit-loss", "mse", "--bootstrap", "0", "--json");

        Assert.True(code == 0, error);
        LawResult fit = Assert.Single(Parse(output).Fits);
        Assert.Equal("100", fit.Group);
        Assert.Equal(12, fit.Points);
        Assert.Equal("Samples == 100", fit.Columns.Where);
        Assert.Equal(FitLoss.Mse, fit.Report!.Controls!.Loss);
        Assert.Contains("--fit-loss mse --where \"Samples == 100\"", fit.Report.Controls.Flags, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LawWithoutBy_OnAStudyWithASecondAxis_WarnsThatItIsPooled()
    {
        await RunLawStudy();

        (int code, string output, string error) = await Fakes.Cli.RunAsync("fit", "--data", Store, "--study", "laws", "--law", "power", "--x", "Width", "--y", "test_loss", "--bootstrap", "0", "--json");
        (int perSamples, string grouped, _) = await Fakes.Cli.RunAsync("fit", "--data", Store, "--study", "laws", "--law", "LossVsWidth", "--bootstrap", "0", "--json");

        Assert.True(code == 0, error);
        FitWarning pooled = Assert.Single(Assert.Single(Parse(output).Fits).Report!.Warnings, w => w.Code == FitWarnings.PooledAxes);
        Assert.StartsWith("Samples varies", pooled.Message, StringComparison.Ordinal);
        Assert.Equal(0, perSamples);
        Assert.All(Parse(grouped).Fits, f => Assert.DoesNotContain(f.Report!.Warnings, w => w.Code == FitWarnings.PooledAxes));
    }

    [Fact]
    public async Task WhereNamingAColumnTheStudyLacks_IsLocated()
    {
        await RunLawStudy();

        (int code, _, string error) = await Fakes.Cli.RunAsync("fit", "--data", Store, "--study", "laws", "--law", "LossVsWidth", "--where", "Width > 1 and Depth > 2", "--bootstrap", "0");

        Assert.Equal(2, code);
        Assert.Contains("where 'Width > 1 and Depth > 2', at position 15, column 'Depth': no such axis, derived value or metric", error, StringComparison.Ordinal);
    }
}
