using Sweep.Generators.Helpers;

namespace Sweep.Generators.Models;

/// <summary>Where a study class lives: what the emitter needs to re-declare it as <c>partial</c>.</summary>
/// <param name="MetadataName">The dotted full name without <c>global::</c> (<c>Demo.Outer.MlpWidth</c>): the hint name's stem and the descriptor's type name.</param>
/// <param name="FullyQualifiedName">The type as code refers to it (<c>global::Demo.Outer.MlpWidth</c>).</param>
/// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
/// <param name="Types">The type itself and the types containing it, outermost first.</param>
internal sealed record HierarchyInfo(
    string MetadataName,
    string FullyQualifiedName,
    string? Namespace,
    EquatableArray<TypeDeclarationInfo> Types);

/// <summary>One type declaration to re-open as <c>partial</c>.</summary>
/// <param name="Keyword">The declaration keyword(s): <c>class</c>, <c>record</c>, <c>struct</c>, <c>record struct</c> or <c>interface</c>.</param>
/// <param name="Name">The type's name, escaped if it is a keyword.</param>
internal sealed record TypeDeclarationInfo(string Keyword, string Name);
