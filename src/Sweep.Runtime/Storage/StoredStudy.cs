namespace Sweep.Storage;

/// <summary>A study in a store, with its current trials counted.</summary>
/// <param name="Name">The study's name.</param>
/// <param name="TypeName">The study class's full name.</param>
/// <param name="Fingerprint">The hash of its key shape (axes and run mode).</param>
/// <param name="DescriptorJson">Its declaration as last registered.</param>
/// <param name="Done">Current trials done and not marked stale.</param>
/// <param name="Failed">Current trials failed.</param>
/// <param name="Stale">Current trials done but marked stale by a run of a changed study.</param>
/// <param name="LastRunUtc">When its last run started, or null.</param>
public sealed record StoredStudy(string Name, string TypeName, string Fingerprint, string DescriptorJson, int Done, int Failed, int Stale, string? LastRunUtc);
