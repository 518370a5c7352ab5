using System.Globalization;
using Sweep.Analysis;
using Sweep.Runtime.Tests.Analysis;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Cli;

/// <summary>
/// What <c>fit</c> computes besides one law: crossovers between <c>--by</c> groups, <c>--compare</c>, <c>--isoflop</c>
/// and <c>--peak</c>, on CSV files written from known curves (answers checked against closed forms or an independent
/// root finder) and on a study's store, and their usage errors.
/// </summary>
public sealed class FitAnalysesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<(int ExitCode, string Output, string Error)> Fit(params string[] args) => Fakes.Cli.RunAsync(["fit", .. args]);

    private static T Parse<T>(string json) => AnalysisJson.Deserialize<T>(json) ?? throw new InvalidOperationException("null JSON");

    private string WriteCsv(string name, string header, IEnumerable<string> rows)
    {
        string path = _folder.File(name);
        File.WriteAllText(path, header + "\n" + string.Join("\n", rows) + "\n");
        return path;
    }

    /// <summary>Rows of <c>x,arm,loss</c>: 9 widths in [16, 4096] × 3 seeds of <c>E + A·x^−α</c> per arm, 0.3% log-noise.</summary>
    private string ArmsCsv(params (string Arm, double E, double A, double Alpha)[] arms)
    {
        List<string> rows = [];
        ulong seed = 1;
        foreach ((string arm, double e, double a, double alpha) in arms)
        {
            FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(a, alpha, e), 16, 4096, 9, 0.003, seed++, seedsPerX: 3);
            rows.AddRange(Enumerable.Range(0, data.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{data.X[i]:R},{arm},{data.Y[i]:R}")));
        }

        return WriteCsv("arms.csv", "width,arm,loss", rows);
    }

    /// <summary>Where 0.1 + 5·x^−0.3 = 0.05 + 50·x^−0.6, by bisection in log x (independent of the crossover code).</summary>
    private static double TrueCrossing()
    {
        static double Gap(double u) => 0.1 + 5 * Math.Exp(-0.3 * u) - (0.05 + 50 * Math.Exp(-0.6 * u));
        double lo = Math.Log(16), hi = Math.Log(4096);
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Math.Sign(Gap(mid)) == Math.Sign(Gap(lo)))
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return Math.Exp(0.5 * (lo + hi));
    }

    [Fact]
    public async Task TwoArmsThatCross_ByArm_ReportTheCrossingInsideTheMeasuredRange()
    {
        string csv = ArmsCsv(("wd", 0.1, 5, 0.3), ("nowd", 0.05, 50, 0.6));

        (int code, string output, string error) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--by", "arm", "--bootstrap", "40", "--json");

        Assert.True(code == 0, error);
        GroupCrossover crossover = Assert.Single(Parse<LawResults>(output).Crossovers!);
        double truth = TrueCrossing();
        Assert.InRange(truth, 1000, 3000);
        Assert.Equal(("power", "width", "wd", "nowd"), (crossover.Law, crossover.X, crossover.First, crossover.Second));
        CrossoverResult result = crossover.Result;
        Assert.True(result.Found);
        Assert.True(result.InsideMeasuredRange);
        Assert.Equal(truth, result.Scale.Estimate, truth * 0.15);
        Assert.True(result.Scale.Lower < result.Scale.Estimate && result.Scale.Estimate < result.Scale.Upper, result.Scale.ToString());
        // The flatter arm (weight decay here) is lower at small widths, the steeper one at large widths.
        Assert.Equal(("wd", "nowd"), (result.LowerBelow, result.LowerAbove));
        Assert.Equal(40, result.ReplicaPairs);
        Assert.True(result.FractionCrossing > 0.9, result.FractionCrossing.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task TwoArmsThatCross_Text_SaysWhereAndWhichIsLowerOnEachSide()
    {
        string csv = ArmsCsv(("wd", 0.1, 5, 0.3), ("nowd", 0.05, 50, 0.6));

        (int code, string output, string error) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--by", "arm", "--bootstrap", "20");

        Assert.True(code == 0, error);
        string line = Assert.Single(output.Split('\n'), l => l.Contains("wd vs nowd", StringComparison.Ordinal));
        Assert.Contains("cross at width = ", line, StringComparison.Ordinal);
        Assert.Contains("inside the measured range [16, 4096]; wd is lower below it, nowd above", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParallelArms_DoNotCross_AndTheLowerArmIsNamed()
    {
        string csv = ArmsCsv(("low", 0.1, 2, 0.5), ("high", 0.2, 2, 0.5));

        (int code, string output, string error) = await Fit("--data", csv, "--law", "power", "--x", "width", "--y", "loss", "--by", "arm", "--bootstrap", "0", "--json");

        Assert.True(code == 0, error);
        CrossoverResult result = Assert.Single(Parse<LawResults>(output).Crossovers!).Result;
        Assert.False(result.Found);
        Assert.Empty(result.Crossings);
        Assert.Equal(("low", "low"), (result.LowerBelow, result.LowerAbove));
    }

    [Fact]
    public async Task Compare_OnDataWithAFloor_RanksThePowerLawWithETheBest()
    {
        // y = 0.5 + 2·x^−0.5: without E the law must bend a pure power through a floor and predicts held-out scales badly.
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(2, 0.5, 0.5), 4, 4096, 10, 0.003, 7, seedsPerX: 2);
        string csv = WriteCsv("floor.csv", "x,y", Enumerable.Range(0, data.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{data.X[i]:R},{data.Y[i]:R}")));

        (int code, string output, string error) = await Fit("--data", csv, "--compare", "power-no-e,power", "--x", "x", "--y", "y", "--json");

        Assert.True(code == 0, error);
        GroupedAnalysis<LawComparisonResult> analysis = Parse<GroupedAnalysis<LawComparisonResult>>(output);
        Assert.Equal("compare", analysis.Analysis);
        LawComparisonResult result = Assert.Single(analysis.Groups).Result!;
        Assert.Equal(10, result.Scales.Count);
        LawComparison power = result.Laws.Single(l => l.Law == "power");
        LawComparison noE = result.Laws.Single(l => l.Law == "power-no-e");
        Assert.Equal((1, 2), (power.Rank, noE.Rank));
        Assert.Equal((3, 2), (power.Parameters, noE.Parameters));
        Assert.Equal(10, power.PerScaleLogRmse.Count);
        // The noise is 0.3%: the right law predicts unseen scales to about that; the wrong one is several times worse.
        Assert.InRange(power.LeaveOneScaleOutLogRmse, 0.001, 0.01);
        Assert.True(noE.LeaveOneScaleOutLogRmse > 3 * power.LeaveOneScaleOutLogRmse, $"{noE.LeaveOneScaleOutLogRmse} vs {power.LeaveOneScaleOutLogRmse}");
        Assert.True(power.InSampleLogRmse <= power.LeaveOneScaleOutLogRmse);
    }

    [Fact]
    public async Task IsoFlop_OnHoffmannsLaw_RecoversTheClosedFormAllocation()
    {
        // Noise-free loss from Hoffmann's parameters at four budgets, 9 sizes per budget around the closed-form N_opt.
        (double e, double a, double b, double alpha, double beta) = (1.69, 406.4, 410.7, 0.34, 0.28);
        double g = Math.Pow(alpha * a / (beta * b), 1 / (alpha + beta));
        double NOpt(double c) => g * Math.Pow(c / 6, beta / (alpha + beta));
        List<string> rows = [];
        foreach (double c in new[] { 1e18, 1e19, 1e20, 1e21 })
        {
            for (int k = -4; k <= 4; k++)
            {
                double n = NOpt(c) * Math.Pow(10, 0.25 * k), d = c / (6 * n);
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"{n:R},{d:R},{c:R},{e + a / Math.Pow(n, alpha) + b / Math.Pow(d, beta):R}"));
            }
        }

        string csv = WriteCsv("iso.csv", "N,D,C,loss", rows);

        (int code, string output, string error) = await Fit("--data", csv, "--isoflop", "--n", "N", "--d", "D", "--loss", "loss", "--compute", "C", "--bootstrap", "0", "--json");

        Assert.True(code == 0, error);
        IsoFlopResult result = Assert.Single(Parse<GroupedAnalysis<IsoFlopResult>>(output).Groups).Result!;
        Assert.Equal(4, result.Budgets.Count);
        // A parabola in log N over ±1 decade approximates the valley: N_opt within 10%, the exponent within 0.01 of β/(α+β).
        Assert.All(result.Budgets, budget =>
        {
            Assert.Equal(9, budget.Points);
            Assert.True(budget.InsideMeasuredRange);
            Assert.InRange(budget.N.Estimate / NOpt(budget.Compute), 0.9, 1.1);
            Assert.Equal(budget.Compute / (6 * budget.N.Estimate), budget.D.Estimate, budget.D.Estimate * 1e-12);
        });
        Assert.Equal(beta / (alpha + beta), result.NExponent.Estimate, 0.01);
        Assert.Equal(1, result.NExponent.Estimate + result.DExponent.Estimate, 1e-12);
    }

    [Fact]
    public async Task Peak_OnACurveThatPeaksAtTheThreshold_LocatesItWithPerReplicatePeaks()
    {
        // y = 0.2 + 1/(0.05 + |ln(p/256)|) times 2% noise that depends on the seed: the peak is at p = 256.
        int[] features = [32, 64, 128, 192, 224, 256, 288, 320, 512, 1024];
        List<string> rows = [];
        var rng = new SplitMix64(3);
        foreach (int p in features)
        {
            for (int seed = 0; seed < 3; seed++)
            {
                double y = (0.2 + 1 / (0.05 + Math.Abs(Math.Log(p / 256.0)))) * Math.Exp(0.02 * rng.NextGaussian());
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"{p},{seed},{y:R}"));
            }
        }

        string csv = WriteCsv("peak.csv", "features,seed,err", rows);

        (int code, string output, string error) = await Fit("--data", csv, "--peak", "--x", "features", "--y", "err", "--replicate", "seed", "--bootstrap", "50", "--json");

        Assert.True(code == 0, error);
        GroupedAnalysis<DoubleDescentResult> analysis = Parse<GroupedAnalysis<DoubleDescentResult>>(output);
        Assert.Equal("seed", analysis.Columns.Replicate);
        DoubleDescentResult result = Assert.Single(analysis.Groups).Result!;
        Assert.True(result.Found);
        Assert.True(result.Significant);
        Assert.InRange(result.PeakX.Estimate, 224, 288);
        Assert.Equal(3, result.PerSeedPeakX.Count);
        Assert.All(result.PerSeedPeakX, x => Assert.InRange(x, 224, 288));
        Assert.Equal(10, result.Curve.Count);
        Assert.All(result.Curve, point => Assert.Equal(3, point.Samples));
        // At the peak y ≈ 20; the valleys are the ends, y ≈ 0.67 (p = 32) and ≈ 0.87 (p = 1024).
        Assert.Equal((32, 1024), (result.LeftMinX, result.RightMinX));
        Assert.InRange(result.RatioOverLeft.Estimate, 15, 40);
        Assert.Equal(1.0, result.FractionOfReplicasWithPeak);
    }

    [Fact]
    public async Task PeakAndCrossover_OnAStudy_ReadSeedsAsReplicates_AndFindNoPeakOrCrossingWhereThereIsNone()
    {
        (int run, string runOutput, _) = await Fakes.Cli.RunAsync("run", "laws", "--out", _folder.Path, "--no-report");
        Assert.True(run == 0, runOutput);
        string store = _folder.File(ResultStore.DefaultFileName);

        (int code, string output, string error) = await Fit("--data", store, "--study", "laws", "--peak", "--x", "Width", "--y", "test_loss", "--by", "Samples", "--bootstrap", "20", "--json");

        Assert.True(code == 0, error);
        GroupedAnalysis<DoubleDescentResult> peaks = Parse<GroupedAnalysis<DoubleDescentResult>>(output);
        Assert.Equal("seed", peaks.Columns.Replicate);
        Assert.Equal(["100", "1000", "10000"], peaks.Groups.Select(g => g.Group));
        Assert.All(peaks.Groups, group =>
        {
            // The study's loss falls with width at every sample count: no interior peak, for the mean or for either seed.
            Assert.Equal(12, group.Points);
            Assert.False(group.Result!.Found);
            Assert.Equal(2, group.Result.PerSeedPeakX.Count);
            Assert.All(group.Result.PerSeedPeakX, x => Assert.True(double.IsNaN(x)));
        });

        (code, output, error) = await Fit("--data", store, "--study", "laws", "--law", "LossVsWidth", "--bootstrap", "0", "--json");

        Assert.True(code == 0, error);
        IReadOnlyList<GroupCrossover> crossovers = Parse<LawResults>(output).Crossovers!;
        // Curves at three sample counts differ by the constant B/D^β: three pairs, none crossing, more data lower throughout.
        Assert.Equal(3, crossovers.Count);
        Assert.All(crossovers, c =>
        {
            Assert.False(c.Result.Found);
            string more = double.Parse(c.First, CultureInfo.InvariantCulture) > double.Parse(c.Second, CultureInfo.InvariantCulture) ? c.First : c.Second;
            Assert.Equal((more, more), (c.Result.LowerBelow, c.Result.LowerAbove));
        });
    }

    [Theory]
    [InlineData("--law power --peak --x x --y y", "--peak: choose one of --law, --compare, --isoflop and --peak (also given: --law).")]
    [InlineData("--compare power --x x --y y", "--compare: 'power' names 1 law(s); give two or more")]
    [InlineData("--compare power,chinchilla --x x --y y", "--compare: 'power,chinchilla' mixes joint laws")]
    [InlineData("--compare power,powr --x x --y y", "--compare: 'powr' is not one of")]
    [InlineData("--compare power,broken --x x --y y --drop-highest 1", "--drop-highest: only with --law")]
    [InlineData("--isoflop --n x --d x", "--loss: --isoflop needs --n COL (parameters), --d COL (data) and --loss COL.")]
    [InlineData("--isoflop --x x --y y", "--x: --isoflop reads --n, --d and --loss")]
    [InlineData("--peak --x x", "--y: --peak needs --x COL (the swept axis) and --y COL (the test error).")]
    [InlineData("--law power --x x --y y --compute c", "--compute: only with --isoflop")]
    [InlineData("--law power --x x --y y --replicate s", "--replicate: only with --peak")]
    [InlineData("--peak --x x --y y --replicate nope", "column 'nope': no such column")]
    public async Task UsageErrors_NameTheFlag_AndExitWith2(string args, string expected)
    {
        string csv = WriteCsv("xy.csv", "x,y", ["1,3", "2,2", "4,1.5", "8,1.2"]);

        (int code, string output, string error) = await Fit(["--data", csv, .. args.Split(' ')]);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peak_WithTwoValuesOfX_IsAnErrorNamingTheColumn()
    {
        string csv = WriteCsv("two.csv", "x,y", ["1,3", "1,3.1", "2,2", "2,2.1"]);

        (int code, _, string error) = await Fit("--data", csv, "--peak", "--x", "x", "--y", "y");

        Assert.Equal(2, code);
        Assert.Contains("column 'x': 2 distinct value(s) in 4 rows; a peak needs a value on each side of it, so it needs at least 3.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsoFlop_WithOneBudget_IsAnErrorNamingTheComputeColumn()
    {
        string csv = WriteCsv("one.csv", "N,D,C,loss", ["1e6,1e8,6e14,3", "1e7,1e7,6e14,2.5", "1e8,1e6,6e14,2.9"]);

        (int code, _, string error) = await Fit("--data", csv, "--isoflop", "--n", "N", "--d", "D", "--loss", "loss", "--compute", "C");

        Assert.Equal(2, code);
        Assert.Contains("IsoFLOP analysis needs at least two compute budgets; found 1.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsoFlop_OnAGridWhoseBudgetsHoldOneSizeEach_SaysWhatAnIsoFlopGridNeeds()
    {
        // A Cartesian N × D grid whose products N·D all differ: every 6·N·D is its own budget, with one size in it.
        List<string> rows = [];
        foreach (double n in new[] { 1e6, 1e7, 1e8 })
        {
            foreach (double d in new[] { 2e8, 3e9, 5e10 })
            {
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"{n:R},{d:R},{2 + 100 / Math.Pow(n, 0.3) + 100 / Math.Pow(d, 0.3):R}"));
            }
        }

        string csv = WriteCsv("cartesian.csv", "N,D,loss", rows);

        (int code, _, string error) = await Fit("--data", csv, "--isoflop", "--n", "N", "--d", "D", "--loss", "loss");

        Assert.Equal(2, code);
        Assert.Contains("9 compute budgets (6·N·D, runs within 1% pooled), 0 with three or more distinct N and 0 with a minimum", error, StringComparison.Ordinal);
        Assert.Contains("needs at least two budgets whose loss has a minimum in N", error, StringComparison.Ordinal);
    }
}
