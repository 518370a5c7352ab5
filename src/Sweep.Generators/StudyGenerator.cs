using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sweep.Generators.Constants;
using Sweep.Generators.Models;

namespace Sweep.Generators;

/// <summary>
/// Turns each <c>[Study]</c> partial class into a typed sweep runner: a static <c>Definition</c> property holding a
/// generated <c>StudyDefinition&lt;TStudy&gt;</c> (descriptor, typed grid, trial and law hooks) and a module
/// initializer that registers it with <c>StudyCatalog</c>.
/// </summary>
/// <remarks>
/// The pipeline is the cookbook's: <c>ForAttributeWithMetadataName</c> → an equatable <see cref="StudyInfo"/> (null for
/// an invalid study, which <see cref="Diagnostics.Analyzers.StudyAnalyzer"/> reports) → one source file per study.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed partial class StudyGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Discover [Study] classes and reduce each to its model; symbols never leave the transform.
        IncrementalValuesProvider<StudyInfo> studies = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                WellKnownTypeNames.StudyAttribute,
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (context, cancellationToken) => Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.Parse)
            .Where(static study => study is not null)
            .Select(static (study, _) => study!)
            .WithTrackingName(TrackingNames.Studies);

        // One file per valid study.
        context.RegisterSourceOutput(studies, static (context, study) =>
            context.AddSource($"{study.Hierarchy.MetadataName}.Sweep.g.cs", Emit(study)));
    }
}
