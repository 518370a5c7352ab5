namespace Sweep.Training;

/// <summary>What an engine gets with a trial besides its description: the cores it may use and its cancellation.</summary>
/// <param name="Threads">
/// The cores the trial may use: 1 while other trials run beside it, more when a run has fewer trials than cores; an
/// engine's results must not depend on it.
/// </param>
/// <param name="CancellationToken">Abandons the trial (a second Ctrl+C).</param>
/// <example>
/// <code>
/// IReadOnlyList&lt;MetricValue&gt; metrics = engine.Run(new TrainingTrial(spec, Seed: 1), new EngineContext(Threads: 2, CancellationToken.None));
/// </code>
/// </example>
public sealed record EngineContext(int Threads, CancellationToken CancellationToken)
{
    /// <summary>One thread, never cancelled.</summary>
    public static EngineContext Default { get; } = new(1, CancellationToken.None);
}
