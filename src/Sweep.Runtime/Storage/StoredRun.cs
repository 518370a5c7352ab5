namespace Sweep.Storage;

/// <summary>A run as recorded in a store.</summary>
/// <param name="RunId">Its id in this store.</param>
/// <param name="Status">How it ended.</param>
/// <param name="StartedUtc">When it started (ISO 8601).</param>
/// <param name="FinishedUtc">When it ended, or null if it was killed.</param>
/// <param name="CommandLine">Its arguments.</param>
/// <param name="Backend">Its backend.</param>
/// <param name="Shard">Its shard, or null.</param>
/// <param name="Environment">Where it ran.</param>
public sealed record StoredRun(long RunId, RunStatus Status, string StartedUtc, string? FinishedUtc, string CommandLine, string Backend, string? Shard, RunEnvironment Environment);
