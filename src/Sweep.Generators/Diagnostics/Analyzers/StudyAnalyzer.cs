using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sweep.Generators.Parsing;

namespace Sweep.Generators.Diagnostics.Analyzers;

/// <summary>
/// Reports every per-study rule (declaration, axes, metrics) at its precise location. It runs the same
/// <see cref="StudyReader"/> as <see cref="StudyGenerator"/>, so a study the generator skips always has an error here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StudyAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.StudyMustBePartial,
        DiagnosticDescriptors.StudyMustNotBeGeneric,
        DiagnosticDescriptors.InvalidConstraintMethod,
        DiagnosticDescriptors.InvalidSeeds,
        DiagnosticDescriptors.InvalidStudyName,
        DiagnosticDescriptors.StudyNotInstantiable,
        DiagnosticDescriptors.NothingToRun,
        DiagnosticDescriptors.InvalidTrialMethod,
        DiagnosticDescriptors.StudyCannotBeRegistered,
        DiagnosticDescriptors.MultipleTrialMethods,
        DiagnosticDescriptors.ChainNeedsEngine,
        DiagnosticDescriptors.ChainMissingSpecs,
        DiagnosticDescriptors.AxisHasNoValues,
        DiagnosticDescriptors.InvalidGeometricRange,
        DiagnosticDescriptors.InvalidLinearRange,
        DiagnosticDescriptors.UnsupportedAxisType,
        DiagnosticDescriptors.ZipLengthMismatch,
        DiagnosticDescriptors.ValueDoesNotConvert,
        DiagnosticDescriptors.DuplicateAxisValue,
        DiagnosticDescriptors.AxisNotSettable,
        DiagnosticDescriptors.IgnoredValueSource,
        DiagnosticDescriptors.ColumnNameClash,
        DiagnosticDescriptors.RangeRunsBackwards,
        DiagnosticDescriptors.InvalidDerivedProperty,
        DiagnosticDescriptors.InvalidEvaluateProperty,
        DiagnosticDescriptors.InvalidLawProperty,
        DiagnosticDescriptors.UnknownLawColumn,
        DiagnosticDescriptors.UnrecordedLawColumn,
        DiagnosticDescriptors.InvalidChain,
        DiagnosticDescriptors.EvaluateInChain,
        DiagnosticDescriptors.UnknownLawEvaluation,
        DiagnosticDescriptors.InvalidSpecArgument,
    ];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // Resolve the Sweep.Dsl symbols once; a compilation without them has no studies.
            if (KnownSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterSymbolAction(
                symbolContext =>
                {
                    if (symbolContext.Symbol is INamedTypeSymbol type)
                    {
                        _ = StudyReader.Read(type, symbols, symbolContext.ReportDiagnostic, symbolContext.CancellationToken);
                    }
                },
                SymbolKind.NamedType);
        });
    }
}
