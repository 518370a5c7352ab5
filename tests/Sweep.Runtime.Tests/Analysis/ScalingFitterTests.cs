using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

public class ScalingFitterTests
{
    /// <summary>Wraps the CPU objectives and counts rows, standing in for an accelerator kernel.</summary>
    private sealed class CountingProvider : IBatchObjectiveProvider
    {
        public long Rows;

        public IBatchObjective Create(ScalingLaw law, IReadOnlyList<FitProblem> problems, double huberDelta)
            => new Counting(CpuBatchObjectives.Instance.Create(law, problems, huberDelta), this);

        private sealed class Counting(IBatchObjective inner, CountingProvider owner) : IBatchObjective
        {
            public int Dimension => inner.Dimension;

            public int ProblemCount => inner.ProblemCount;

            public void Evaluate(ReadOnlySpan<int> problems, ReadOnlySpan<double> points, Span<double> values, Span<double> gradients)
            {
                Interlocked.Add(ref owner.Rows, problems.Length);
                inner.Evaluate(problems, points, values, gradients);
            }
        }
    }

    [Fact]
    public void CustomObjectiveProvider_IsUsedForFitAndBootstrapAndGivesTheSameResult()
    {
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(30, 0.4, 1.5), 10, 1e5, 12, 0.01, 8, seedsPerX: 2);
        var options = new FitOptions { Bootstrap = new BootstrapOptions { Replicas = 10 } };
        var provider = new CountingProvider();
        LawFit plain = ScalingFitter.Fit(data, ScalingLaw.Power(), options);
        LawFit custom = ScalingFitter.Fit(data, ScalingLaw.Power(), options with { Objectives = provider, Engine = FitEngine.Lockstep });

        Assert.Equal(plain.Best.Theta, custom.Best.Theta);
        Assert.Equal(plain.Parameters, custom.Parameters);
        Assert.Equal(plain.Starts, custom.Starts with { BestStartPoint = plain.Starts.BestStartPoint });
        Assert.True(provider.Rows > plain.Starts.Evaluations, $"{provider.Rows} rows evaluated; the full fit alone needs {plain.Starts.Evaluations}");
    }

    [Fact]
    public void FitGroups_FitsOncePerByValue()
    {
        // Two groups with different exponents, as a [Law] spec with by: nameof(TrainSize) produces.
        var rng = new SplitMix64(4);
        var records = new List<IReadOnlyDictionary<string, double?>>();
        foreach (double trainSize in (double[])[2000, 32000])
        {
            double alpha = trainSize < 10000 ? 0.3 : 0.6;
            for (int i = 0; i < 10; i++)
            {
                double width = 16 * Math.Pow(2, i * 0.7);
                double loss = (0.1 + 5 * Math.Pow(width, -alpha)) * Math.Exp(0.002 * rng.NextGaussian());
                records.Add(new Dictionary<string, double?> { [Metric.Parameters] = width, [Metric.TestLoss] = loss, ["TrainSize"] = trainSize });
            }
        }

        LawSpec spec = LawSpec.PowerLaw(x: Metric.Parameters, y: Metric.TestLoss, by: "TrainSize");
        FitData data = FitData.FromRecords(records, FitColumns.For(spec), "mlp-width");
        var fits = ScalingFitter.FitGroups(data, ScalingLaw.For(spec));

        Assert.Equal(["2000", "32000"], fits.Select(f => f.Group));
        Assert.Equal(0.3, fits[0].Fit["alpha"], 0.03);
        Assert.Equal(0.6, fits[1].Fit["alpha"], 0.03);
        Assert.All(fits, f => Assert.Equal(10, f.Fit.Data.Count));
    }

    [Fact]
    public void StartGridOfTheWrongDimension_IsRejected()
    {
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(30, 0.4, 1.5), 10, 1e5, 8, 0.01, 1);
        var ex = Assert.Throws<ArgumentException>(() => ScalingFitter.Fit(data, ScalingLaw.Power(), new FitOptions { Starts = StartGrid.Hoffmann }));
        Assert.Contains("5 variables; law 'power' has 3", ex.Message, StringComparison.Ordinal);
    }
}
