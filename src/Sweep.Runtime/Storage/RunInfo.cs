namespace Sweep.Storage;

/// <summary>What the store records when a run starts.</summary>
/// <param name="Study">The study's name.</param>
/// <param name="CommandLine">The arguments the run was started with.</param>
/// <param name="Backend">The backend trials run on.</param>
/// <param name="Shard">The shard (<c>i/n</c>), or null.</param>
/// <param name="Environment">The machine and software.</param>
public sealed record RunInfo(string Study, string CommandLine, string Backend, string? Shard, RunEnvironment Environment);
