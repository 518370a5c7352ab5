namespace Sweep.Storage;

/// <summary>A study as recorded in a store.</summary>
/// <param name="Name">The study's name.</param>
/// <param name="TypeName">Its class.</param>
/// <param name="Fingerprint">Its shape's fingerprint.</param>
/// <param name="DescriptorJson">Its declaration, as JSON.</param>
/// <param name="Done">Trials stored as done.</param>
/// <param name="Failed">Trials stored as failed.</param>
/// <param name="LastRunUtc">When its last run started, or null.</param>
public sealed record StoredStudy(string Name, string TypeName, string Fingerprint, string DescriptorJson, int Done, int Failed, string? LastRunUtc);
