using Sweep.Training;

namespace Sweep.Hosting;

/// <summary>How <see cref="SweepApp"/> runs: where it writes, which studies it knows, which engines it uses.</summary>
public sealed class SweepAppOptions
{
    /// <summary>Standard output.</summary>
    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; init; } = Console.Error;

    /// <summary>The studies, or null for every study in <see cref="StudyCatalog"/>.</summary>
    public IReadOnlyList<StudyDefinition>? Studies { get; init; }

    /// <summary>Creates the engine for a backend name (<c>auto</c>, <c>cpu</c>, …), or null for the built-in choice.</summary>
    public Func<string, ITrialEngine>? EngineFactory { get; init; }

    /// <summary>Whether to draw live progress; null detects a terminal.</summary>
    public bool? Interactive { get; init; }

    /// <summary>Whether Ctrl+C and SIGTERM stop a run gracefully (off in tests, which pass <see cref="Stopping"/>).</summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>An extra stop request, e.g. from a test or a host.</summary>
    public CancellationToken Stopping { get; init; }

    /// <summary>
    /// Whether this is the <c>sweep</c> tool, which holds no study code: its <c>list</c>, <c>plan</c> and <c>run</c> say to
    /// run studies from their own program, and every other command works on result stores and CSV files.
    /// </summary>
    public bool Tool { get; init; }
}
