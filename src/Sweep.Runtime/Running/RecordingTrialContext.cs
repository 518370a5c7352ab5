using Sweep.Storage;

namespace Sweep.Running;

/// <summary>
/// The runner's <see cref="TrialContext"/>: collects a trial's metrics until it finishes. A metric may not take the
/// name of one of the study's axes or derived properties or of a result column (<see cref="ResultColumns.Reserved"/>),
/// compared ignoring case, so every column of a results table is unambiguous; recording one fails the trial.
/// </summary>
internal sealed class RecordingTrialContext : TrialContext
{
    private readonly Trial _trial;
    private readonly List<MetricValue> _metrics = [];
    private readonly Lock _gate = new();

    public RecordingTrialContext(Trial trial, CancellationToken cancellationToken, int threads = 1)
    {
        _trial = trial;
        CancellationToken = cancellationToken;
        Threads = threads;
    }

    public override int Seed => _trial.Seed;

    public override string Key => _trial.Key;

    public override CancellationToken CancellationToken { get; }

    public override int Threads { get; }

    public IReadOnlyList<MetricValue> Metrics
    {
        get
        {
            lock (_gate)
            {
                return _metrics.ToArray();
            }
        }
    }

    private string? ClashingColumn(string metric)
    {
        StudyDescriptor study = _trial.Definition.Descriptor;
        if (study.Axes.FirstOrDefault(a => string.Equals(a.Name, metric, StringComparison.OrdinalIgnoreCase)) is AxisDescriptor axis)
        {
            return $"axis {axis.Name}";
        }

        if (study.Derived.FirstOrDefault(d => string.Equals(d.Name, metric, StringComparison.OrdinalIgnoreCase)) is DerivedDescriptor derived)
        {
            return $"derived column {derived.Name}";
        }

        return ResultColumns.Reserved.FirstOrDefault(r => string.Equals(r, metric, StringComparison.OrdinalIgnoreCase)) is string reserved
            ? $"the result column '{reserved}'"
            : null;
    }

    public override void Record(string evaluation, string metric, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(evaluation);
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        if (ClashingColumn(metric) is string clash)
        {
            throw new ArgumentException(
                $"metric '{metric}' has the name of {clash}, so the results table could not tell them apart; record it under another name.", nameof(metric));
        }

        lock (_gate)
        {
            int existing = _metrics.FindIndex(m => m.Evaluation == evaluation && m.Name == metric);
            if (existing >= 0)
            {
                _metrics[existing] = new MetricValue(evaluation, metric, value);
            }
            else
            {
                _metrics.Add(new MetricValue(evaluation, metric, value));
            }
        }
    }
}
