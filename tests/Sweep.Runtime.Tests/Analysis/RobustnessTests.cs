using Sweep.Analysis.Robustness;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>
/// Accuracy on the line, effective robustness and the robustness gap on synthetic tables whose truth is known:
/// recovery, ρ = 0 on the line, an independent reference computation, interval coverage, and the links.
/// </summary>
public sealed class RobustnessTests
{
    [Theory]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.9, 1.2815515655446004)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.001, -3.090232306167813)]
    [InlineData(1e-6, -4.753424308822899)]
    public void Probit_MatchesPublishedNormalQuantiles(double p, double z)
        => Assert.Equal(z, Links.Apply(Link.Probit, p), 1e-12);

    [Theory]
    [InlineData(Link.Probit)]
    [InlineData(Link.Logit)]
    [InlineData(Link.None)]
    public void Links_InverseRoundTrips_AcrossTheUnitInterval(Link link)
    {
        foreach (double p in (double[])[1e-9, 1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-4, 1 - 1e-9])
        {
            double back = Links.Inverse(link, Links.Apply(link, p));
            Assert.True(Math.Abs(back - p) <= 1e-12 * Math.Max(1, p / (1 - p)) + 1e-15, $"{link}: {p:R} → {back:R}");
        }

        Assert.Equal(2.5, Links.Apply(Link.Logit, Links.Inverse(Link.Logit, 2.5)), 1e-12);
        Assert.Equal(-1.25, Links.Apply(Link.Probit, Links.Inverse(Link.Probit, -1.25)), 1e-12);
    }

    [Fact]
    public void Clip_MovesOnlyZeroAndOne_AndNotForTheIdentity()
    {
        Assert.Equal(Links.ClipMargin, Links.Clip(Link.Probit, 0, out bool low));
        Assert.True(low);
        Assert.Equal(1 - Links.ClipMargin, Links.Clip(Link.Logit, 1, out bool high));
        Assert.True(high);
        Assert.Equal(0.5, Links.Clip(Link.Probit, 0.5, out bool middle));
        Assert.False(middle);
        Assert.Equal(1.0, Links.Clip(Link.None, 1, out bool none));
        Assert.False(none);
    }

    [Theory]
    [InlineData(Link.Probit)]
    [InlineData(Link.Logit)]
    [InlineData(Link.None)]
    public void PointsExactlyOnTheLine_RecoverSlopeAndIntercept_AndHaveZeroRho(Link link)
    {
        const double slope = 0.8, intercept = -0.3;
        double lineOffset = link == Link.None ? 0.05 : intercept;
        List<LinePoint> points = [.. Enumerable.Range(0, 30).Select(i =>
        {
            double id = 0.4 + (0.55 * i / 29);
            double ood = Links.Inverse(link, lineOffset + (slope * Links.Apply(link, id)));
            return new LinePoint($"m{i}", id, ood, (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture), IsReference: true);
        })];

        OnTheLineResult line = OnTheLine.Fit(points, new OnTheLineOptions { Link = link, Replicas = 200 });

        Assert.Equal(slope, line.Slope.Estimate, 1e-9);
        Assert.Equal(lineOffset, line.Intercept.Estimate, 1e-9);
        Assert.Equal(1.0, line.R.Estimate, 1e-12);
        Assert.All(line.Rows, r => Assert.Equal(0.0, r.Rho.Estimate, 1e-12));
        Assert.All(line.Scales, s => Assert.Equal(0.0, s.Rho.Estimate, 1e-12));
        Assert.Equal(3, line.Scales.Count);
        Assert.Equal(0, line.Clipped);
    }

    [Fact]
    public void NoisyTable_RecoversTheLine_WithinFourStandardErrors()
    {
        // 60 models, noise 0.05 in probit space around slope 0.9, intercept −0.4; the slope's SE is about 0.05/(sd(x)·√60) ≈ 0.02.
        var rng = new Random(7);
        List<LinePoint> points = [];
        for (int i = 0; i < 60; i++)
        {
            double x = -0.5 + (2.0 * i / 59);
            double y = -0.4 + (0.9 * x) + (0.05 * Gaussian(rng));
            points.Add(new LinePoint($"m{i}", Links.Inverse(Link.Probit, x), Links.Inverse(Link.Probit, y), null, true));
        }

        OnTheLineResult line = OnTheLine.Fit(points, new OnTheLineOptions { Replicas = 500 });

        Assert.Equal(0.9, line.Slope.Estimate, 0.08);
        Assert.Equal(-0.4, line.Intercept.Estimate, 0.08);
        Assert.True(line.Slope.Lower < line.Slope.Estimate && line.Slope.Estimate < line.Slope.Upper);
        Assert.True(line.R.Estimate > 0.98, $"r = {line.R.Estimate}");
        Assert.Equal(500, line.Replicas);
        Assert.Equal(41, line.Band.Count);
    }

    [Fact]
    public void LineFit_MatchesAnIndependentNormalEquationsSolve_To1e9()
    {
        // A fixed table; the reference solves the 2×2 normal equations by Cramer's rule on raw sums, with its own logit.
        double[] id = [0.62, 0.71, 0.55, 0.83, 0.9, 0.77, 0.68, 0.94];
        double[] ood = [0.41, 0.5, 0.33, 0.66, 0.79, 0.52, 0.47, 0.85];
        List<LinePoint> points = [.. id.Select((a, i) => new LinePoint($"m{i}", a, ood[i], null, true))];

        OnTheLineResult line = OnTheLine.Fit(points, new OnTheLineOptions { Link = Link.Logit, Replicas = 0 });

        double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        int n = id.Length;
        for (int i = 0; i < n; i++)
        {
            double x = Math.Log(id[i]) - Math.Log(1 - id[i]), y = Math.Log(ood[i]) - Math.Log(1 - ood[i]);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            syy += y * y;
        }

        double det = (n * sxx) - (sx * sx);
        double slope = ((n * sxy) - (sx * sy)) / det;
        double intercept = ((sxx * sy) - (sx * sxy)) / det;
        double r = ((n * sxy) - (sx * sy)) / Math.Sqrt(det * ((n * syy) - (sy * sy)));
        Assert.Equal(slope, line.Slope.Estimate, 1e-9);
        Assert.Equal(intercept, line.Intercept.Estimate, 1e-9);
        Assert.Equal(r, line.R.Estimate, 1e-9);
        Assert.True(double.IsNaN(line.Slope.Lower), "no replicas, no interval");
        Assert.Empty(line.Band);
    }

    [Fact]
    public void OffTheLineModel_HasTheRhoItWasGiven_AndIsNotFitted()
    {
        List<LinePoint> points = [.. Enumerable.Range(0, 10).Select(i =>
        {
            double id = 0.5 + (0.04 * i);
            return new LinePoint($"m{i}", id, Links.Inverse(Link.Probit, -0.2 + (0.7 * Links.Apply(Link.Probit, id))), null, true);
        })];
        double robustId = 0.8;
        double expected = Links.Inverse(Link.Probit, -0.2 + (0.7 * Links.Apply(Link.Probit, robustId)));
        points.Add(new LinePoint("robust", robustId, expected + 0.05, null, IsReference: false));

        OnTheLineResult line = OnTheLine.Fit(points, new OnTheLineOptions { Replicas = 100 });

        RowRobustness first = line.Rows[0];
        Assert.Equal("robust", first.Label);
        Assert.False(first.IsReference);
        Assert.Equal(0.05, first.Rho.Estimate, 1e-12);
        Assert.Equal(expected, first.Predicted, 1e-12);
        Assert.Equal(0.7, line.Slope.Estimate, 1e-9);
        Assert.Equal(10, line.ReferencePoints);
        Assert.Equal(11, line.Points);
        Assert.True(line.Rows.Zip(line.Rows.Skip(1)).All(p => p.First.Rho.Estimate >= p.Second.Rho.Estimate), "sorted by ρ, descending");
    }

    [Fact]
    public void BootstrapIntervals_OfSlopeAndRho_CoverTheTruth_AtAboutTheirNominalRate()
    {
        // 400 tables of 40 models, noise 0.1 in probit space; 95% percentile intervals from 400 replicas each. A held-out
        // model exactly on the true line has true ρ = 0 (its interval is the line's uncertainty at its ID accuracy).
        const int tables = 400;
        int slopeCovered = 0, rhoCovered = 0;
        for (int t = 0; t < tables; t++)
        {
            var rng = new Random(1000 + t);
            List<LinePoint> points = [];
            for (int i = 0; i < 40; i++)
            {
                double x = -1 + (2.5 * rng.NextDouble());
                points.Add(new LinePoint($"m{i}", Links.Inverse(Link.Probit, x), Links.Inverse(Link.Probit, 0.1 + (0.8 * x) + (0.1 * Gaussian(rng))), null, true));
            }

            points.Add(new LinePoint("held-out", Links.Inverse(Link.Probit, 1.0), Links.Inverse(Link.Probit, 0.9), null, false));
            OnTheLineResult line = OnTheLine.Fit(points, new OnTheLineOptions { Replicas = 400, Seed = (ulong)t });
            slopeCovered += line.Slope.Covers(0.8) ? 1 : 0;
            rhoCovered += line.Rows.Single(r => r.Label == "held-out").Rho.Covers(0) ? 1 : 0;
        }

        // Binomial sd of the coverage over 400 tables at 0.95 is 0.011; the percentile bootstrap runs a little under
        // nominal at n = 40, so accept 0.90 to 0.99.
        Assert.InRange((double)slopeCovered / tables, 0.90, 0.99);
        Assert.InRange((double)rhoCovered / tables, 0.90, 0.99);
    }

    [Fact]
    public void Fit_RefusesTooFewReferenceRows_AndAccuraciesOutsideTheUnitInterval()
    {
        LinePoint[] two = [new("a", 0.5, 0.4, null, true), new("b", 0.6, 0.5, null, true), new("c", 0.7, 0.6, null, false)];
        ArgumentException few = Assert.Throws<ArgumentException>(() => OnTheLine.Fit(two));
        Assert.Contains("2 reference row(s)", few.Message, StringComparison.Ordinal);

        LinePoint[] bad = [new("a", 0.5, 0.4, null, true), new("b", 1.2, 0.5, null, true), new("c", 0.7, 0.6, null, true)];
        ArgumentException above = Assert.Throws<ArgumentException>(() => OnTheLine.Fit(bad));
        Assert.Contains("row 'b'", above.Message, StringComparison.Ordinal);

        LinePoint[] flat = [new("a", 0.5, 0.4, null, true), new("b", 0.5, 0.5, null, true), new("c", 0.5, 0.6, null, true)];
        Assert.Contains("same in-distribution accuracy", Assert.Throws<ArgumentException>(() => OnTheLine.Fit(flat)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PerfectAccuracies_AreClipped_AndCounted_WithoutInfinities()
    {
        LinePoint[] points = [new("a", 0.5, 0.4, null, true), new("b", 0.8, 0.6, null, true), new("c", 1.0, 1.0, null, true), new("d", 0.9, 0.0, null, true)];

        OnTheLineResult line = OnTheLine.Fit(points, new OnTheLineOptions { Link = Link.Logit, Replicas = 50 });

        Assert.Equal(3, line.Clipped);
        Assert.True(double.IsFinite(line.Slope.Estimate) && double.IsFinite(line.Intercept.Estimate));
        Assert.All(line.Rows, r => Assert.True(double.IsFinite(r.Rho.Estimate)));
    }

    [Fact]
    public void ReferenceFilter_ParsesClauses_AndComparesNumbersAndText()
    {
        ReferenceFilter filter = ReferenceFilter.Parse("TrainSize >= 1024 && arm = base && width != 8");
        Dictionary<string, string> row = new() { ["TrainSize"] = "4096", ["arm"] = "base", ["width"] = "16" };
        Assert.True(filter.Matches(c => row.GetValueOrDefault(c)));
        row["width"] = "8";
        Assert.False(filter.Matches(c => row.GetValueOrDefault(c)));
        row["width"] = "16";
        row["TrainSize"] = "256";
        Assert.False(filter.Matches(c => row.GetValueOrDefault(c)));
        Assert.Equal(["TrainSize", "arm", "width"], filter.Columns);

        Assert.True(ReferenceFilter.Parse("x<=2").Matches(_ => "2"));
        Assert.False(ReferenceFilter.Parse("x<2").Matches(_ => "2"));
        Assert.Throws<FormatException>(() => ReferenceFilter.Parse("TrainSize"));
        Assert.Throws<FormatException>(() => ReferenceFilter.Parse("arm < base"));
        Assert.Throws<FormatException>(() => ReferenceFilter.Parse("x > 1").Matches(_ => "abc"));
        Assert.Throws<FormatException>(() => ReferenceFilter.Parse("x > 1").Matches(_ => null));
    }

    [Fact]
    public void Gap_ThatShrinksWithScale_Closes_WhereTheLineReachesZero()
    {
        // gap = 0.2 − 0.05·log₁₀(x) reaches 0 at x = 10⁴; 3 seeds per scale with noise 0.002.
        var rng = new Random(3);
        List<GapPoint> points = [];
        foreach (double x in (double[])[10, 30, 100, 300, 1000])
        {
            for (int s = 0; s < 3; s++)
            {
                double gap = 0.2 - (0.05 * Math.Log10(x)) + (0.002 * Gaussian(rng));
                points.Add(new GapPoint(x, 0.9, 0.9 - gap));
            }
        }

        RobustnessGapResult result = RobustnessGap.Fit(points, replicas: 500);

        Assert.Equal(GapTrend.Closes, result.Trend);
        Assert.Equal(-0.05, result.Slope.Estimate, 0.005);
        Assert.Equal(0.2, result.Intercept.Estimate, 0.01);
        Assert.NotNull(result.ClosesAt);
        Assert.InRange(result.ClosesAt!.Estimate, 10_000 / 1.5, 10_000 * 1.5);
        Assert.True(result.ClosesAt.Covers(result.ClosesAt.Estimate));
        Assert.Equal(1.0, result.ClosingReplicas);
        Assert.Equal(5, result.Scales);
    }

    [Fact]
    public void Gap_ThatIsFlat_Stays_AndOneThatGrows_Widens()
    {
        var rng = new Random(4);
        List<GapPoint> flat = [], growing = [];
        foreach (double x in (double[])[10, 100, 1000, 10_000])
        {
            for (int s = 0; s < 4; s++)
            {
                flat.Add(new GapPoint(x, 0.8, 0.8 - 0.1 - (0.01 * Gaussian(rng))));
                growing.Add(new GapPoint(x, 0.8, 0.8 - (0.05 + (0.03 * Math.Log10(x))) - (0.002 * Gaussian(rng))));
            }
        }

        RobustnessGapResult stays = RobustnessGap.Fit(flat, replicas: 500);
        RobustnessGapResult widens = RobustnessGap.Fit(growing, replicas: 500);

        Assert.Equal(GapTrend.Stays, stays.Trend);
        Assert.Null(stays.ClosesAt);
        Assert.Equal(GapTrend.Widens, widens.Trend);
        Assert.Equal(0.03, widens.Slope.Estimate, 0.005);
        Assert.Throws<ArgumentException>(() => RobustnessGap.Fit([new GapPoint(10, 0.9, 0.8), new GapPoint(10, 0.9, 0.7)]));
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
