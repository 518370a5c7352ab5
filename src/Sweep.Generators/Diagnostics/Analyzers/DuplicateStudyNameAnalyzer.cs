using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Sweep.Generators.Parsing;

namespace Sweep.Generators.Diagnostics.Analyzers;

/// <summary>
/// Reports <c>SWP1003</c>: two studies of one assembly with the same name (ignoring case). Names are collected per
/// symbol and compared once the whole compilation is seen; the first declaration in source order keeps its name.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DuplicateStudyNameAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.DuplicateStudyName];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (KnownSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            ConcurrentBag<(string Name, string Type, Location Location)> names = [];
            start.RegisterSymbolAction(
                symbolContext =>
                {
                    AttributeData? study = symbolContext.Symbol.GetAttributes().FirstOrDefault(a => KnownSymbols.Is(a, symbols.Study));
                    if (study is { ConstructorArguments: [{ Value: string name }] }
                        && study.ApplicationSyntaxReference?.GetSyntax(symbolContext.CancellationToken) is AttributeSyntax { ArgumentList.Arguments: [var argument, ..] })
                    {
                        names.Add((name, symbolContext.Symbol.ToDisplayString(), argument.GetLocation()));
                    }
                },
                SymbolKind.NamedType);

            start.RegisterCompilationEndAction(end =>
            {
                // Source order (the compilation's tree order, then position) decides which declaration is "first",
                // so the result never depends on the order threads visited the symbols.
                Dictionary<SyntaxTree, int> treeOrder = end.Compilation.SyntaxTrees.Select((tree, i) => (tree, i)).ToDictionary(p => p.tree, p => p.i);
                IEnumerable<(string Name, string Type, Location Location)> ordered = names
                    .OrderBy(n => n.Location.SourceTree is { } tree && treeOrder.TryGetValue(tree, out int index) ? index : int.MaxValue)
                    .ThenBy(n => n.Location.SourceSpan.Start);
                Dictionary<string, string> seen = new(StringComparer.OrdinalIgnoreCase);
                foreach ((string name, string type, Location location) in ordered)
                {
                    if (seen.TryGetValue(name, out string? first))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateStudyName, location, name, first));
                    }
                    else
                    {
                        seen.Add(name, type);
                    }
                }
            });
        });
    }
}
