using Sweep.Storage;

namespace Sweep.Running;

/// <summary>The runner's <see cref="TrialContext"/>: collects a trial's metrics until it finishes.</summary>
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

    public override void Record(string evaluation, string metric, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(evaluation);
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
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
