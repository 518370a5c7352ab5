namespace Sweep.Generators.Models;

/// <summary>A named study member the generated code reads or calls: an evaluation, a law or a constraint.</summary>
/// <param name="Name">The member's name (what the runtime stores).</param>
/// <param name="Identifier">The member's name as code refers to it.</param>
internal sealed record MemberInfo(string Name, string Identifier);
