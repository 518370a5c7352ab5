using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Sweep.Generators.Parsing;

/// <content>
/// Precise, pragma-suppressible source locations (<c>Location.Create(tree, span)</c> via syntax nodes): the class
/// or member identifier, or the very attribute argument that is wrong.
/// </content>
internal sealed partial class StudyReader
{
    private Location ClassIdentifier(INamedTypeSymbol type, AttributeData study)
    {
        if (study.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is { } attribute
            && attribute.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } declaration)
        {
            return declaration.Identifier.GetLocation();
        }

        return type.Locations.FirstOrDefault() ?? Location.None;
    }

    private Location MemberIdentifier(ISymbol member)
    {
        foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
        {
            SyntaxNode node = reference.GetSyntax(_cancellationToken);
            SyntaxToken identifier = node switch
            {
                PropertyDeclarationSyntax property => property.Identifier,
                MethodDeclarationSyntax method => method.Identifier,
                ParameterSyntax parameter => parameter.Identifier,
                _ => default,
            };

            if (identifier.RawKind != 0)
            {
                return identifier.GetLocation();
            }
        }

        return member.Locations.FirstOrDefault() ?? Location.None;
    }

    private Location AttributeLocation(AttributeData attribute)
        => attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation() ?? Location.None;

    private string AttributeText(AttributeData attribute)
        => attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).ToString() ?? attribute.AttributeClass?.Name ?? "?";

    private Location ArgumentLocation(AttributeData attribute, int index)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax { ArgumentList: { } list } syntax)
        {
            AttributeArgumentSyntax[] positional = list.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToArray();
            return index < positional.Length ? positional[index].GetLocation() : syntax.GetLocation();
        }

        return AttributeLocation(attribute);
    }

    private Location NamedArgumentLocation(AttributeData attribute, string name)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax { ArgumentList: { } list } syntax)
        {
            AttributeArgumentSyntax? argument = list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
            return argument?.GetLocation() ?? syntax.GetLocation();
        }

        return AttributeLocation(attribute);
    }

    /// <summary>
    /// The argument that wrote the <paramref name="index"/>-th element of a <c>params</c> array: that argument when
    /// the values are listed one by one, the whole array argument when it was written as one expression.
    /// </summary>
    private Location ElementLocation(AttributeData attribute, int index, int count)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax { ArgumentList: { } list } syntax)
        {
            AttributeArgumentSyntax[] positional = list.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToArray();
            if (positional.Length == count && !(count == 1 && IsArrayExpression(positional[0].Expression)))
            {
                return positional[index].GetLocation();
            }

            if (positional.Length == 1 && IsArrayExpression(positional[0].Expression)
                && ArrayElements(positional[0].Expression) is { } elements && elements.Count == count)
            {
                return elements[index].GetLocation();
            }

            return positional.Length > 0 ? positional[0].GetLocation() : syntax.GetLocation();
        }

        return AttributeLocation(attribute);
    }

    private static bool IsArrayExpression(ExpressionSyntax expression)
        => expression is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax;

    private static SeparatedSyntaxList<ExpressionSyntax>? ArrayElements(ExpressionSyntax expression) => expression switch
    {
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        ImplicitArrayCreationExpressionSyntax creation => creation.Initializer.Expressions,
        _ => null,
    };

    private static ImmutableArray<TypedConstant> Elements(TypedConstant argument)
        => argument.Kind == TypedConstantKind.Array
            ? (argument.IsNull ? [] : argument.Values)
            : [argument];
}
