namespace Sweep.Dsl.Tests.Fakes;

/// <summary>A trial context that keeps what a trial records, in order.</summary>
/// <param name="seed">The trial's seed.</param>
/// <param name="key">The trial's key.</param>
public sealed class ListContext(int seed, string key) : TrialContext
{
    public List<(string Evaluation, string Metric, double Value)> Records { get; } = [];

    public override int Seed => seed;

    public override string Key => key;

    public override CancellationToken CancellationToken => CancellationToken.None;

    public override void Record(string evaluation, string metric, double value) => Records.Add((evaluation, metric, value));
}
