namespace Sweep.Analysis;

/// <summary>
/// Limited-memory BFGS (two-loop recursion) with a strong-Wolfe line search (Nocedal &amp; Wright, algorithms 3.5
/// and 3.6, safeguarded cubic interpolation). One instance is a reusable workspace for one dimension: keep one per
/// thread and call <see cref="Minimize"/> once per start.
/// </summary>
/// <remarks>
/// The algorithm is written in reverse-communication form: after <see cref="Begin"/>, the caller reads
/// <see cref="Point"/>, evaluates the objective there and hands the result to <see cref="Supply"/>, until
/// <see cref="IsDone"/>. That lets a driver advance thousands of runs in lock step and evaluate all their points in
/// one batched call (<see cref="IBatchObjective"/>); <see cref="Minimize"/> is the ordinary synchronous loop.
/// </remarks>
public sealed class LbfgsMinimizer
{
    private readonly int _n;
    private readonly LbfgsOptions _options;
    private readonly double[] _x;
    private readonly double[] _g;
    private readonly double[] _d;
    private readonly double[] _trial;
    private readonly double[] _trialGradient;
    private readonly double[] _xLow;
    private readonly double[] _gLow;
    private readonly double[][] _s;
    private readonly double[][] _y;
    private readonly double[] _rho;
    private readonly double[] _alpha;
    private double _f;
    private double _trialValue;
    private int _historyCount;
    private int _historyNext;
    private int _iterations;
    private int _evaluations;
    private IEnumerator<bool>? _steps;
    private ConvergenceReport? _report;

    // Line-search outputs (set by LineSearch before it finishes).
    private bool _lineSearchAccepted;
    private bool _lineSearchCollapsed;
    private double _fLow;

    /// <summary>Creates a workspace for objectives of <paramref name="dimension"/> variables.</summary>
    /// <param name="dimension">The number of variables.</param>
    /// <param name="options">Settings; <see cref="LbfgsOptions.Default"/> when null.</param>
    public LbfgsMinimizer(int dimension, LbfgsOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        _options = options ?? LbfgsOptions.Default;
        _options.Validate();
        _n = dimension;
        _x = new double[dimension];
        _g = new double[dimension];
        _d = new double[dimension];
        _trial = new double[dimension];
        _trialGradient = new double[dimension];
        _xLow = new double[dimension];
        _gLow = new double[dimension];
        int m = _options.History;
        _s = new double[m][];
        _y = new double[m][];
        for (int i = 0; i < m; i++)
        {
            _s[i] = new double[dimension];
            _y[i] = new double[dimension];
        }

        _rho = new double[m];
        _alpha = new double[m];
    }

    /// <summary>The number of variables.</summary>
    public int Dimension => _n;

    /// <summary>The settings in force.</summary>
    public LbfgsOptions Options => _options;

    /// <summary>True once the run has stopped; <see cref="Report"/> and <see cref="Solution"/> are then final.</summary>
    public bool IsDone => _report is not null;

    /// <summary>The point at which the run needs the objective and gradient next.</summary>
    public ReadOnlySpan<double> Point => _trial;

    /// <summary>The best point found (the current iterate while running).</summary>
    public ReadOnlySpan<double> Solution => _x;

    /// <summary>How the run ended; throws while it is still running.</summary>
    public ConvergenceReport Report => _report ?? throw new InvalidOperationException("The run has not finished.");

    /// <summary>Minimises <paramref name="function"/> from <paramref name="start"/>.</summary>
    /// <param name="function">The objective.</param>
    /// <param name="start">The start point.</param>
    /// <returns>The convergence report; the minimiser is at <see cref="Solution"/>.</returns>
    public ConvergenceReport Minimize(IDifferentiableFunction function, ReadOnlySpan<double> start)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (function.Dimension != _n)
        {
            throw new ArgumentException($"The function has {function.Dimension} variables; this minimiser was made for {_n}.", nameof(function));
        }

