using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>The Chinchilla fit done as Hoffmann et al. did it: full 4,500-start grid, and the premature-stop trap.</summary>
public class HoffmannFitTests
{
    /// <summary>
    /// On these data scipy's L-BFGS-B (default tolerances, analytic gradient) started at Hoffmann's published
    /// parameters stops after 17 iterations with "REL_REDUCTION_OF_F_&lt;=_FACTR*EPSMCH" at objective 1.189515634e-3,
    /// with A = 406.26 and B = 410.75 barely moved from the start (406.4, 410.7), although the data were generated
    /// with B = 2085 (bench/peers/ref_chinchilla.py; issue 4 reports 2 iterations on the real Chinchilla points, which
    /// are not shipped here). Its relative test divides by max(|f|, 1), and a summed Huber loss with δ = 1e-3 is about
    /// 1e-3, so the test is really absolute.
    /// </summary>
    private const double ScipyObjectiveFromHoffmannStart = 1.189515634e-3;

    /// <summary>
    /// The data optimum: scipy's L-BFGS-B with ftol = 1e-15, gtol = 1e-12 started at the generating parameters
    /// (bench/peers/ref_chinchilla.py) reaches 9.74482031359e-4 at E = 1.82838, A = 515.431, B = 2431.64,
    /// α = 0.351789, β = 0.373339.
    /// </summary>
    private const double ScipyTightOptimum = 9.74482031359e-4;

    [Fact]
    public void StartAtHoffmannParameters_MovesAwayToTheDataOptimum()
    {
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 12, 10, 0.01);
        var objective = new LawObjective(ScalingLaw.Chinchilla, data);
        double[] start = ChinchillaLaw.Theta(1.69, 406.4, 410.7, 0.34, 0.28);
        double f0 = objective.Evaluate(start, new double[5]);

        var m = new LbfgsMinimizer(5);
        ConvergenceReport report = m.Minimize(objective, start);
        var fitted = new FittedLaw(ScalingLaw.Chinchilla, m.Solution);

        Assert.True(report.Converged, report.ToString());
        Assert.True(report.Iterations > 10, $"stopped after {report.Iterations} iterations");
        Assert.True(report.Objective < 0.85 * ScipyObjectiveFromHoffmannStart, $"objective {report.Objective} vs scipy's {ScipyObjectiveFromHoffmannStart}");
        Assert.True(report.Objective < 0.6 * f0);

        // It left Hoffmann's basin and reached the data optimum that a tightly converged scipy run confirms.
        Assert.Equal(ScipyTightOptimum, report.Objective, 1e-9 * ScipyTightOptimum);
        Assert.Equal(2431.64, fitted["B"], 0.01 * 2431.64);
        Assert.Equal(0.373339, fitted["beta"], 1e-4);
        Assert.Equal(1.82838, fitted["E"], 1e-4);
    }

    [Fact]
    public void FullHoffmannGrid_RecoversGeneratingParametersAndAgreesAcrossStarts()
    {
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 12, 10, 0.01);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Chinchilla);

        Assert.Equal(4500, fit.Starts.Starts);
        Assert.True(fit.Convergence.Converged, fit.Convergence.ToString());
        Assert.True(fit.Starts.Converged > 4000, $"{fit.Starts.Converged} of 4500 starts converged");
        Assert.True(fit.Starts.ReachedBest > 100, $"only {fit.Starts.ReachedBest} starts reached the best objective");

        // No start did better than the winner, and the winner beats the Hoffmann-start run.
        var single = new LbfgsMinimizer(5).Minimize(new LawObjective(ScalingLaw.Chinchilla, data), ChinchillaLaw.Theta(1.69, 406.4, 410.7, 0.34, 0.28));
        Assert.True(fit.Objective <= single.Objective * (1 + 1e-9));
        Assert.Equal(ScipyTightOptimum, fit.Objective, 1e-9 * ScipyTightOptimum);

        Assert.Equal(1.8172, fit["E"], 0.05);
        Assert.Equal(0.3478, fit["alpha"], 0.02);
        Assert.Equal(0.3658, fit["beta"], 0.02);
        Assert.InRange(fit["A"], 482.01 / 1.5, 482.01 * 1.5);
        Assert.InRange(fit["B"], 2085.43 / 1.5, 2085.43 * 1.5);
    }

    [Fact]
    public void LockstepEngine_GivesBitIdenticalResultsToThreads()
    {
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 8, 8, 0.01, gaussianSeed: 5);
        var options = new FitOptions { Starts = Synthetic.SmallChinchillaGrid, Bootstrap = new BootstrapOptions { Replicas = 6, StartsPerReplica = 3 } };
        LawFit threads = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, options);
        LawFit lockstep = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, options with { Engine = FitEngine.Lockstep, MaxDegreeOfParallelism = 1 });

        Assert.Equal(threads.Best.Theta, lockstep.Best.Theta);
        Assert.Equal(threads.Convergence, lockstep.Convergence);
        Assert.Equal(threads.Starts with { BestStartPoint = [] }, lockstep.Starts with { BestStartPoint = [] });
        Assert.Equal(threads.Replicas.Select(r => r.Theta), lockstep.Replicas.Select(r => r.Theta));
    }
}
