using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Sweep.Generators.Constants;
using Sweep.Generators.Diagnostics;
using Sweep.Generators.Models;
using Chain = Sweep.Generators.Constants.DslMemberNames.CollapseSpec;
using Policy = Sweep.Generators.Constants.DslMemberNames.DataPolicy;

namespace Sweep.Generators.Parsing;

/// <content>
/// Collapse chains: a <c>Chain</c> property of type <c>CollapseSpec</c> runs on the built-in engine with the study's
/// Data, Model and Train (<c>SWP1012</c>, <c>SWP1013</c>), stores its checkpoints as its evaluations (<c>SWP3007</c>),
/// and its constant generation counts, checkpoints, fresh fractions and temperatures must be valid (<c>SWP3006</c>).
/// </content>
internal sealed partial class StudyReader
{
    /// <summary>The study's <c>Chain</c> property, or null when it declares no collapse chain.</summary>
    private IPropertySymbol? ChainProperty(INamedTypeSymbol type)
        => SpecProperty(type, DslMemberNames.SpecProperties.Chain, _symbols.CollapseSpec);

    /// <summary>The rules of a study with a chain, besides its specs (which <see cref="CheckSpecs"/> reads).</summary>
    private void CheckChain(INamedTypeSymbol type, IPropertySymbol chain, MemberInfo? trialMethod, List<MemberInfo> evaluations, string study)
    {
        Location location = MemberIdentifier(chain);
        if (trialMethod is not null)
        {
            Report(DiagnosticDescriptors.ChainNeedsEngine, location, study, trialMethod.Name);
        }

        foreach (MemberInfo evaluation in evaluations)
        {
            ISymbol? property = type.GetMembers(evaluation.Name).FirstOrDefault(m => m is IPropertySymbol);
            Report(DiagnosticDescriptors.EvaluateInChain, property is null ? location : MemberIdentifier(property), evaluation.Name, study);
        }

        CheckChainConstants(type, study);
    }

    /// <summary>
    /// <c>SWP3006</c> on every constant that makes a chain invalid, wherever the class writes it: the arguments of
    /// <c>CollapseSpec.Chain</c>, <c>DataPolicy.FreshMix</c> and <c>DataPolicy.Of</c>, and <c>Generations</c> or
    /// <c>Temperature</c> set in a <c>with</c> expression.
    /// </summary>
    private void CheckChainConstants(INamedTypeSymbol type, string study)
    {
        foreach ((SemanticModel model, SyntaxNode node) in OwnNodes(type))
        {
            switch (node)
            {
                case InvocationExpressionSyntax call when model.GetOperation(call, _cancellationToken) is IInvocationOperation { TargetMethod.IsStatic: true } invocation:
                    CheckChainCall(invocation, study);
                    break;
                case AssignmentExpressionSyntax assignment
                    when model.GetOperation(assignment, _cancellationToken) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } set
                        && SymbolEqualityComparer.Default.Equals(target.Property.ContainingType, _symbols.CollapseSpec):
                    CheckChainAssignment(target.Property.Name, set.Value, study);
                    break;
            }
        }
    }

    private void CheckChainCall(IInvocationOperation invocation, string study)
    {
        INamedTypeSymbol containing = invocation.TargetMethod.ContainingType;
        string method = invocation.TargetMethod.Name;
        if (SymbolEqualityComparer.Default.Equals(containing, _symbols.DataPolicy) && method is Policy.FreshMix or Policy.Of)
        {
            foreach (IArgumentOperation argument in Explicit(invocation))
            {
                if (Policy.FractionParameters.Contains(argument.Parameter!.Name)
                    && Constant(argument.Value) is double fraction && !(fraction >= 0 && fraction <= 1))
                {
                    Report(
                        DiagnosticDescriptors.InvalidChain,
                        argument.Syntax.GetLocation(),
                        study,
                        $"the fresh fraction {Display(fraction)} is outside [0, 1]; it is the share of each generation's samples that are fresh real data");
                }
            }

            return;
        }

        if (!SymbolEqualityComparer.Default.Equals(containing, _symbols.CollapseSpec) || method != Chain.Chain)
        {
            return;
        }

        int? generations = null;
        foreach (IArgumentOperation argument in Explicit(invocation))
        {
            if (argument.Parameter!.Name == Chain.GenerationsParameter && Constant(argument.Value) is double count)
            {
                generations = (int)count;
                if (count < 1)
                {
                    Report(DiagnosticDescriptors.InvalidChain, argument.Syntax.GetLocation(), study, $"it has no generations ({argument.Syntax}); give it at least 1");
                }
            }
        }

        IArgumentOperation? checkpoints = Explicit(invocation).FirstOrDefault(a => a.Parameter!.Name == Chain.CheckpointsParameter);
        if (checkpoints is null)
        {
            return;
        }

        List<int> seen = [];
        foreach (IOperation element in Elements(checkpoints.Value))
        {
            if (Constant(element) is not double value)
            {
                continue;
            }

            var checkpoint = (int)value;
            string? problem = checkpoint < 0
                ? $"checkpoint {Format(checkpoint)} is negative; checkpoints are generations, from 0 (the real distribution)"
                : generations is int last && last >= 1 && checkpoint > last
                    ? $"checkpoint {Format(checkpoint)} is beyond the last generation ({Format(last)}); checkpoints run from 0 (the real distribution) to the generation count"
                    : seen.Contains(checkpoint)
                        ? $"checkpoint {Format(checkpoint)} is listed twice; list each generation once"
                        : null;
            seen.Add(checkpoint);
            if (problem is not null)
            {
                Report(DiagnosticDescriptors.InvalidChain, element.Syntax.GetLocation(), study, problem);
            }
        }
    }

    private void CheckChainAssignment(string property, IOperation value, string study)
    {
        if (Constant(value) is not double number)
        {
            return;
        }

        string? problem = property switch
        {
            Chain.Generations when number < 1 => $"it has no generations (Generations = {Display(number)}); give it at least 1",
            Chain.Temperature when !(number >= 0) || double.IsInfinity(number) => $"the temperature {Display(number)} is not a finite number of 0 or more; 0 samples the most likely class, 1 the model as it is",
            _ => null,
        };
        if (problem is not null)
        {
            Report(DiagnosticDescriptors.InvalidChain, value.Syntax.Parent?.GetLocation() ?? value.Syntax.GetLocation(), study, problem);
        }
    }

    private static IEnumerable<IArgumentOperation> Explicit(IInvocationOperation invocation)
        => invocation.Arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter is not null);

    /// <summary>The elements of an array or collection expression written in place, or none.</summary>
    private static IEnumerable<IOperation> Elements(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value switch
        {
            ICollectionExpressionOperation collection => collection.Elements,
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
            _ => [],
        };
    }

    /// <summary>A numeric constant as a double, looking through conversions; null when it is not one.</summary>
    private static double? Constant(IOperation value)
        => value.ConstantValue is { HasValue: true, Value: { } constant } && constant is int or long or float or double or short or byte
            ? System.Convert.ToDouble(constant, CultureInfo.InvariantCulture)
            : null;

    private static string Display(double value) => AxisValues.Display(value);
}
