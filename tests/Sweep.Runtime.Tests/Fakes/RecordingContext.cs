namespace Sweep.Runtime.Tests.Fakes;

/// <summary>A <see cref="TrialContext"/> that keeps what an engine records, for engine tests without a runner.</summary>
public sealed class RecordingContext(int seed, CancellationToken cancellationToken = default, int threads = 1) : TrialContext
{
    private readonly Dictionary<(string Evaluation, string Metric), double> _values = [];
    private readonly Lock _gate = new();

    public override int Seed => seed;

    public override string Key => $"seed={seed}";

    public override CancellationToken CancellationToken => cancellationToken;

    public override int Threads => threads;

    public IReadOnlyDictionary<(string Evaluation, string Metric), double> Values
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<(string Evaluation, string Metric), double>(_values);
            }
        }
    }

    public double this[string evaluation, string metric]
    {
        get
        {
            lock (_gate)
            {
                return _values[(evaluation, metric)];
            }
        }
    }

    public override void Record(string evaluation, string metric, double value)
    {
        lock (_gate)
        {
            _values[(evaluation, metric)] = value;
        }
    }
}