        Begin(start);
        while (!IsDone)
        {
            double value = function.Evaluate(_trial, _trialGradient);
            Supply(value, _trialGradient);
        }

        return Report;
    }

    /// <summary>Starts a run at <paramref name="start"/>; the first point requested is the start itself.</summary>
    /// <param name="start">The start point, of length <see cref="Dimension"/>.</param>
    public void Begin(ReadOnlySpan<double> start)
    {
        if (start.Length != _n)
        {
            throw new ArgumentException($"The start has {start.Length} components; expected {_n}.", nameof(start));
        }

        start.CopyTo(_x);
        start.CopyTo(_trial);
        _report = null;
        _iterations = 0;
        _evaluations = 0;
        _historyCount = 0;
        _historyNext = 0;
        _steps?.Dispose();
        _steps = Run().GetEnumerator();
        _steps.MoveNext();
    }

    /// <summary>Hands the objective value and gradient at <see cref="Point"/> back to the run and advances it.</summary>
    /// <param name="value">f(<see cref="Point"/>).</param>
    /// <param name="gradient">∇f(<see cref="Point"/>).</param>
    public void Supply(double value, ReadOnlySpan<double> gradient)
    {
        if (_steps is null || IsDone)
        {
            throw new InvalidOperationException("No evaluation is pending; call Begin first.");
        }

        _trialValue = value;
        if (!gradient.Overlaps(_trialGradient))
        {
            gradient.CopyTo(_trialGradient);
        }

        _evaluations++;
        if (!_steps.MoveNext())
        {
            _steps.Dispose();
            _steps = null;
        }
    }

    private IEnumerable<bool> Run()
    {
        // The start point: evaluate once, stop at once if it is already stationary or not finite.
        yield return true;
        _f = _trialValue;
        Array.Copy(_trialGradient, _g, _n);
        if (!double.IsFinite(_f) || !AllFinite(_g))
        {
            Finish(StopReason.NonFinite);
            yield break;
        }

        if (NormInf(_g) <= _options.GradientTolerance)
        {
            Finish(StopReason.GradientTolerance);
            yield break;
        }

        while (true)
        {
            // Search direction from the two-loop recursion; fall back to steepest descent if it is not a descent direction.
            bool steepest = _historyCount == 0;
            ComputeDirection();
            double slope = Dot(_g, _d);
            if (!(slope < 0) || !double.IsFinite(slope))
            {
                ResetHistory();
                ComputeDirection();
                slope = Dot(_g, _d);
                steepest = true;
            }

            double initialStep = steepest ? Math.Min(1.0, 1.0 / Math.Sqrt(Dot(_g, _g))) : 1.0;
            foreach (bool pending in LineSearch(slope, initialStep))
            {
                yield return pending;
            }

            if (!_lineSearchAccepted)
            {
                // A curvature model that no longer fits: forget it and retry once along steepest descent.
                if (!steepest)
                {
                    ResetHistory();
                    continue;
                }

                // A bracket that shrank below x's precision without any decrease means f is flat to rounding along
                // steepest descent: converged to working precision (the step test). Only an exhausted budget is a failure.
                Finish(_lineSearchCollapsed ? StopReason.StepTolerance : StopReason.LineSearchFailed);
                yield break;
            }

            // Accept the point in _xLow/_gLow: record the correction pair, then move.
            double fOld = _f;
            int slot = _historyNext;
            double[] s = _s[slot];
            double[] y = _y[slot];
            double sy = 0, yy = 0, stepInf = 0;
            for (int i = 0; i < _n; i++)
            {
                s[i] = _xLow[i] - _x[i];
                y[i] = _gLow[i] - _g[i];
                sy += s[i] * y[i];
                yy += y[i] * y[i];
                stepInf = Math.Max(stepInf, Math.Abs(s[i]));
            }

            if (sy > 1e-12 * yy && sy > 0)
            {
                _rho[slot] = 1.0 / sy;
                _historyNext = (slot + 1) % _options.History;
                _historyCount = Math.Min(_historyCount + 1, _options.History);
            }

            Array.Copy(_xLow, _x, _n);
            Array.Copy(_gLow, _g, _n);
            _f = _fLow;
            _iterations++;

            if (NormInf(_g) <= _options.GradientTolerance)
            {
                Finish(StopReason.GradientTolerance);
                yield break;
            }

            if (fOld - _f <= _options.FunctionTolerance * Math.Max(Math.Abs(fOld), Math.Abs(_f)))
            {
                Finish(StopReason.FunctionTolerance);
                yield break;
            }

            if (stepInf <= _options.StepTolerance * (1 + NormInf(_x)))
            {
                Finish(StopReason.StepTolerance);
                yield break;
            }

            if (_iterations >= _options.MaxIterations)
            {
                Finish(StopReason.MaxIterations);
                yield break;
            }
        }
    }

    /// <summary>
    /// Strong-Wolfe line search along <see cref="_d"/> from <see cref="_x"/>. On success the accepted point is in
    /// <see cref="_xLow"/>/<see cref="_gLow"/>/<see cref="_fLow"/>. If the evaluation budget runs out, the best point
    /// with sufficient decrease is accepted; only if there is none does the search fail.
    /// </summary>
    private IEnumerable<bool> LineSearch(double slope0, double initialStep)
    {
        double f0 = _f;
        double c1 = _options.SufficientDecrease;
        double c2 = _options.Curvature;
        int budget = _options.MaxLineSearchEvaluations;
        int used = 0;

        // "Low" end of the bracket: the best point so far that satisfies sufficient decrease (initially x itself).
        double aLow = 0, fLow = f0, slopeLow = slope0;
        _lineSearchAccepted = false;
        _lineSearchCollapsed = false;
        _fLow = f0;
        Array.Copy(_x, _xLow, _n);
        Array.Copy(_g, _gLow, _n);

        double aPrev = 0, fPrev = f0, slopePrev = slope0;
        double a = initialStep;
        double aHigh = double.NaN, fHigh = double.NaN, slopeHigh = double.NaN;
        bool bracketed = false;

        // Phase 1 (algorithm 3.5): expand the step until the minimum along the line is bracketed or Wolfe holds.
        while (used < budget)
        {
            SetTrial(a);
            yield return true;
            used++;
            double fa = _trialValue;
            double slopeA = Dot(_trialGradient, _d);
            if (!double.IsFinite(fa) || !double.IsFinite(slopeA) || fa > f0 + c1 * a * slope0 || (used > 1 && fa >= fPrev))
            {
                (aLow, fLow, slopeLow) = (aPrev, fPrev, slopePrev);
                (aHigh, fHigh, slopeHigh) = (a, fa, slopeA);
                bracketed = true;
                break;
            }

            KeepLow(fa);
            aLow = a;
            fLow = fa;
            slopeLow = slopeA;
            if (Math.Abs(slopeA) <= -c2 * slope0)
            {
                _lineSearchAccepted = true;
                yield break;
            }

            if (slopeA >= 0)
            {
                (aHigh, fHigh, slopeHigh) = (aPrev, fPrev, slopePrev);
                bracketed = true;
                break;
            }

            (aPrev, fPrev, slopePrev) = (a, fa, slopeA);
            a *= 4;
        }

        // Phase 2 (algorithm 3.6): shrink the bracket [aLow, aHigh] by safeguarded cubic interpolation.
        if (bracketed)
        {
            double xScale = 1 + NormInf(_x);
            double dScale = NormInf(_d);
            while (used < budget && Math.Abs(aHigh - aLow) * dScale > 1e-16 * xScale)
            {
                double aj = Interpolate(aLow, fLow, slopeLow, aHigh, fHigh, slopeHigh);
                SetTrial(aj);
                yield return true;
                used++;
                double fj = _trialValue;
                double slopeJ = Dot(_trialGradient, _d);
                if (!double.IsFinite(fj) || !double.IsFinite(slopeJ) || fj > f0 + c1 * aj * slope0 || fj >= fLow)
                {
                    (aHigh, fHigh, slopeHigh) = (aj, fj, slopeJ);
                    continue;
                }

                KeepLow(fj);
                if (Math.Abs(slopeJ) <= -c2 * slope0)
                {
                    _lineSearchAccepted = true;
                    yield break;
                }

                if (slopeJ * (aHigh - aLow) >= 0)
                {
                    (aHigh, fHigh, slopeHigh) = (aLow, fLow, slopeLow);
                }

                (aLow, fLow, slopeLow) = (aj, fj, slopeJ);
            }
        }

        // Out of budget or bracket collapsed: accept the best sufficient-decrease point, if any.
        _lineSearchAccepted = aLow > 0 && _fLow < f0;
        _lineSearchCollapsed = bracketed && used < budget;
    }

    private static double Interpolate(double a0, double f0, double g0, double a1, double f1, double g1)
    {
        double lo = Math.Min(a0, a1), hi = Math.Max(a0, a1);
        double width = hi - lo;
        double bisect = 0.5 * (a0 + a1);
        if (!double.IsFinite(f1) || !double.IsFinite(g1))
        {
            // The far end blew up: step a quarter of the way instead of trusting a polynomial through infinity.
            return a0 + 0.25 * (a1 - a0);
        }

        double d1 = g0 + g1 - 3 * (f0 - f1) / (a0 - a1);
        double disc = d1 * d1 - g0 * g1;
        if (!(disc >= 0))
        {
            return bisect;
        }

        double d2 = Math.Sign(a1 - a0) * Math.Sqrt(disc);
        double denom = g1 - g0 + 2 * d2;
        if (denom == 0 || !double.IsFinite(denom))
        {
            return bisect;
        }

        double a = a1 - (a1 - a0) * (g1 + d2 - d1) / denom;
        if (!double.IsFinite(a) || a < lo + 0.1 * width || a > hi - 0.1 * width)
        {
            return bisect;
        }

        return a;
    }

    private void SetTrial(double step)
    {
        for (int i = 0; i < _n; i++)
        {
            _trial[i] = _x[i] + step * _d[i];
        }
    }

    private void KeepLow(double value)
    {
        _fLow = value;
        Array.Copy(_trial, _xLow, _n);
        Array.Copy(_trialGradient, _gLow, _n);
    }

    private void ComputeDirection()
    {
        // Two-loop recursion: d = −H·g with H0 = γI, γ = sᵀy / yᵀy of the newest pair.
        for (int i = 0; i < _n; i++)
        {
            _d[i] = -_g[i];
        }

        int m = _options.History;
        int newest = (_historyNext - 1 + m) % m;
        for (int k = 0; k < _historyCount; k++)
        {
            int j = (newest - k + m) % m;
            double a = _rho[j] * Dot(_s[j], _d);
            _alpha[j] = a;
            Axpy(-a, _y[j], _d);
        }

        if (_historyCount > 0)
        {
            double gamma = 1.0 / (_rho[newest] * Dot(_y[newest], _y[newest]));
            for (int i = 0; i < _n; i++)
            {
                _d[i] *= gamma;
            }
        }

        for (int k = _historyCount - 1; k >= 0; k--)
        {
            int j = (newest - k + m) % m;
            double b = _rho[j] * Dot(_y[j], _d);
            Axpy(_alpha[j] - b, _s[j], _d);
        }
    }

    private void ResetHistory()
    {
        _historyCount = 0;
        _historyNext = 0;
    }

    private void Finish(StopReason reason)
    {
        Array.Copy(_x, _trial, _n);
        _report = new ConvergenceReport(_iterations, _evaluations, _f, NormInf(_g), reason);
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static double NormInf(double[] v)
    {
        double max = 0;
        foreach (double value in v)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }

    private static bool AllFinite(double[] v)
    {
        foreach (double value in v)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
