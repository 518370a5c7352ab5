using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Sweep.Generators.Constants;
using Sweep.Generators.Diagnostics;
using Sweep.Generators.Helpers;
using Sweep.Generators.Models;

namespace Sweep.Generators.Parsing;

/// <summary>
/// Reads one <c>[Study]</c> class: checks every rule and, when none is broken, builds its <see cref="StudyInfo"/>.
/// The analyzer runs it with a reporter and shows what it finds; the generator runs it without one and emits
/// nothing for a study with errors. One reader for both means an invalid study is never silently skipped.
/// </summary>
internal sealed partial class StudyReader
{
    private static readonly string[] s_reservedLocals = ["definition", "seeds", "options", "values", "study", "valueIndexes", "context"];

    private readonly KnownSymbols _symbols;
    private readonly Action<Diagnostic>? _report;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<(SyntaxTree Tree, TextSpan Span)> _leftOutOfHash = [];
    private readonly List<Column> _columns = [];
    private readonly List<IPropertySymbol> _lawProperties = [];
    private readonly Dictionary<SyntaxTree, SemanticModel> _models = [];
    private bool _failed;

    private StudyReader(KnownSymbols symbols, Action<Diagnostic>? report, CancellationToken cancellationToken)
    {
        _symbols = symbols;
        _report = report;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Reads a study class.</summary>
    /// <param name="type">The class carrying <c>[Study]</c>.</param>
    /// <param name="symbols">The Sweep.Dsl symbols of its compilation.</param>
    /// <param name="report">Where diagnostics go, or null to only decide validity.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The model, or null when the class is not a valid study (or does not compile).</returns>
    public static StudyInfo? Read(INamedTypeSymbol type, KnownSymbols symbols, Action<Diagnostic>? report, CancellationToken cancellationToken)
    {
        AttributeData? study = type.GetAttributes().FirstOrDefault(a => KnownSymbols.Is(a, symbols.Study));
        if (study is null)
        {
            return null;
        }

        StudyReader reader = new(symbols, report, cancellationToken);
        return reader.ReadStudy(type, study);
    }

    /// <summary>Whether a syntax tree is one this generator wrote (its members are not the user's).</summary>
    /// <param name="tree">The tree.</param>
    /// <returns>True for a generated study file.</returns>
    public static bool IsGeneratedFile(SyntaxTree? tree)
        => tree is not null && tree.FilePath.EndsWith(".Sweep.g.cs", StringComparison.OrdinalIgnoreCase);

    private StudyInfo? ReadStudy(INamedTypeSymbol type, AttributeData study)
    {
        // A [Study] that does not bind (wrong argument types, …) is the compiler's to report.
        if (study.AttributeConstructor is null || study.ConstructorArguments.Length != 1)
        {
            return null;
        }

        string? name = study.ConstructorArguments[0].Value as string;
        Location classLocation = ClassIdentifier(type, study);
        LeaveOutOfHash(study.ApplicationSyntaxReference);

        // Phase 1: the class itself.
        CheckPartial(type, name ?? string.Empty);
        CheckGeneric(type, classLocation);
        CheckRegistration(type, classLocation);
        CheckName(name, study);
        int[] seeds = ReadSeeds(type, study, name ?? type.Name);
        _cancellationToken.ThrowIfCancellationRequested();

        // Phase 2: members in declaration order.
        HashSet<string> locals = new(s_reservedLocals, StringComparer.Ordinal);
        List<(AxisInfo Axis, IPropertySymbol Property)> axes = [];
        List<DerivedInfo> derived = [];
        List<MemberInfo> evaluations = [];
        List<MemberInfo> laws = [];
        List<MemberInfo> constraints = [];
        List<IMethodSymbol> trials = [];
        foreach (ISymbol member in type.GetMembers())
        {
            switch (member)
            {
                case IPropertySymbol property:
                    ReadProperty(property, locals, axes, derived, evaluations, laws);
                    break;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                    ReadMethod(method, constraints, trials);
                    break;
            }
        }

        _cancellationToken.ThrowIfCancellationRequested();

        // Phase 3: rules across members.
        CheckZipGroups(axes);
        CheckInstantiable(type, classLocation, axes);
        MemberInfo? trialMethod = ReadTrialMethods(trials, name ?? type.Name);
        IPropertySymbol? chain = ChainProperty(type);
        if (chain is not null)
        {
            CheckChain(type, chain, trialMethod, evaluations, name ?? type.Name);
        }

        if (trialMethod is null)
        {
            CheckSpecs(type, classLocation, name ?? type.Name, chain);
        }

        CheckSpecArguments(type, name ?? type.Name);
        CheckColumnNames(runsOnEngine: trialMethod is null);
        CheckLawColumns(type, runsOnEngine: trialMethod is null, name ?? type.Name);
        CheckLawEvaluations(type, evaluations, runsOnEngine: trialMethod is null, isChain: chain is not null, name ?? type.Name);

        if (_failed)
        {
            return null;
        }

        string sourceHash = SourceHash.Compute(type, _leftOutOfHash, _cancellationToken);
        return new StudyInfo(
            Hierarchy: ReadHierarchy(type),
            Name: name!,
            Description: study.NamedArguments.FirstOrDefault(a => a.Key == DslMemberNames.StudyAttribute.Description).Value.Value as string,
            Seeds: new EquatableArray<int>(seeds),
            Axes: EquatableArray.From(axes.Select(a => a.Axis)),
            Derived: EquatableArray.From(derived),
            Evaluations: EquatableArray.From(evaluations),
            Laws: EquatableArray.From(laws),
            Constraints: EquatableArray.From(constraints),
            TrialMethod: trialMethod,
            SourceHash: sourceHash,
            HasChain: chain is not null && trialMethod is null);
    }

    /// <summary>
    /// Leaves a piece of the study's syntax out of its <see cref="SourceHash"/>: what picks the grid points (declared
    /// values, seeds, the study's name) or how results are fitted (laws), not what a trial computes.
    /// </summary>
    private void LeaveOutOfHash(SyntaxReference? reference)
    {
        if (reference is not null)
        {
            _ = _leftOutOfHash.Add((reference.SyntaxTree, reference.Span));
        }
    }

    private void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] arguments)
    {
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
        {
            _failed = true;
        }

        _report?.Invoke(Diagnostic.Create(descriptor, location, arguments));
    }

    private void CheckPartial(INamedTypeSymbol type, string name)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            foreach (SyntaxReference reference in current.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(_cancellationToken) is TypeDeclarationSyntax declaration
                    && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    Report(DiagnosticDescriptors.StudyMustBePartial, declaration.Identifier.GetLocation(), current.Name, name);
                    break;
                }
            }
        }
    }

    private void CheckGeneric(INamedTypeSymbol type, Location classLocation)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                Report(DiagnosticDescriptors.StudyMustNotBeGeneric, classLocation, type.Name, current.Name);
                return;
            }
        }
    }

    private void CheckRegistration(INamedTypeSymbol type, Location classLocation)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                Report(
                    DiagnosticDescriptors.StudyCannotBeRegistered,
                    classLocation,
                    type.Name,
                    $"'{current.Name}' is file-local, so the generated file cannot extend or register it; remove the 'file' modifier");
                return;
            }

            string? access = current.DeclaredAccessibility switch
            {
                Accessibility.Private => "private",
                Accessibility.Protected => "protected",
                Accessibility.ProtectedAndInternal => "private protected",
                _ => null,
            };

            if (access is not null)
            {
                Report(
                    DiagnosticDescriptors.StudyCannotBeRegistered,
                    classLocation,
                    type.Name,
                    $"'{current.Name}' is {access}, so the generated module initializer cannot reach it to register the study; make it internal or public");
                return;
            }
        }

        foreach (string reserved in (string[])["Definition", "SweepDefinition"])
        {
            foreach (ISymbol member in type.GetMembers(reserved))
            {
                if (member.IsImplicitlyDeclared || member.Locations.All(l => IsGeneratedFile(l.SourceTree)))
                {
                    continue;
                }

                Report(
                    DiagnosticDescriptors.StudyCannotBeRegistered,
                    member.Locations.FirstOrDefault(l => l.IsInSource) ?? classLocation,
                    type.Name,
                    $"it already declares a member named '{reserved}', which the generator adds; rename that member");
                break;
            }
        }
    }

    private void CheckName(string? name, AttributeData study)
    {
        bool valid = !string.IsNullOrEmpty(name);
        foreach (char c in name ?? string.Empty)
        {
            valid &= char.IsLetterOrDigit(c) || c is '-' or '_' or '.';
        }

        if (!valid)
        {
            Report(DiagnosticDescriptors.InvalidStudyName, ArgumentLocation(study, 0), name ?? "null");
        }
    }

    private int[] ReadSeeds(INamedTypeSymbol type, AttributeData study, string name)
    {
        int count = 1;
        foreach (KeyValuePair<string, TypedConstant> argument in study.NamedArguments)
        {
            if (argument.Key == DslMemberNames.StudyAttribute.Seeds && argument.Value.Value is int seeds)
            {
                count = seeds;
                if (seeds < 1)
                {
                    Report(DiagnosticDescriptors.InvalidSeeds, NamedArgumentLocation(study, DslMemberNames.StudyAttribute.Seeds), name, $"'Seeds = {seeds}' gives no seed");
                }
            }
        }

        AttributeData? explicitSeeds = type.GetAttributes().FirstOrDefault(a => KnownSymbols.Is(a, _symbols.Seeds));
        LeaveOutOfHash(explicitSeeds?.ApplicationSyntaxReference);
        if (explicitSeeds is null || explicitSeeds.ConstructorArguments.Length != 1)
        {
            return Enumerable.Range(0, Math.Max(count, 0)).ToArray();
        }

        ImmutableArray<TypedConstant> elements = Elements(explicitSeeds.ConstructorArguments[0]);
        if (elements.IsEmpty)
        {
            Report(DiagnosticDescriptors.InvalidSeeds, AttributeLocation(explicitSeeds), name, "[Seeds] lists no seed");
        }

        List<int> list = [];
        for (int i = 0; i < elements.Length; i++)
        {
            if (elements[i].Value is not int seed)
            {
                _failed = true;
                continue;
            }

            if (list.Contains(seed))
            {
                Report(DiagnosticDescriptors.InvalidSeeds, ElementLocation(explicitSeeds, i, elements.Length), name, $"seed {seed} is listed twice");
            }

            list.Add(seed);
        }

        return [.. list];
    }

    private void ReadMethod(IMethodSymbol method, List<MemberInfo> constraints, List<IMethodSymbol> trials)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (KnownSymbols.Is(attribute, _symbols.Constraint))
            {
                bool valid = !method.IsStatic && method.Parameters.IsEmpty && method.TypeParameters.IsEmpty
                    && method.ReturnType.SpecialType == SpecialType.System_Boolean && !method.ReturnsByRef && !method.ReturnsByRefReadonly;
                if (valid)
                {
                    constraints.Add(new MemberInfo(method.Name, Identifiers.Escape(method.Name)));
                }
                else
                {
                    Report(DiagnosticDescriptors.InvalidConstraintMethod, MemberIdentifier(method), method.Name);
                }
            }
            else if (KnownSymbols.Is(attribute, _symbols.Trial))
            {
                bool valid = !method.IsStatic && method.TypeParameters.IsEmpty && method.ReturnsVoid
                    && method.Parameters.Length == 1 && method.Parameters[0].RefKind == RefKind.None
                    && _symbols.TrialContext is not null
                    && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, _symbols.TrialContext);
                if (valid)
                {
                    trials.Add(method);
                }
                else
                {
                    Report(DiagnosticDescriptors.InvalidTrialMethod, MemberIdentifier(method), method.Name);
                }
            }
        }
    }

    private MemberInfo? ReadTrialMethods(List<IMethodSymbol> trials, string name)
    {
        for (int i = 1; i < trials.Count; i++)
        {
            Report(DiagnosticDescriptors.MultipleTrialMethods, MemberIdentifier(trials[i]), name, trials[0].Name, trials[i].Name);
        }

        return trials.Count == 0 ? null : new MemberInfo(trials[0].Name, Identifiers.Escape(trials[0].Name));
    }

    /// <summary>
    /// <c>SWP1008</c>, or for a collapse chain <c>SWP1013</c>: a study on the built-in engine needs Data, Model and Train
    /// properties of the spec types.
    /// </summary>
    private void CheckSpecs(INamedTypeSymbol type, Location classLocation, string name, IPropertySymbol? chain)
    {
        List<string> missing = [];
        foreach ((string property, INamedTypeSymbol? specType, string specName) in (ReadOnlySpan<(string, INamedTypeSymbol?, string)>)
            [
                (DslMemberNames.SpecProperties.Data, _symbols.DataSpec, "DataSpec"),
                (DslMemberNames.SpecProperties.Model, _symbols.ModelSpec, "ModelSpec"),
                (DslMemberNames.SpecProperties.Train, _symbols.TrainSpec, "TrainSpec"),
            ])
        {
            if (SpecProperty(type, property, specType) is null)
            {
                missing.Add($"{property} ({specName})");
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        if (chain is not null)
        {
            string list = missing.Count == 1 ? missing[0] : string.Join(", ", missing.Take(missing.Count - 1)) + " and " + missing[missing.Count - 1];
            Report(DiagnosticDescriptors.ChainMissingSpecs, MemberIdentifier(chain), name, list);
        }
        else
        {
            Report(DiagnosticDescriptors.NothingToRun, classLocation, name, "no [Trial] method; missing " + string.Join(", ", missing));
        }
    }

    /// <summary>The readable instance property of that name and spec type, the class's own or a visible inherited one, or null.</summary>
    private static IPropertySymbol? SpecProperty(INamedTypeSymbol type, string name, INamedTypeSymbol? specType)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers(name))
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: { } getter } property
                    && (SymbolEqualityComparer.Default.Equals(current, type) || getter.DeclaredAccessibility != Accessibility.Private)
                    && KnownSymbols.IsOrDerivesFrom(property.Type, specType))
                {
                    return property;
                }
            }
        }

        return null;
    }

    private void CheckInstantiable(INamedTypeSymbol type, Location classLocation, List<(AxisInfo Axis, IPropertySymbol Property)> axes)
    {
        string? problem = null;
        if (type.IsStatic)
        {
            problem = "it is static; remove the 'static' modifier";
        }
        else if (type.IsAbstract)
        {
            problem = "it is abstract; remove the 'abstract' modifier";
        }
        else
        {
            IMethodSymbol? constructor = type.InstanceConstructors.FirstOrDefault(c => c.Parameters.All(p => p.IsOptional || p.IsParams));
            if (constructor is null)
            {
                problem = $"it has no parameterless constructor; add one, e.g. 'public {type.Name}() {{ }}'";
            }
            else if (!constructor.GetAttributes().Any(a => a.AttributeClass?.Name == "SetsRequiredMembersAttribute"))
            {
                for (INamedTypeSymbol? current = type; current is not null && problem is null; current = current.BaseType)
                {
                    foreach (ISymbol member in current.GetMembers())
                    {
                        bool required = member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };
                        if (required && !axes.Exists(a => a.Property.Name == member.Name))
                        {
                            problem = $"its required member '{member.Name}' is not an axis, so the grid cannot set it; make it an axis or remove 'required'";
                            break;
                        }
                    }
                }
            }
        }

        if (problem is not null)
        {
            Report(DiagnosticDescriptors.StudyNotInstantiable, classLocation, type.Name, problem);
        }
    }

    private static HierarchyInfo ReadHierarchy(INamedTypeSymbol type)
    {
        List<TypeDeclarationInfo> types = [];
        List<string> names = [];
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            string keyword = current.TypeKind switch
            {
                TypeKind.Struct => current.IsRecord ? "record struct" : "struct",
                TypeKind.Interface => "interface",
                _ => current.IsRecord ? "record" : "class",
            };
            types.Insert(0, new TypeDeclarationInfo(keyword, Identifiers.Escape(current.Name)));
            names.Insert(0, current.Name);
        }

        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty)
            : null;
        if (ns is not null)
        {
            names.Insert(0, ns.Replace("@", string.Empty));
        }

        return new HierarchyInfo(
            MetadataName: string.Join(".", names),
            FullyQualifiedName: type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            Namespace: ns,
            Types: EquatableArray.From(types));
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An axis or derived property: a column of the study's results.</summary>
    /// <param name="Name">The column name (the property's name).</param>
    /// <param name="Kind">"axis" or "derived property", for messages.</param>
    /// <param name="Property">The property.</param>
    private readonly record struct Column(string Name, string Kind, IPropertySymbol Property);
}
