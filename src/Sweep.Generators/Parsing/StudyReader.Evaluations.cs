using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Sweep.Generators.Constants;
using Sweep.Generators.Diagnostics;
using Sweep.Generators.Models;

namespace Sweep.Generators.Parsing;

/// <content>
/// Law evaluations (<c>SWP3008</c>): every constant evaluation name in a <c>[Law]</c> property (the <c>id</c>/<c>ood</c>
/// of <c>OnTheLine</c>, the <c>clean</c>/<c>shifted</c> of <c>RobustnessGap</c>, the other factories' <c>evaluation</c>,
/// and <c>Evaluation</c>/<c>Ood</c>/<c>Shifted</c> set in a <c>with</c> expression) must name an evaluation the study's
/// trials will store, or the analysis fails only after the sweep. Only names the compiler can know are checked: a
/// collapse chain's evaluations are its checkpoints and are not checked, and a <c>[Trial]</c> study's are its
/// <c>[Evaluate]</c> properties plus what its Record calls name, so a name is reported there only when every Record call
/// names its evaluation with a constant and the context stays in the class.
/// </content>
internal sealed partial class StudyReader
{
    private void CheckLawEvaluations(INamedTypeSymbol type, List<MemberInfo> evaluations, bool runsOnEngine, bool isChain, string study)
    {
        if (_lawProperties.Count == 0 || _symbols.LawSpec is null || isChain)
        {
            return;
        }

        // The descriptor's evaluations: the [Evaluate] properties, or the default one when there are none.
        List<string> known = evaluations.Count > 0 ? [.. evaluations.Select(e => e.Name)] : [DefaultEvaluationName()];
        bool recordedRead = runsOnEngine;
        foreach (IPropertySymbol law in _lawProperties)
        {
            foreach ((SyntaxNode node, string name) in ConstantLawEvaluations(law))
            {
                if (name == DslMemberNames.LawSpec.FirstEvaluation || known.Contains(name))
                {
                    continue;
                }

                if (!recordedRead)
                {
                    recordedRead = true;
                    if (RecordedNames(type, evaluations: true) is not { } recorded)
                    {
                        // The trial method records under names the compiler cannot see: say nothing.
                        return;
                    }

                    known.AddRange(recorded.Where(r => !known.Contains(r)));
                    if (known.Contains(name))
                    {
                        continue;
                    }
                }

                Report(DiagnosticDescriptors.UnknownLawEvaluation, node.GetLocation(), name, law.Name, study, string.Join(", ", known));
            }
        }
    }

    /// <summary>
    /// The constant evaluation names of a law property: explicit evaluation arguments of its <c>LawSpec</c> factory
    /// calls, and evaluation properties assigned in its <c>with</c> expressions, with the syntax to report on.
    /// </summary>
    private IEnumerable<(SyntaxNode Node, string Name)> ConstantLawEvaluations(IPropertySymbol law)
    {
        foreach (SyntaxReference reference in law.DeclaringSyntaxReferences)
        {
            SemanticModel model = Model(reference.SyntaxTree);
            foreach (SyntaxNode node in reference.GetSyntax(_cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax call
                        when model.GetOperation(call, _cancellationToken) is IInvocationOperation { TargetMethod.IsStatic: true } invocation
                            && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _symbols.LawSpec):
                        foreach (IArgumentOperation argument in invocation.Arguments)
                        {
                            if (argument.ArgumentKind != ArgumentKind.DefaultValue
                                && argument.Parameter is { } parameter
                                && (parameter.Name == DslMemberNames.LawSpec.EvaluationParameter || DslMemberNames.LawSpec.ComparedEvaluationParameters.Contains(parameter.Name))
                                && argument.Value.ConstantValue is { HasValue: true, Value: string name })
                            {
                                yield return (argument.Syntax, name);
                            }
                        }

                        break;
                    case AssignmentExpressionSyntax assignment
                        when model.GetOperation(assignment, _cancellationToken) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } set
                            && KnownSymbols.IsOrDerivesFrom(target.Property.ContainingType, _symbols.LawSpec)
                            && DslMemberNames.LawSpec.EvaluationProperties.Contains(target.Property.Name)
                            && set.Value.ConstantValue is { HasValue: true, Value: string assigned }:
                        yield return (assignment, assigned);
                        break;
                }
            }
        }
    }

    /// <summary>The value of <c>TrialContext.DefaultEvaluation</c> in the compilation's Sweep.Dsl.</summary>
    private string DefaultEvaluationName()
        => _symbols.TrialContext?.GetMembers(DslMemberNames.TrialContext.DefaultEvaluation).OfType<IFieldSymbol>().FirstOrDefault()?.ConstantValue as string
            ?? "test";
}
