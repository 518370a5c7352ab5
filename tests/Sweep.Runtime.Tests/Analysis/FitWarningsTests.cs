using System.Globalization;
using System.Text;
using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>Each fit-quality warning fires on a data set built to trigger it, and none fires on clean data.</summary>
public sealed class FitWarningsTests
{
    private static readonly double[] s_clean = PowerLaw.Theta(5, 0.5, 0.5);

    private static FitOptions Boot(int replicas = 60) => new() { Bootstrap = new BootstrapOptions { Replicas = replicas, Seed = 7 } };

    private static string Codes(IEnumerable<FitWarning> warnings) => string.Join("; ", warnings.Select(w => $"{w.Code} [{w.Parameter}]: {w.Message}"));

    /// <summary>12 scales × 2 seeds of E + A·x^−α with 1% noise: a law the data identify well.</summary>
    private static FitData CleanPower() => Synthetic.FromLaw(ScalingLaw.Power(), s_clean, 10, 1e5, 12, 0.01, 3, seedsPerX: 2);

    [Fact]
    public void CleanPowerLaw_HasNoWarnings()
    {
        LawFit fit = ScalingFitter.Fit(CleanPower(), ScalingLaw.Power(), Boot());

        Assert.True(FitWarnings.Check(fit).Count == 0, Codes(FitWarnings.Check(fit)));
    }

