using Microsoft.CodeAnalysis;
using Sweep.Generators.Constants;

namespace Sweep.Generators.Parsing;

/// <summary>
/// The Sweep.Dsl symbols of one compilation, resolved once by metadata name. Analyzers build it in their
/// compilation-start action; the generator builds it per transform and drops it before the model leaves.
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation, INamedTypeSymbol study)
    {
        Compilation = compilation;
        Study = study;
        Seeds = compilation.GetTypeByMetadataName(WellKnownTypeNames.SeedsAttribute);
        Axis = compilation.GetTypeByMetadataName(WellKnownTypeNames.AxisAttribute);
        Values = compilation.GetTypeByMetadataName(WellKnownTypeNames.ValuesAttribute);
        Geometric = compilation.GetTypeByMetadataName(WellKnownTypeNames.GeometricAttribute);
        Linear = compilation.GetTypeByMetadataName(WellKnownTypeNames.LinearAttribute);
        Zip = compilation.GetTypeByMetadataName(WellKnownTypeNames.ZipAttribute);
        Constraint = compilation.GetTypeByMetadataName(WellKnownTypeNames.ConstraintAttribute);
        Derived = compilation.GetTypeByMetadataName(WellKnownTypeNames.DerivedAttribute);
        Evaluate = compilation.GetTypeByMetadataName(WellKnownTypeNames.EvaluateAttribute);
        Law = compilation.GetTypeByMetadataName(WellKnownTypeNames.LawAttribute);
        Trial = compilation.GetTypeByMetadataName(WellKnownTypeNames.TrialAttribute);
        DataSpec = compilation.GetTypeByMetadataName(WellKnownTypeNames.DataSpec);
        ModelSpec = compilation.GetTypeByMetadataName(WellKnownTypeNames.ModelSpec);
        TrainSpec = compilation.GetTypeByMetadataName(WellKnownTypeNames.TrainSpec);
        CollapseSpec = compilation.GetTypeByMetadataName(WellKnownTypeNames.CollapseSpec);
        DataPolicy = compilation.GetTypeByMetadataName(WellKnownTypeNames.DataPolicy);
        ShiftSpec = compilation.GetTypeByMetadataName(WellKnownTypeNames.ShiftSpec);
        LawSpec = compilation.GetTypeByMetadataName(WellKnownTypeNames.LawSpec);
        TrialContext = compilation.GetTypeByMetadataName(WellKnownTypeNames.TrialContext);
        Quantity = compilation.GetTypeByMetadataName(WellKnownTypeNames.Quantity);
    }

    /// <summary>The compilation the symbols come from, for semantic models of a study's syntax trees.</summary>
    public Compilation Compilation { get; }

    /// <summary><c>Sweep.StudyAttribute</c>.</summary>
    public INamedTypeSymbol Study { get; }

    /// <summary><c>Sweep.SeedsAttribute</c>, if present.</summary>
    public INamedTypeSymbol? Seeds { get; }

    /// <summary><c>Sweep.AxisAttribute</c>, if present.</summary>
    public INamedTypeSymbol? Axis { get; }

    /// <summary><c>Sweep.ValuesAttribute</c>, if present.</summary>
    public INamedTypeSymbol? Values { get; }

    /// <summary><c>Sweep.GeometricAttribute</c>, if present.</summary>
    public INamedTypeSymbol? Geometric { get; }

    /// <summary><c>Sweep.LinearAttribute</c>, if present.</summary>
    public INamedTypeSymbol? Linear { get; }

    /// <summary><c>Sweep.ZipAttribute</c>, if present.</summary>
    public INamedTypeSymbol? Zip { get; }

    /// <summary><c>Sweep.ConstraintAttribute</c>, if present.</summary>
    public INamedTypeSymbol? Constraint { get; }

    /// <summary><c>Sweep.DerivedAttribute</c>, if present.</summary>
    public INamedTypeSymbol? Derived { get; }

    /// <summary><c>Sweep.EvaluateAttribute</c>, if present.</summary>
    public INamedTypeSymbol? Evaluate { get; }

    /// <summary><c>Sweep.LawAttribute</c>, if present.</summary>
    public INamedTypeSymbol? Law { get; }

    /// <summary><c>Sweep.TrialAttribute</c>, if present.</summary>
    public INamedTypeSymbol? Trial { get; }

    /// <summary><c>Sweep.DataSpec</c>, if present.</summary>
    public INamedTypeSymbol? DataSpec { get; }

    /// <summary><c>Sweep.ModelSpec</c>, if present.</summary>
    public INamedTypeSymbol? ModelSpec { get; }

    /// <summary><c>Sweep.TrainSpec</c>, if present.</summary>
    public INamedTypeSymbol? TrainSpec { get; }

    /// <summary><c>Sweep.CollapseSpec</c>, if present.</summary>
    public INamedTypeSymbol? CollapseSpec { get; }

    /// <summary><c>Sweep.DataPolicy</c>, if present.</summary>
    public INamedTypeSymbol? DataPolicy { get; }

    /// <summary><c>Sweep.ShiftSpec</c>, if present.</summary>
    public INamedTypeSymbol? ShiftSpec { get; }

    /// <summary><c>Sweep.LawSpec</c>, if present.</summary>
    public INamedTypeSymbol? LawSpec { get; }

    /// <summary><c>Sweep.TrialContext</c>, if present.</summary>
    public INamedTypeSymbol? TrialContext { get; }

    /// <summary><c>Sweep.Quantity</c>, if present.</summary>
    public INamedTypeSymbol? Quantity { get; }

    /// <summary>Resolves the symbols, or returns null when the compilation does not reference Sweep.Dsl.</summary>
    /// <param name="compilation">The compilation.</param>
    /// <returns>The symbols, or null.</returns>
    public static KnownSymbols? Create(Compilation compilation)
        => compilation.GetTypeByMetadataName(WellKnownTypeNames.StudyAttribute) is { } study
            ? new KnownSymbols(compilation, study)
            : null;

    /// <summary>Whether an attribute is of the given (possibly missing) type.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <param name="type">The attribute type, or null.</param>
    /// <returns>True when it is.</returns>
    public static bool Is(AttributeData attribute, INamedTypeSymbol? type)
        => type is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, type);

    /// <summary>Whether a type is the given (possibly missing) type or derives from it.</summary>
    /// <param name="type">The type to test.</param>
    /// <param name="baseType">The base type, or null.</param>
    /// <returns>True when it is.</returns>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
