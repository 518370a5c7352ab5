using System.Globalization;
using System.Text;
using System.Text.Json;
using Sweep.Analysis;
using Sweep.Runtime.Tests.Analysis;
using Sweep.Runtime.Tests.Fakes;

namespace Sweep.Runtime.Tests.Cli;

/// <summary><c>fit</c> on CSV files the tests write from known laws: recovery, output, JSON, back-test and every input error.</summary>
public sealed class FitCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<(int ExitCode, string Output, string Error)> Fit(params string[] args) => Fakes.Cli.RunAsync(["fit", .. args]);

    private static LawResults Parse(string json) => AnalysisJson.Deserialize<LawResults>(json) ?? throw new InvalidOperationException("null JSON");

    private static double Estimate(FitReport report, string name) => report.Parameters.Single(p => p.Name == name).Estimate;

    /// <summary>Epoch AI's refit (E, A, B, α, β) on a 6 × 6 grid of N in 10^[7.5, 10.5] and D in 10^[9, 12], 0.3% log-noise.</summary>
    private string JointCsv()
    {
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 6, 6, 0.003);
        StringBuilder csv = new("model,params,tokens,loss\n");
        for (int i = 0; i < data.Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"m{i},{data.X[i]:R},{data.D[i]:R},{data.Y[i]:R}\n");
        }

        string path = _folder.File("joint.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    /// <summary>Two arms of <c>y = E + A·x^−α</c>, 10 widths × 2 seeds each, 0.3% log-noise: (0.1, 2, 0.5) and (0.05, 3, 0.7).</summary>
    private string PowerCsv()
    {
        StringBuilder csv = new("width,arm,loss\n");
        foreach ((string arm, double e, double a, double alpha, ulong seed) in new[] { ("small", 0.1, 2.0, 0.5, 1UL), ("big", 0.05, 3.0, 0.7, 2UL) })
        {
            FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(a, alpha, e), 4, 4096, 10, 0.003, seed, seedsPerX: 2);
            for (int i = 0; i < data.Count; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{data.X[i]:R},{arm},{data.Y[i]:R}\n");
            }
        }

        string path = _folder.File("power.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public async Task JointCsv_Json_RecoversChinchillaParameters_WithIntervalsAndTheFrontier()
    {
        string csv = JointCsv();

        (int code, string output, string error) = await Fit("--data", csv, "--law", "chinchilla", "--n", "params", "--d", "tokens", "--loss", "loss", "--bootstrap", "40", "--json");

        Assert.Equal(0, code);
        Assert.Empty(error);
        LawResults results = Parse(output);
        LawResult only = Assert.Single(results.Fits);
        FitReport report = only.Report!;
        Assert.Null(only.Error);
        Assert.Equal(36, report.Points);
        Assert.True(report.Convergence.Converged, report.Convergence.ToString());
        Assert.Equal(4500, report.Starts.Starts);

        // Tolerances as in RecoveryTests (0.3% noise): E ± 0.02, exponents ± 0.015, coefficients within 25%.
        Assert.Equal(1.8172, Estimate(report, "E"), 0.02);
        Assert.Equal(0.3478, Estimate(report, "alpha"), 0.015);
        Assert.Equal(0.3658, Estimate(report, "beta"), 0.015);
        Assert.InRange(Estimate(report, "A") / 482.01, 0.8, 1.25);
        Assert.InRange(Estimate(report, "B") / 2085.43, 0.8, 1.25);
        Assert.All(report.Parameters, p => Assert.True(p.Lower <= p.Estimate && p.Estimate <= p.Upper && p.StandardError > 0, p.ToString()));
        Assert.Equal(40, report.Bootstrap!.Replicas);

        // Default budgets: the data's largest 6ND (6 · 10^10.5 · 10^12 ≈ 1.9e23, rounded to 1e23) and 10×, 100×, 1000× it.
        Assert.Equal([1e23, 1e24, 1e25, 1e26], report.ComputeOptimal!.Select(f => f.Compute));
        foreach (FrontierPoint point in report.ComputeOptimal!)
        {
            Assert.Equal(point.Compute, 6 * point.N.Estimate * point.D.Estimate, point.Compute * 1e-9);
            Assert.Equal(point.D.Estimate / point.N.Estimate, point.TokensPerParameter.Estimate, 1e-9 * point.TokensPerParameter.Estimate);
            Assert.True(point.N.Lower < point.N.Estimate && point.N.Estimate < point.N.Upper, point.N.ToString());
        }

        // The frontier of the fit is close to that of the generating parameters (N_opt within a factor 1.5).
        Allocation truth = ComputeOptimal.Allocate(1.8172, 482.01, 2085.43, 0.3478, 0.3658, 1e24);
        Assert.InRange(report.ComputeOptimal![1].N.Estimate / truth.N, 1 / 1.5, 1.5);
    }

    [Fact]
    public async Task JointCsv_Text_PrintsTheTableTheConvergenceAndTheAllocationAtTheGivenBudgets()
    {
        string csv = JointCsv();

        // Kaplan's form (400 starts) keeps this fast; the text is the same for every joint law.
        (int code, string output, string error) = await Fit(
            "--data", csv, "--law", "kaplan", "--n", "params", "--d", "tokens", "--loss", "loss", "--bootstrap", "20", "--budgets", "1e21,3e22");

        Assert.Equal(0, code);
        Assert.Empty(error);
        string[] lines = output.Split('\n');
        Assert.StartsWith("kaplan: L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("parameter", StringComparison.Ordinal) && l.Contains("estimate", StringComparison.Ordinal) && l.Contains("SE", StringComparison.Ordinal) && l.Contains("95% interval", StringComparison.Ordinal));
        foreach (string name in new[] { "N_c", "D_c", "alpha_N", "alpha_D" })
        {
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^{name}\s+[0-9.e+-]+\s+[0-9.e+-]+\s+\[[0-9.e+-]+, [0-9.e+-]+\]$"));
        }

        Assert.Contains(lines, l => l.StartsWith("objective ", StringComparison.Ordinal) && l.Contains("converged (", StringComparison.Ordinal) && l.Contains("iterations", StringComparison.Ordinal) && l.Contains("max |gradient|", StringComparison.Ordinal));
        Assert.Contains("bootstrap: 20 replicas resampling cells", output, StringComparison.Ordinal);
        Assert.Contains("compute-optimal allocation (C = 6ND):", output, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("1e+21 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("3e+22 ", StringComparison.Ordinal));
        Assert.DoesNotContain("back-test", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PowerCsv_ByColumn_FitsEachArm_AndRecoversItsParameters()
    {
        string csv = PowerCsv();

        (int code, string output, _) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--by", "arm", "--bootstrap", "30", "--json");

        Assert.Equal(0, code);
        LawResults results = Parse(output);
        Assert.Equal(["small", "big"], results.Fits.Select(f => f.Group));
        foreach ((LawResult fit, double e, double a, double alpha) in results.Fits.Zip([(0.1, 2.0, 0.5), (0.05, 3.0, 0.7)], (f, t) => (f, t.Item1, t.Item2, t.Item3)))
        {
            FitReport report = fit.Report!;
            Assert.Equal(20, report.Points);
            Assert.Equal(alpha, Estimate(report, "alpha"), 0.02);
            Assert.Equal(e, Estimate(report, "E"), 0.1 * e);
            Assert.InRange(Estimate(report, "A") / a, 0.9, 1.1);
            Assert.Null(report.ComputeOptimal);
        }

        (_, string text, _) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--by", "arm", "--bootstrap", "0");
        Assert.Contains("== power (arm=small): x = width, y = loss ==", text, StringComparison.Ordinal);
        Assert.Contains("== power (arm=big): x = width, y = loss ==", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_IsAllOfStdout_AndRoundTripsThroughAnalysisJson()
    {
        string csv = PowerCsv();

        (int code, string output, string error) = await Fit("--data", csv, "--law", "power-no-e", "--x", "width", "--y", "loss", "--by", "arm", "--bootstrap", "10", "--drop-highest", "1", "--json");

        Assert.Equal(0, code);
        Assert.Empty(error);
        using (JsonDocument document = JsonDocument.Parse(output))
        {
            Assert.Equal(csv, document.RootElement.GetProperty("source").GetString());
            Assert.Equal(2, document.RootElement.GetProperty("fits").GetArrayLength());
        }

        LawResults back = Parse(output);
        Assert.Equal(output.TrimEnd(), back.ToJson());
        Assert.Equal("arm", back.Fits[0].Columns.By);
        Assert.Equal("A", back.Fits[0].Report!.Parameters[0].Name);
        Assert.True(back.Fits[1].Report!.Convergence.Converged);
        Assert.Equal(2, back.Fits[1].Report!.Backtest!.Points.Count);
    }

    [Fact]
    public async Task DropHighest_FitsWithoutTheLargestScales_AndPredictsThem()
    {
        string csv = PowerCsv();

        (int code, string output, _) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--by", "arm", "--drop-highest", "2", "--bootstrap", "30", "--json");

        Assert.Equal(0, code);
        foreach (LawResult fit in Parse(output).Fits)
        {
            BacktestResult test = fit.Report!.Backtest!;
            Assert.Equal(2, test.HeldOutScales.Count);
            Assert.Equal(4096, test.HeldOutScales[^1], 1e-9);
            Assert.Equal(16, test.TrainingPoints);
            Assert.Equal(4, test.Points.Count);
            Assert.True(test.LogRmse < 0.02, $"log-RMSE {test.LogRmse} on 0.3% noise");
            Assert.InRange(test.Coverage, 0, 1);
            Assert.All(test.Points, p => Assert.Equal(p.Covered, p.Lower <= p.Observed && p.Observed <= p.Upper));
        }

        (_, string text, _) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--by", "arm", "--drop-highest", "1", "--bootstrap", "10");
        Assert.Contains("back-test: held out 1 largest scale(s) (4096), fitted on 18 points", text, StringComparison.Ordinal);
        Assert.Contains("log-RMSE ", text, StringComparison.Ordinal);
        Assert.Contains("interval coverage ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_MakesTheIntervalsReproducible_AndResampleAndZeroReplicasAreHonoured()
    {
        string csv = PowerCsv();
        string[] args = ["--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--by", "arm", "--bootstrap", "20", "--json"];

        LawResults first = Parse((await Fit([.. args, "--seed", "5"])).Output);
        LawResults again = Parse((await Fit([.. args, "--seed", "5"])).Output);
        LawResults other = Parse((await Fit([.. args, "--seed", "6", "--resample", "points"])).Output);
        LawResults none = Parse((await Fit([.. args[..^3], "--bootstrap", "0", "--json"])).Output);

        Assert.Equal(first.Fits[0].Report!.Parameters, again.Fits[0].Report!.Parameters);
        Assert.NotEqual(first.Fits[0].Report!.Parameters[2].Lower, other.Fits[0].Report!.Parameters[2].Lower);
        Assert.Equal(5UL, first.Fits[0].Report!.Bootstrap!.Seed);
        Assert.Equal(BootstrapResampling.Cells, first.Fits[0].Report!.Bootstrap!.Resampling);
        Assert.Equal(BootstrapResampling.Points, other.Fits[0].Report!.Bootstrap!.Resampling);
        Assert.Null(none.Fits[0].Report!.Bootstrap);
        Assert.All(none.Fits[0].Report!.Parameters, p => Assert.True(double.IsNaN(p.Lower) && double.IsNaN(p.StandardError)));
        Assert.Equal(first.Fits[0].Report!.Parameters.Select(p => p.Estimate), none.Fits[0].Report!.Parameters.Select(p => p.Estimate));
    }

    [Theory]
    [InlineData("no --data", new[] { "--law", "power", "--x", "x", "--y", "y" }, new[] { "--data:" })]
    [InlineData("missing file", new[] { "--data", "{dir}/nope.csv", "--law", "power", "--x", "x", "--y", "y" }, new[] { "--data:", "nope.csv", "not found" })]
    [InlineData("no --law", new[] { "--data", "{good}" }, new[] { "--law:", "chinchilla, kaplan, power" })]
    [InlineData("unknown law", new[] { "--data", "{good}", "--law", "quadratic", "--x", "x", "--y", "y" }, new[] { "--law:", "'quadratic'" })]
    [InlineData("joint law with --x", new[] { "--data", "{good}", "--law", "chinchilla", "--x", "x", "--y", "y" }, new[] { "--x:", "joint", "--n, --d and --loss" })]
    [InlineData("joint law without --d", new[] { "--data", "{good}", "--law", "kaplan", "--n", "x", "--loss", "y" }, new[] { "--d:", "'kaplan' needs" })]
    [InlineData("single law with --n", new[] { "--data", "{good}", "--law", "power", "--n", "x", "--y", "y" }, new[] { "--n:", "one input" })]
    [InlineData("single law without --y", new[] { "--data", "{good}", "--law", "broken", "--x", "x" }, new[] { "--y:", "'broken' needs" })]
    [InlineData("missing column", new[] { "--data", "{good}", "--law", "power", "--x", "x", "--y", "Loss" }, new[] { "good.csv", "row 0 (header, line 1)", "column 'Loss'", "no such column", "did you mean 'loss'?" })]
    [InlineData("negative value", new[] { "--data", "{neg}", "--law", "power", "--x", "x", "--y", "loss" }, new[] { "neg.csv", "row 3 (line 4)", "column 'loss'", "-0.5 must be positive" })]
    [InlineData("text value", new[] { "--data", "{text}", "--law", "power", "--x", "x", "--y", "loss" }, new[] { "text.csv", "row 2 (line 3)", "column 'x'", "'eight' is not a number" })]
    [InlineData("empty value", new[] { "--data", "{empty}", "--law", "power", "--x", "x", "--y", "loss" }, new[] { "empty.csv", "row 1 (line 2)", "column 'loss'", "empty value" })]
    [InlineData("too few points", new[] { "--data", "{few}", "--law", "power", "--x", "x", "--y", "loss" }, new[] { "few.csv", "columns 'x', 'loss'", "2 point(s) (rows 1–2)", "3 parameters" })]
    [InlineData("too few scales", new[] { "--data", "{twoScales}", "--law", "power", "--x", "x", "--y", "loss" }, new[] { "twoScales.csv", "column 'x'", "only 2 distinct values of 'x'", "3 parameters" })]
    [InlineData("short row", new[] { "--data", "{ragged}", "--law", "power", "--x", "x", "--y", "loss" }, new[] { "ragged.csv", "row 2 (line 3)", "1 fields, but the header has 3" })]
    [InlineData("bad --bootstrap", new[] { "--data", "{good}", "--law", "power", "--x", "x", "--y", "loss", "--bootstrap", "1" }, new[] { "--bootstrap:", "'1'" })]
    [InlineData("bad --seed", new[] { "--data", "{good}", "--law", "power", "--x", "x", "--y", "loss", "--seed", "-3" }, new[] { "--seed:", "'-3'" })]
    [InlineData("bad --resample", new[] { "--data", "{good}", "--law", "power", "--x", "x", "--y", "loss", "--resample", "rows" }, new[] { "--resample:", "'rows'", "cells or points" })]
    [InlineData("bad --drop-highest", new[] { "--data", "{good}", "--law", "power", "--x", "x", "--y", "loss", "--drop-highest", "0" }, new[] { "--drop-highest:", "'0'" })]
    [InlineData("--drop-highest too large", new[] { "--data", "{good}", "--law", "power-no-e", "--x", "x", "--y", "loss", "--drop-highest", "5" }, new[] { "good.csv", "column 'x'", "holding out 5 of 5 distinct scales" })]
    [InlineData("bad --budgets", new[] { "--data", "{good}", "--law", "chinchilla", "--n", "x", "--d", "x", "--loss", "loss", "--budgets", "1e21,-5" }, new[] { "--budgets:", "'-5'" })]
    [InlineData("--budgets on a single law", new[] { "--data", "{good}", "--law", "power", "--x", "x", "--y", "loss", "--budgets", "1e21" }, new[] { "--budgets:", "'power' has no compute-optimal allocation" })]
    [InlineData("--study on a CSV", new[] { "--data", "{good}", "--law", "power", "--x", "x", "--y", "loss", "--study", "toy" }, new[] { "--study:", "not a SQLite file" })]
    public async Task BadInput_ExitsTwo_WithOneLineNamingTheFlagOrTheFileRowAndColumn(string scenario, string[] args, string[] expected)
    {
        Write("good.csv", "x,arm,loss\n1,a,2\n2,a,1.5\n4,a,1.2\n8,a,1.1\n16,b,1\n");
        Write("neg.csv", "x,arm,loss\n1,a,2\n2,a,1.5\n4,a,-0.5\n8,a,1.1\n");
        Write("text.csv", "x,arm,loss\n1,a,2\neight,a,1.5\n4,a,1.2\n");
        Write("empty.csv", "x,arm,loss\n1,a,\n2,a,1.5\n4,a,1.2\n");
        Write("few.csv", "x,arm,loss\n1,a,2\n2,a,1.5\n");
        Write("twoScales.csv", "x,arm,loss\n1,a,2\n1,b,2.1\n2,a,1.5\n2,b,1.6\n");
        Write("ragged.csv", "x,arm,loss\n1,a,2\n2\n4,a,1.2\n");
        string[] resolved = [.. args.Select(a => a.Replace("{dir}", _folder.Path, StringComparison.Ordinal))
            .Select(a => a.Length > 2 && a[0] == '{' && a[^1] == '}' ? _folder.File(a[1..^1] + ".csv") : a)];

        (int code, string output, string error) = await Fit(resolved);

        Assert.True(code == 2, $"{scenario}: exit {code}\n{output}{error}");
        Assert.Empty(output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        foreach (string part in expected)
        {
            Assert.True(line.Contains(part, StringComparison.Ordinal), $"{scenario}: '{part}' not in: {line}");
        }
    }

    [Fact]
    public async Task OneGroupTooSmall_IsReportedWithItsReason_TheOthersAreFitted()
    {
        Write("good.csv", "x,arm,loss\n1,a,2\n2,a,1.5\n4,a,1.2\n8,a,1.1\n16,b,1\n");

        (int code, string output, string error) = await Fit("--data", _folder.File("good.csv"), "--law", "power", "--x", "x", "--y", "loss", "--by", "arm", "--bootstrap", "0", "--json");
        (int textCode, string text, _) = await Fit("--data", _folder.File("good.csv"), "--law", "power", "--x", "x", "--y", "loss", "--by", "arm", "--bootstrap", "0");

        Assert.Equal(0, code);
        Assert.Contains("warning: law 'power' (arm=b): not fitted: ", error, StringComparison.Ordinal);
        Assert.Contains("1 point(s) (rows 5–5)", error, StringComparison.Ordinal);
        LawResults results = Parse(output);
        Assert.NotNull(results.Fits.Single(f => f.Group == "a").Report);
        Assert.Contains("1 point(s)", results.Fits.Single(f => f.Group == "b").Error, StringComparison.Ordinal);
        Assert.Equal(0, textCode);
        Assert.Contains("power: not fitted: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BacktestWithoutBootstrap_SaysNoInterval()
    {
        Write("good.csv", "x,arm,loss\n1,a,2\n2,a,1.5\n4,a,1.2\n8,a,1.1\n16,a,1.05\n");

        (int code, string text, _) = await Fit("--data", _folder.File("good.csv"), "--law", "power-no-e", "--x", "x", "--y", "loss", "--bootstrap", "0", "--drop-highest", "1");

        Assert.Equal(0, code);
        Assert.Contains("no interval", text, StringComparison.Ordinal);
        Assert.DoesNotContain("(outside)", text, StringComparison.Ordinal);
    }

    private void Write(string name, string text) => File.WriteAllText(_folder.File(name), text);
}
