using Sweep.Generators.Helpers;

namespace Sweep.Generators.Models;

/// <summary>One axis of a study, with its declared values already computed and rendered.</summary>
/// <param name="Name">The property's name (the column name and the override name).</param>
/// <param name="Identifier">The property's name as code refers to it (escaped with <c>@</c> if a keyword).</param>
/// <param name="LocalName">A camelCase name, unique in the study, for the generated fields and parameters.</param>
/// <param name="Kind">The value type.</param>
/// <param name="TypeName">The property's type as written in C#, for messages (<c>int</c>, <c>Optimizer</c>).</param>
/// <param name="FullyQualifiedType">The property's type as generated code refers to it (<c>int</c>, <c>global::Demo.Optimizer</c>).</param>
/// <param name="Literals">The values as C# expressions of the property's type, in grid order.</param>
/// <param name="Texts">The values formatted invariantly, as the runtime formats them, in grid order.</param>
/// <param name="ZipGroup">The zip group, or null.</param>
/// <param name="IsRequired">Whether the property is <c>required</c> (the default instance must set it too).</param>
internal sealed record AxisInfo(
    string Name,
    string Identifier,
    string LocalName,
    AxisValueKind Kind,
    string TypeName,
    string FullyQualifiedType,
    EquatableArray<string> Literals,
    EquatableArray<string> Texts,
    string? ZipGroup,
    bool IsRequired);
