using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Sweep.Generators.Constants;
using Sweep.Generators.Diagnostics;

namespace Sweep.Generators.Parsing;

/// <content>
/// Law columns (<c>SWP3004</c>, <c>SWP3005</c>): every constant column argument of a <c>LawSpec</c> factory call in a
/// <c>[Law]</c> property must name a column the study's results will have, or the fit fails only after the sweep.
/// </content>
internal sealed partial class StudyReader
{
    private void CheckLawColumns(INamedTypeSymbol type, bool runsOnEngine, string study)
    {
        if (_lawProperties.Count == 0 || _symbols.LawSpec is null)
        {
            return;
        }

        // A specs study's columns are all known; a [Trial] study's metrics are whatever its Record calls name.
        List<string> known = [];
        AddNames(known, _columns.Select(c => c.Name));
        AddNames(known, [ColumnNames.Seed]);
        if (runsOnEngine)
        {
            AddNames(known, ColumnNames.EngineMetrics);
        }

        List<string>? recorded = null;
        bool recordedRead = false;
        foreach (IPropertySymbol law in _lawProperties)
        {
            foreach ((IArgumentOperation argument, string column) in ConstantLawColumns(law))
            {
                if (Find(known, column) is not null)
                {
                    continue;
                }

                if (runsOnEngine)
                {
                    Report(DiagnosticDescriptors.UnknownLawColumn, argument.Syntax.GetLocation(), column, law.Name, study, string.Join(", ", known));
                    continue;
                }

                // Only a warning, which never changes what is generated: the generator (no reporter) skips the search.
                if (_report is null)
                {
                    continue;
                }

                if (!recordedRead)
                {
                    recorded = RecordedNames(type, evaluations: false);
                    recordedRead = true;
                }

                if (recorded is not null && Find(recorded, column) is null)
                {
                    List<string> columns = [.. known];
                    AddNames(columns, recorded);
                    Report(DiagnosticDescriptors.UnrecordedLawColumn, argument.Syntax.GetLocation(), column, law.Name, study, string.Join(", ", columns));
                }
            }
        }
    }

    /// <summary>The explicit, constant column arguments of every <c>LawSpec</c> factory call in a law property.</summary>
    private IEnumerable<(IArgumentOperation Argument, string Column)> ConstantLawColumns(IPropertySymbol law)
    {
        foreach (SyntaxReference reference in law.DeclaringSyntaxReferences)
        {
            SemanticModel model = Model(reference.SyntaxTree);
            foreach (InvocationExpressionSyntax call in reference.GetSyntax(_cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetOperation(call, _cancellationToken) is not IInvocationOperation { TargetMethod.IsStatic: true } invocation
                    || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _symbols.LawSpec))
                {
                    continue;
                }

                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (argument.ArgumentKind != ArgumentKind.DefaultValue
                        && argument.Parameter is { } parameter
                        && DslMemberNames.LawSpec.ColumnParameters.Contains(parameter.Name)
                        && argument.Value.ConstantValue is { HasValue: true, Value: string column })
                    {
                        yield return (argument, column);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The metric names (or with <paramref name="evaluations"/> the evaluation names) the class's <c>TrialContext.Record</c>
    /// calls name, or null when the class cannot show the list is complete: a Record call whose name is not a constant,
    /// or a <c>TrialContext</c> handed to a method, constructor or member outside the class (which may record more). A
    /// Record call without an evaluation records under <c>TrialContext.DefaultEvaluation</c>.
    /// </summary>
    private List<string>? RecordedNames(INamedTypeSymbol type, bool evaluations)
    {
        List<string> names = [];
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (IsGeneratedFile(reference.SyntaxTree))
            {
                continue;
            }

            SemanticModel model = Model(reference.SyntaxTree);
            foreach (SyntaxNode node in reference.GetSyntax(_cancellationToken).DescendantNodes())
            {
                if (node is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AssignmentExpressionSyntax))
                {
                    continue;
                }

                switch (model.GetOperation(node, _cancellationToken))
                {
                    case IInvocationOperation invocation when IsRecord(invocation.TargetMethod):
                        string parameter = evaluations ? DslMemberNames.TrialContext.RecordEvaluationParameter : DslMemberNames.TrialContext.RecordMetricParameter;
                        IArgumentOperation? named = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == parameter);
                        if (evaluations && named is null)
                        {
                            AddExact(names, DefaultEvaluationName());
                            break;
                        }

                        if (named?.Value.ConstantValue is not { HasValue: true, Value: string name })
                        {
                            return null;
                        }

                        if (evaluations)
                        {
                            AddExact(names, name);
                        }
                        else
                        {
                            AddNames(names, [name]);
                        }

                        break;
                    case IInvocationOperation invocation when !IsWithin(invocation.TargetMethod, type) && invocation.Arguments.Any(a => IsContext(a.Value)):
                        return null;
                    case IObjectCreationOperation creation when !IsWithin(creation.Constructor, type) && creation.Arguments.Any(a => IsContext(a.Value)):
                        return null;
                    case ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment when !IsWithin(target.Member, type) && IsContext(assignment.Value):
                        return null;
                }
            }
        }

        return names;
    }

    private bool IsRecord(IMethodSymbol method)
        => method.Name == DslMemberNames.TrialContext.Record && KnownSymbols.IsOrDerivesFrom(method.ContainingType, _symbols.TrialContext);

    /// <summary>Whether a value is a <c>TrialContext</c> (looking through conversions, as to <c>object</c>).</summary>
    private bool IsContext(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return KnownSymbols.IsOrDerivesFrom(value.Type, _symbols.TrialContext);
    }

    /// <summary>Whether a member is declared in the study class or a type nested in it.</summary>
    private static bool IsWithin(ISymbol? member, INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = member?.ContainingType; current is not null; current = current.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Appends a name not yet in the list, compared exactly (as evaluations are), keeping order.</summary>
    private static void AddExact(List<string> list, string name)
    {
        if (!list.Contains(name))
        {
            list.Add(name);
        }
    }

    /// <summary>Appends names not yet in the list (ignoring case, as results tables compare them), keeping order.</summary>
    private static void AddNames(List<string> list, IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            if (Find(list, name) is null)
            {
                list.Add(name);
            }
        }
    }

    private SemanticModel Model(SyntaxTree tree)
    {
        if (!_models.TryGetValue(tree, out SemanticModel? model))
        {
            model = _symbols.Compilation.GetSemanticModel(tree);
            _models.Add(tree, model);
        }

        return model;
    }

    /// <summary>Every syntax node of the class's own declarations (generated files left out), with its tree's semantic model.</summary>
    private IEnumerable<(SemanticModel Model, SyntaxNode Node)> OwnNodes(INamedTypeSymbol type)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (IsGeneratedFile(reference.SyntaxTree))
            {
                continue;
            }

            SemanticModel model = Model(reference.SyntaxTree);
            foreach (SyntaxNode node in reference.GetSyntax(_cancellationToken).DescendantNodes())
            {
                yield return (model, node);
            }
        }
    }
}
