using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Sweep.Generators.Constants;
using Sweep.Generators.Diagnostics;

namespace Sweep.Generators.Parsing;

/// <content>
/// Spec arguments (<c>SWP3009</c>): a constant argument of a Sweep.Dsl factory or constructor, or a constant assigned to
/// a spec's init property in a <c>with</c> expression, outside the values its <c>[SpecRange]</c> accepts, anywhere in
/// the study class. The Dsl refuses the same values when a trial is described (so values the compiler cannot see fail
/// that trial, with the same rule in the message); a constant would fail every trial, and only when it runs.
/// </content>
internal sealed partial class StudyReader
{
    private void CheckSpecArguments(INamedTypeSymbol type, string study)
    {
        foreach ((SemanticModel model, SyntaxNode node) in OwnNodes(type))
        {
            IOperation? operation = node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AssignmentExpressionSyntax
                ? model.GetOperation(node, _cancellationToken)
                : null;
            switch (operation)
            {
                case IInvocationOperation invocation when IsDsl(invocation.TargetMethod):
                    CheckArguments(invocation.Arguments, $"{invocation.TargetMethod.ContainingType.Name}.{invocation.TargetMethod.Name}", study);
                    break;
                case IObjectCreationOperation { Constructor: { } constructor } creation when IsDsl(constructor):
                    CheckArguments(creation.Arguments, $"new {constructor.ContainingType.Name}", study);
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } set when IsDsl(target.Property):
                    CheckValue(target.Property, set.Value, set.Syntax, $"{target.Property.ContainingType.Name}.{target.Property.Name}", study);
                    break;
            }
        }
    }

    private void CheckArguments(ImmutableArray<IArgumentOperation> arguments, string callee, string study)
    {
        foreach (IArgumentOperation argument in arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter is not null))
        {
            CheckValue(argument.Parameter!, argument.Value, argument.Syntax, $"'{argument.Parameter!.Name}' of {callee}", study);
        }
    }

    private void CheckValue(ISymbol target, IOperation value, SyntaxNode location, string what, string study)
    {
        if (SpecRangeOf(target) is not { } range || NumericConstant(value) is not double number || range.Accepts(number))
        {
            return;
        }

        Report(DiagnosticDescriptors.InvalidSpecArgument, location.GetLocation(), what, study, range.Describe(), Display(number));
    }

    private static bool IsDsl(ISymbol symbol) => symbol.ContainingAssembly?.Name == DslMemberNames.SpecRange.Assembly;

    /// <summary>The range a parameter or property declares with <c>[SpecRange]</c>, or null.</summary>
    private static SpecRange? SpecRangeOf(ISymbol symbol)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != DslMemberNames.SpecRange.AttributeName || attribute.ConstructorArguments.Length == 0)
            {
                continue;
            }

            double min = System.Convert.ToDouble(attribute.ConstructorArguments[0].Value, CultureInfo.InvariantCulture);
            double max = attribute.ConstructorArguments.Length > 1
                ? System.Convert.ToDouble(attribute.ConstructorArguments[1].Value, CultureInfo.InvariantCulture)
                : double.PositiveInfinity;
            bool minExclusive = false, maxExclusive = false;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                minExclusive |= named.Key == DslMemberNames.SpecRange.MinExclusive && named.Value.Value is true;
                maxExclusive |= named.Key == DslMemberNames.SpecRange.MaxExclusive && named.Value.Value is true;
            }

            bool integral = symbol is IParameterSymbol { Type: var parameterType } ? IsIntegral(parameterType) : symbol is IPropertySymbol { Type: var propertyType } && IsIntegral(propertyType);
            return new SpecRange(min, max, minExclusive, maxExclusive, integral);
        }

        return null;
    }

    private static bool IsIntegral(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_Byte;
    }

    /// <summary>
    /// The numeric constant a parameter receives, looking through implicit numeric and nullable conversions only (a
    /// user-defined or explicit conversion can change the value); null when it is not one.
    /// </summary>
    private static double? NumericConstant(IOperation value)
    {
        while (true)
        {
            if (Constant(value) is double number)
            {
                return number;
            }

            if (value is not IConversionOperation { IsImplicit: true, Conversion: { IsUserDefined: false } kind } conversion || !(kind.IsNumeric || kind.IsNullable || kind.IsIdentity))
            {
                return null;
            }

            value = conversion.Operand;
        }
    }

    /// <summary>The values a <c>[SpecRange]</c> accepts, and how a message says so.</summary>
    private readonly struct SpecRange(double min, double max, bool minExclusive, bool maxExclusive, bool integral)
    {
        public bool Accepts(double value)
            => !double.IsNaN(value) && !double.IsInfinity(value)
                && (minExclusive ? value > min : value >= min)
                && (maxExclusive ? value < max : value <= max);

        public string Describe()
        {
            bool bounded = !double.IsPositiveInfinity(max);
            if (!bounded)
            {
                return (min, minExclusive) switch
                {
                    (0, true) => "positive and finite",
                    (0, false) => integral ? "0 or more" : "finite and not negative",
                    (_, true) => $"finite and above {Display(min)}",
                    _ => integral ? $"at least {Display(min)}" : $"finite and at least {Display(min)}",
                };
            }

            return integral && !minExclusive && !maxExclusive
                ? $"from {Display(min)} to {Display(max)}"
                : $"in {(minExclusive ? "(" : "[")}{Display(min)}, {Display(max)}{(maxExclusive ? ")" : "]")}";
        }
    }
}
