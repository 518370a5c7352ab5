using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Fakes;

/// <summary>Calls an engine with a spec and a <see cref="RecordingContext"/>, and keeps the metrics it returns there, so engine tests read them by evaluation and name.</summary>
public static class EngineCalls
{
    public static void Run(this ITrialEngine engine, TrialSpec spec, RecordingContext context)
        => context.RecordAll(engine.Run(new TrainingTrial(spec, context.Seed), new EngineContext(context.Threads, context.CancellationToken)));

    public static void RunBatch(this ITrialEngine engine, IReadOnlyList<TrialSpec> specs, IReadOnlyList<RecordingContext> contexts, CancellationToken cancellationToken)
    {
        IReadOnlyList<IReadOnlyList<MetricValue>> results = engine.RunBatch(
            [.. specs.Select((spec, i) => new TrainingTrial(spec, contexts[i].Seed))],
            new EngineContext(contexts.Count == 0 ? 1 : contexts[0].Threads, cancellationToken));
        for (int i = 0; i < results.Count; i++)
        {
            contexts[i].RecordAll(results[i]);
        }
    }

    /// <summary>What a context recorded, as the engine's metrics.</summary>
    public static IReadOnlyList<MetricValue> Metrics(this RecordingContext context)
        => [.. context.Values.Select(v => new MetricValue(v.Key.Evaluation, v.Key.Metric, v.Value))];

    private static void RecordAll(this RecordingContext context, IReadOnlyList<MetricValue> metrics)
    {
        foreach (MetricValue metric in metrics)
        {
            context.Record(metric.Evaluation, metric.Name, metric.Value);
        }
    }
}