    [Fact]
    public void CleanChinchilla_HasNoWarnings_AtTheDefaultBudgets()
    {
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 6, 6, 0.003);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, Boot(40) with { Starts = Synthetic.SmallChinchillaGrid });

        IReadOnlyList<FitWarning> warnings = FitReport.Create(fit).Warnings;

        Assert.True(warnings.Count == 0, Codes(warnings));
    }

    [Fact]
    public void NoFloor_PutsEAtItsBound_AndTheIntervalOnItsEdge()
    {
        // A pure power law (no E) fitted with E: the optimiser drives E to 0.
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(false), PowerLaw.Theta(5, 0.5), 10, 1e5, 12, 0.01, 3, seedsPerX: 2);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Power(), Boot());

        IReadOnlyList<FitWarning> warnings = FitWarnings.Check(fit);

        FitWarning bound = Assert.Single(warnings, w => w.Code == FitWarnings.AtBound);
        Assert.Equal("E", bound.Parameter);
        Assert.Contains("power-no-e", bound.Message, StringComparison.Ordinal);
        Assert.Contains(warnings, w => w.Code == FitWarnings.OutsideInterval && w.Parameter == "E");
    }

    [Fact]
    public void SmallFloor_LetsTheIntervalReachZero()
    {
        // E is 1% of the smallest loss and noise is 5%: some replicas drop E altogether.
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(5, 0.5, 0.0005), 10, 1e5, 12, 0.05, 3, seedsPerX: 2);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Power(), Boot());

        IReadOnlyList<FitWarning> warnings = FitWarnings.Check(fit);

        Assert.Contains(warnings, w => (w.Code == FitWarnings.IntervalAtBound || w.Code == FitWarnings.AtBound) && w.Parameter == "E");
        Assert.DoesNotContain(FitWarnings.Check(ScalingFitter.Fit(CleanPower(), ScalingLaw.Power(), Boot())), w => w.Code == FitWarnings.IntervalAtBound);
    }

    [Fact]
    public void ThreeScales_MakeMostReplicasDegenerate_AndTooFewScalesPerParameter()
    {
        // 3 distinct x × 4 seeds for 3 parameters: a cell bootstrap draws fewer than 3 distinct cells 78% of the time.
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), s_clean, 10, 1e4, 3, 0.01, 3, seedsPerX: 4);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Power(), Boot());

        IReadOnlyList<FitWarning> warnings = FitWarnings.Check(fit);

        FitWarning degenerate = Assert.Single(warnings, w => w.Code == FitWarnings.DegenerateReplicas);
        Assert.Contains("degenerate", degenerate.Message, StringComparison.Ordinal);
        Assert.Contains("--resample points", degenerate.Message, StringComparison.Ordinal);
        Assert.Contains(warnings, w => w.Code == FitWarnings.FewPointsPerParameter);
        Assert.DoesNotContain(FitWarnings.Check(ScalingFitter.Fit(CleanPower(), ScalingLaw.Power(), Boot())), w => w.Code is FitWarnings.DegenerateReplicas or FitWarnings.FewPointsPerParameter);
    }

    [Fact]
    public void IterationLimit_FlagsTheWinnerAndTheReplicas()
    {
        FitOptions options = Boot() with { Optimizer = new LbfgsOptions { MaxIterations = 2 } };
        LawFit fit = ScalingFitter.Fit(CleanPower(), ScalingLaw.Power(), options);

        IReadOnlyList<FitWarning> warnings = FitWarnings.Check(fit);

        Assert.Contains(warnings, w => w.Code == FitWarnings.SuspiciousGradient && w.Message.Contains("did not converge", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Code == FitWarnings.UnconvergedReplicas);
    }

    [Fact]
    public void FlatObjective_HasAZeroGradient()
    {
        // Weights that are all 0 make the objective identically 0: "converged" with |gradient| 0 at the first start.
        FitData data = CleanPower();
        LawFit fit = ScalingFitter.Fit(data.WithWeights([.. Enumerable.Repeat(0.0, data.Count)]), ScalingLaw.Power());

        FitWarning flat = Assert.Single(FitWarnings.Check(fit), w => w.Code == FitWarnings.SuspiciousGradient);
        Assert.Contains("max |gradient| at the optimum is 0", flat.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FitWarnings.Check(ScalingFitter.Fit(data, ScalingLaw.Power())), w => w.Code == FitWarnings.SuspiciousGradient);
    }

    [Fact]
    public void BrokenLawOnAPlainPowerLaw_PutsItsBreakAtTheEdge_ButNotOnABrokenOne()
    {
        FitData plain = Synthetic.FromLaw(ScalingLaw.Power(), s_clean, 10, 1e5, 19, 0.01, 11);
        LawFit onPlain = ScalingFitter.Fit(plain, ScalingLaw.Broken);
        double[] broken = BrokenPowerLaw.Theta(0.1, 5, 0.2, 0.6, 1000, 0.3);
        FitData bent = Synthetic.FromLaw(ScalingLaw.Broken, broken, 10, 1e5, 19, 0.005, 12);
        LawFit onBent = ScalingFitter.Fit(bent, ScalingLaw.Broken);

        Assert.Contains(FitWarnings.Check(onPlain), w => w.Code == FitWarnings.BreakAtEdge && w.Parameter == "d1");
        Assert.DoesNotContain(FitWarnings.Check(onBent), w => w.Code == FitWarnings.BreakAtEdge);
    }

    [Fact]
    public void FarBudgets_AreFlagged_TheDefaultTableIsNot()
    {
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 5, 5, 0.003);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, new FitOptions { Starts = Synthetic.SmallChinchillaGrid });

        FitWarning far = Assert.Single(FitReport.Create(fit, [1e23, 1e28]).Warnings, w => w.Code == FitWarnings.FarExtrapolation);
        Assert.Contains("1e+28", far.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FitReport.Create(fit).Warnings, w => w.Code == FitWarnings.FarExtrapolation);
        Assert.DoesNotContain(FitReport.Create(fit, [1e23]).Warnings, w => w.Code == FitWarnings.FarExtrapolation);
    }

    [Fact]
    public void SecondLearningRate_IsPooled_UnlessFittedPerValue()
    {
        // Every width at two learning rates (the second 20% worse), two seeds each.
        StringBuilder csv = new("width,lr,seed,loss\n");
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), s_clean, 10, 1e5, 10, 0.01, 5, seedsPerX: 2);
        for (int i = 0; i < data.Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{data.X[i]:R},0.001,{i % 2},{data.Y[i]:R}\n");
            csv.Append(CultureInfo.InvariantCulture, $"{data.X[i]:R},0.01,{i % 2},{data.Y[i] * 1.2:R}\n");
        }

        FitData pooled = FitData.FromCsv(new StringReader(csv.ToString()), FitColumns.Single("width", "loss"), "lr.csv");
        FitData perLr = FitData.FromCsv(new StringReader(csv.ToString()), FitColumns.Single("width", "loss", by: "lr"), "lr.csv");
        FitData oneLr = FitData.FromCsv(new StringReader(csv.ToString()), FitColumns.Single("width", "loss") with { Where = "lr == 0.001" }, "lr.csv");

        FitWarning warning = Assert.Single(FitWarnings.Check(ScalingFitter.Fit(pooled, ScalingLaw.Power())), w => w.Code == FitWarnings.PooledAxes);
        Assert.Contains("lr varies", warning.Message, StringComparison.Ordinal);
        Assert.Contains("--by lr", warning.Message, StringComparison.Ordinal);
        Assert.Equal(["lr"], pooled.Pooled);
        Assert.Empty(perLr.Pooled);
        Assert.Empty(oneLr.Pooled);
        Assert.Equal(20, oneLr.Count);
        Assert.Equal(20, oneLr.FilteredOut);
        Assert.DoesNotContain(FitWarnings.Check(ScalingFitter.Fit(oneLr, ScalingLaw.Power())), w => w.Code == FitWarnings.PooledAxes);
    }
}
