namespace Sweep.Analysis;

/// <summary>How the starts of a multi-start fit ended.</summary>
/// <param name="Starts">Starts run.</param>
/// <param name="Converged">Starts that stopped on a tolerance.</param>
/// <param name="ReachedBest">Starts whose final objective is within a relative 1e-6 of the best.</param>
/// <param name="BestStart">Index in the grid of the winning start.</param>
/// <param name="BestStartPoint">The winning start point (fit parameters).</param>
/// <param name="Evaluations">Objective evaluations over all starts.</param>
/// <param name="MedianIterations">Median L-BFGS iterations per start.</param>
public sealed record MultiStartSummary(int Starts, int Converged, int ReachedBest, int BestStart, IReadOnlyList<double> BestStartPoint, long Evaluations, double MedianIterations);

/// <summary>What a bootstrap did.</summary>
/// <param name="Replicas">Replicas requested.</param>
/// <param name="Used">Replicas that entered the intervals (finite fits on non-degenerate resamples).</param>
/// <param name="Degenerate">Replicas skipped because they drew fewer distinct cells than the law has parameters.</param>
/// <param name="NotConverged">Replicas used whose best start stopped on a limit rather than a tolerance.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Resampling">Points or cells.</param>
/// <param name="Confidence">Level of the percentile intervals.</param>
/// <param name="StartsPerReplica">Starts per replica (the grid size when the full grid was used).</param>
public sealed record BootstrapSummary(int Replicas, int Used, int Degenerate, int NotConverged, ulong Seed, BootstrapResampling Resampling, double Confidence, int StartsPerReplica);

/// <summary>
/// The result of <see cref="ScalingFitter.Fit"/>: the winning parameters, how the optimiser got there, and (with a
/// bootstrap) the replica fits from which every parameter and derived quantity gets a standard error and interval.
/// </summary>
public sealed class LawFit
{
    private readonly IReadOnlyList<FittedLaw> _replicas;

    internal LawFit(
        FitData data, FittedLaw best, double huberDelta, ConvergenceReport convergence, MultiStartSummary starts,
        BootstrapSummary? bootstrap, IReadOnlyList<FittedLaw> replicas, IReadOnlyList<double[]> optima)
    {
        Data = data;
        Best = best;
        HuberDelta = huberDelta;
        Convergence = convergence;
        Starts = starts;
        Bootstrap = bootstrap;
        _replicas = replicas;
        DistinctOptima = optima;
        double confidence = bootstrap?.Confidence ?? 0.95;
        Parameters = [.. Law.ParameterNames.Select((name, i) => Estimate(name, r => r.Natural[i], confidence))];
        FitParameters = [.. Law.FitParameterNames.Select((name, i) => Estimate(name, r => r.Theta[i], confidence))];
    }

    /// <summary>The law.</summary>
    public ScalingLaw Law => Best.Law;

    /// <summary>The data fitted.</summary>
    public FitData Data { get; }

    /// <summary>The full-data fit.</summary>
    public FittedLaw Best { get; }

    /// <summary>Huber threshold δ used.</summary>
    public double HuberDelta { get; }

    /// <summary>The loss minimised.</summary>
    public FitLoss Loss { get; internal init; }

    /// <summary>
    /// The scale of the log residuals, σ̂ = √(Σw·r² / Σw) at the full-data fit: the maximum-likelihood scale of the
    /// Gaussian loss (<see cref="FitLoss.Gaussian"/>), and for any loss the typical relative error of the fit.
    /// </summary>
    public double ResidualScale
    {
        get
        {
            double ss = 0, total = 0;
            IReadOnlyList<double> weights = Data.Weights;
            for (int i = 0; i < Data.Count; i++)
            {
                double r = Math.Log(Best.Predict(Data.X[i], Data.IsJoint ? Data.D[i] : double.NaN) / Data.Y[i]);
                double w = weights[i];
                ss += w * r * r;
                total += w;
            }

            return Math.Sqrt(ss / total);
        }
    }

    /// <summary>
    /// The Gaussian log-likelihood of the log residuals at σ̂ (<see cref="ResidualScale"/>), each point counted by its
    /// weight: −(Σw/2)·(log(2π·σ̂²) + 1).
    /// </summary>
    public double LogLikelihood
    {
        get
        {
            double sigma = ResidualScale, total = Data.Weights.Sum();
            return -0.5 * total * (Math.Log(2 * Math.PI * sigma * sigma) + 1);
        }
    }

    /// <summary>The winning start's final objective (summed Huber loss).</summary>
    public double Objective => Convergence.Objective;

    /// <summary>How the winning start converged.</summary>
    public ConvergenceReport Convergence { get; }

    /// <summary>How all starts ended.</summary>
    public MultiStartSummary Starts { get; }

    /// <summary>The bootstrap, or null when none was run.</summary>
    public BootstrapSummary? Bootstrap { get; }

    /// <summary>The replica fits used for intervals (empty without a bootstrap).</summary>
    public IReadOnlyList<FittedLaw> Replicas => _replicas;

    /// <summary>Natural parameters with bootstrap SE and interval: the parameter table.</summary>
    public IReadOnlyList<ParameterEstimate> Parameters { get; }

    /// <summary>Fit parameters (log-space) with bootstrap SE and interval.</summary>
    public IReadOnlyList<ParameterEstimate> FitParameters { get; }

    /// <summary>Distinct local optima found by the starts, best first (fit parameters), used to warm-start replicas.</summary>
    public IReadOnlyList<double[]> DistinctOptima { get; }

    /// <summary>The natural parameter called <paramref name="name"/>.</summary>
    /// <param name="name">A name from <see cref="ScalingLaw.ParameterNames"/>.</param>
    public double this[string name] => Best[name];

    /// <summary>L predicted by the full-data fit.</summary>
    /// <param name="x1">x, or N.</param>
    /// <param name="x2">D for joint laws.</param>
    public double Predict(double x1, double x2 = double.NaN) => Best.Predict(x1, x2);

    /// <summary>
    /// Any derived quantity with bootstrap SE and percentile interval: <paramref name="quantity"/> is evaluated on the
    /// full-data fit and on every replica.
    /// </summary>
    /// <param name="name">A name for the row.</param>
    /// <param name="quantity">The quantity as a function of one fitted law.</param>
    /// <example><code>fit.Derive("loss@N=1e9,D=2e10", f =&gt; f.Predict(1e9, 2e10))</code></example>
    public ParameterEstimate Derive(string name, Func<FittedLaw, double> quantity)
        => Estimate(name, quantity, Bootstrap?.Confidence ?? 0.95);

    /// <summary>The prediction at a point with its bootstrap interval.</summary>
    /// <param name="x1">x, or N.</param>
    /// <param name="x2">D for joint laws.</param>
    public ParameterEstimate PredictWithInterval(double x1, double x2 = double.NaN)
        => Derive("prediction", f => f.Predict(x1, x2));

    private ParameterEstimate Estimate(string name, Func<FittedLaw, double> quantity, double confidence)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        double estimate = quantity(Best);
        return _replicas.Count < 2
            ? ParameterEstimate.Point(name, estimate)
            : ParameterEstimate.FromSamples(name, estimate, _replicas.Select(quantity), confidence);
    }
}
