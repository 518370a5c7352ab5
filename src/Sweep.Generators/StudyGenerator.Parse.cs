using System.Threading;
using Microsoft.CodeAnalysis;
using Sweep.Generators.Models;
using Sweep.Generators.Parsing;

namespace Sweep.Generators;

/// <content>The transform: a <c>[Study]</c> class symbol to its equatable model.</content>
public sealed partial class StudyGenerator
{
    /// <summary>Reads a study without reporting; the analyzer reports the same rules with locations.</summary>
    /// <param name="context">The attributed class.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The model, or null when the study is invalid.</returns>
    private static StudyInfo? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type
            || KnownSymbols.Create(context.SemanticModel.Compilation) is not { } symbols)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return StudyReader.Read(type, symbols, report: null, cancellationToken);
    }
}
