namespace Sweep.Running;

/// <summary>
/// Time left, weighted by each trial's estimated cost: large cells dominate a sweep, so the rate is measured in
/// cost per second rather than trials per second (a per-trial average would promise the big cells too soon).
/// </summary>
public sealed class CostWeightedEta
{
    private readonly Lock _gate = new();
    private double _completedCost;

    /// <summary>Tracks a sweep with the given total cost.</summary>
    /// <param name="totalCost">The sum of the pending trials' estimated costs.</param>
    public CostWeightedEta(double totalCost)
    {
        TotalCost = Math.Max(totalCost, double.Epsilon);
    }

    /// <summary>The sum of all trials' costs.</summary>
    public double TotalCost { get; }

    /// <summary>The cost of the trials finished so far.</summary>
    public double CompletedCost
    {
        get
        {
            lock (_gate)
            {
                return _completedCost;
            }
        }
    }

    /// <summary>The fraction of the cost done, in [0, 1].</summary>
    public double Fraction => Math.Clamp(CompletedCost / TotalCost, 0, 1);

    /// <summary>Records a finished trial.</summary>
    /// <param name="cost">Its estimated cost.</param>
    public void Complete(double cost)
    {
        lock (_gate)
        {
            _completedCost += cost;
        }
    }

    /// <summary>The estimated time left, or null before anything finished.</summary>
    /// <param name="elapsed">Time since the sweep started.</param>
    /// <returns>The estimate.</returns>
    public TimeSpan? Remaining(TimeSpan elapsed)
    {
        double done = CompletedCost;
        if (done <= 0 || elapsed <= TimeSpan.Zero)
        {
            return null;
        }

        double rate = done / elapsed.TotalSeconds;
        return TimeSpan.FromSeconds(Math.Max(0, TotalCost - done) / rate);
    }
}
