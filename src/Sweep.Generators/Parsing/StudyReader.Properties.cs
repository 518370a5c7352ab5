using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sweep.Generators.Constants;
using Sweep.Generators.Diagnostics;
using Sweep.Generators.Helpers;
using Sweep.Generators.Models;

namespace Sweep.Generators.Parsing;

/// <content>Properties: axes with their values, derived columns, evaluations and laws.</content>
internal sealed partial class StudyReader
{
    private void ReadProperty(
        IPropertySymbol property,
        HashSet<string> locals,
        List<(AxisInfo Axis, IPropertySymbol Property)> axes,
        List<DerivedInfo> derived,
        List<MemberInfo> evaluations,
        List<MemberInfo> laws)
    {
        AttributeData? axis = null;
        AttributeData? zip = null;
        List<AttributeData> sources = [];
        foreach (AttributeData attribute in property.GetAttributes())
        {
            if (KnownSymbols.Is(attribute, _symbols.Axis))
            {
                axis = attribute;
            }
            else if (KnownSymbols.Is(attribute, _symbols.Values) || KnownSymbols.Is(attribute, _symbols.Geometric) || KnownSymbols.Is(attribute, _symbols.Linear))
            {
                sources.Add(attribute);
                LeaveOutOfHash(attribute.ApplicationSyntaxReference);
            }
            else if (KnownSymbols.Is(attribute, _symbols.Zip))
            {
                zip = attribute;
                LeaveOutOfHash(attribute.ApplicationSyntaxReference);
            }
            else if (KnownSymbols.Is(attribute, _symbols.Derived))
            {
                ReadDerived(property, attribute, derived);
            }
            else if (KnownSymbols.Is(attribute, _symbols.Evaluate))
            {
                _ = ReadSpecProperty(property, _symbols.ShiftSpec, DiagnosticDescriptors.InvalidEvaluateProperty, evaluations);
            }
            else if (KnownSymbols.Is(attribute, _symbols.Law))
            {
                if (ReadSpecProperty(property, _symbols.LawSpec, DiagnosticDescriptors.InvalidLawProperty, laws))
                {
                    _lawProperties.Add(property);
                }

                foreach (SyntaxReference declaration in property.DeclaringSyntaxReferences)
                {
                    LeaveOutOfHash(declaration);
                }
            }
        }

        if (axis is null)
        {
            foreach (AttributeData stray in zip is null ? sources : [.. sources, zip])
            {
                string attributeName = ShortName(stray);
                Report(
                    DiagnosticDescriptors.IgnoredValueSource,
                    AttributeLocation(stray),
                    attributeName,
                    property.Name,
                    $"the property has no [Axis]; add [Axis] or remove [{attributeName}]");
            }

            return;
        }

        if (ReadAxis(property, sources, zip, locals) is { } info)
        {
            axes.Add((info, property));
        }
    }

    private AxisInfo? ReadAxis(IPropertySymbol property, List<AttributeData> sources, AttributeData? zip, HashSet<string> locals)
    {
        Location location = MemberIdentifier(property);
        if (property.IsStatic || property.IsIndexer || property.SetMethod is null)
        {
            Report(DiagnosticDescriptors.AxisNotSettable, location, property.Name, property.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        }

        _columns.Add(new Column(property.Name, "axis", property));
        if (AxisTarget.From(property.Type) is not { } target)
        {
            Report(DiagnosticDescriptors.UnsupportedAxisType, location, property.Name, property.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
            return null;
        }

        for (int i = 1; i < sources.Count; i++)
        {
            Report(
                DiagnosticDescriptors.IgnoredValueSource,
                AttributeLocation(sources[i]),
                ShortName(sources[i]),
                property.Name,
                $"the axis already takes its values from [{ShortName(sources[0])}]; keep one value source");
        }

        List<AxisValue>? values;
        if (sources.Count == 0)
        {
            values = AxisValues.AllValues(target);
            if (values is null or { Count: 0 })
            {
                string fix = target.Kind == AxisValueKind.Enum
                    ? $"enum '{target.TypeName}' has no members; add members to it"
                    : "add [Values(...)], [Geometric(...)] or [Linear(...)]";
                Report(DiagnosticDescriptors.AxisHasNoValues, location, property.Name, fix);
                return null;
            }
        }
        else
        {
            AttributeData source = sources[0];
            values = KnownSymbols.Is(source, _symbols.Values)
                ? ReadValues(property, source, target)
                : ReadRange(property, source, target, geometric: KnownSymbols.Is(source, _symbols.Geometric));
            if (values is null)
            {
                return null;
            }
        }

        string? group = zip is { ConstructorArguments.Length: 1 } ? zip.ConstructorArguments[0].Value as string : null;
        return new AxisInfo(
            Name: property.Name,
            Identifier: Identifiers.Escape(property.Name),
            LocalName: Identifiers.UniqueCamelCase(property.Name, locals),
            Kind: target.Kind,
            TypeName: target.TypeName,
            FullyQualifiedType: target.FullyQualifiedType,
            Literals: EquatableArray.From(values.Select(v => v.Literal)),
            Texts: EquatableArray.From(values.Select(v => v.Text)),
            ZipGroup: group,
            IsRequired: property.IsRequired);
    }

    private List<AxisValue>? ReadValues(IPropertySymbol property, AttributeData source, AxisTarget target)
    {
        if (source.AttributeConstructor is null || source.ConstructorArguments.Length != 1)
        {
            // An ambiguous or unbound [Values(...)] is a compiler error already.
            _failed = true;
            return null;
        }

        ImmutableArray<TypedConstant> elements = Elements(source.ConstructorArguments[0]);
        if (elements.IsEmpty)
        {
            Report(DiagnosticDescriptors.AxisHasNoValues, AttributeLocation(source), property.Name, "[Values] lists none; list at least one value");
            return null;
        }

        bool ok = true;
        List<AxisValue> values = [];
        for (int i = 0; i < elements.Length; i++)
        {
            TypedConstant element = elements[i];
            if (element.Kind == TypedConstantKind.Error)
            {
                _failed = true;
                ok = false;
                continue;
            }

            if (!AxisValues.TryConvert(element, target, out AxisValue value, out string reason))
            {
                Report(
                    DiagnosticDescriptors.ValueDoesNotConvert,
                    ElementLocation(source, i, elements.Length),
                    AxisValues.Display(element),
                    property.Name,
                    target.TypeName,
                    reason);
                ok = false;
            }
            else if (values.Exists(v => AxisValues.AreEqual(v, value)))
            {
                Report(DiagnosticDescriptors.DuplicateAxisValue, ElementLocation(source, i, elements.Length), property.Name, AxisValues.Display(element));
                ok = false;
            }
            else
            {
                values.Add(value);
            }
        }

        return ok ? values : null;
    }

    private List<AxisValue>? ReadRange(IPropertySymbol property, AttributeData source, AxisTarget target, bool geometric)
    {
        if (source.AttributeConstructor is null || source.ConstructorArguments.Length != 2
            || source.ConstructorArguments[0].Value is not double from || source.ConstructorArguments[1].Value is not double to)
        {
            _failed = true;
            return null;
        }

        if (!target.IsNumeric)
        {
            Report(
                DiagnosticDescriptors.ValueDoesNotConvert,
                AttributeLocation(source),
                $"[{AttributeText(source)}]",
                property.Name,
                target.TypeName,
                "a range gives numbers");
            return null;
        }

        int steps = 5;
        foreach (KeyValuePair<string, TypedConstant> argument in source.NamedArguments)
        {
            if (argument.Key == DslMemberNames.RangeSteps && argument.Value.Value is int value)
            {
                steps = value;
            }
        }

        DiagnosticDescriptor rangeRule = geometric ? DiagnosticDescriptors.InvalidGeometricRange : DiagnosticDescriptors.InvalidLinearRange;
        bool ok = true;
        for (int bound = 0; bound < 2; bound++)
        {
            double number = bound == 0 ? from : to;
            string which = bound == 0 ? "from" : "to";
            if (!AxisValues.IsFinite(number))
            {
                Report(rangeRule, ArgumentLocation(source, bound), property.Name, $"'{which}' is {AxisValues.Display(number)}, not a finite number");
                ok = false;
            }
            else if (geometric && number <= 0)
            {
                Report(rangeRule, ArgumentLocation(source, bound), property.Name, $"'{which}' is {AxisValues.Display(number)}, not positive");
                ok = false;
            }
            else if (!AxisValues.TryConvertNumber(number, target, out _, out string reason))
            {
                Report(DiagnosticDescriptors.ValueDoesNotConvert, ArgumentLocation(source, bound), AxisValues.Display(number), property.Name, target.TypeName, reason);
                ok = false;
            }
        }

        if (steps is < 2 or > AxisValues.MaxSteps)
        {
            Report(rangeRule, NamedArgumentLocation(source, DslMemberNames.RangeSteps), property.Name, $"Steps is {Format(steps)}");
            ok = false;
        }

        if (ok && from > to)
        {
            string ascending = $"{ShortName(source)}({AxisValues.Display(to)}, {AxisValues.Display(from)}"
                + string.Concat(source.NamedArguments.Select(a => $", {a.Key} = {AxisValues.Display(a.Value)}")) + ")";
            Report(
                DiagnosticDescriptors.RangeRunsBackwards,
                AttributeLocation(source),
                AttributeText(source),
                property.Name,
                AxisValues.Display(from),
                AxisValues.Display(to),
                ascending);
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        // Integer axes round; equal neighbours collapse silently, keeping order.
        double[] numbers = geometric ? AxisValues.Geometric(from, to, steps) : AxisValues.Linear(from, to, steps);
        List<AxisValue> values = [];
        foreach (double number in numbers)
        {
            if (AxisValues.TryConvertNumber(number, target, out AxisValue value, out _) && !values.Exists(v => AxisValues.AreEqual(v, value)))
            {
                values.Add(value);
            }
        }

        return values;
    }

    private void CheckZipGroups(List<(AxisInfo Axis, IPropertySymbol Property)> axes)
    {
        Dictionary<string, AxisInfo> firsts = new(StringComparer.Ordinal);
        foreach ((AxisInfo axis, IPropertySymbol property) in axes)
        {
            if (axis.ZipGroup is not { } group)
            {
                continue;
            }

            if (!firsts.TryGetValue(group, out AxisInfo? first))
            {
                firsts.Add(group, axis);
            }
            else if (first.Texts.Count != axis.Texts.Count)
            {
                Report(
                    DiagnosticDescriptors.ZipLengthMismatch,
                    MemberIdentifier(property),
                    axis.Name,
                    Format(axis.Texts.Count),
                    first.Name,
                    group,
                    Format(first.Texts.Count));
            }
        }
    }

    private void ReadDerived(IPropertySymbol property, AttributeData attribute, List<DerivedInfo> derived)
    {
        _columns.Add(new Column(property.Name, "derived property", property));
        string? problem = property.IsStatic ? "is static"
            : property.GetMethod is null || property.IsIndexer ? "cannot be read"
            : !IsNumeric(property.Type) ? $"is of type '{property.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'"
            : null;
        if (problem is not null)
        {
            Report(DiagnosticDescriptors.InvalidDerivedProperty, MemberIdentifier(property), property.Name, problem);
            return;
        }

        string quantityType = "global::" + WellKnownTypeNames.Quantity;
        string quantity = $"{quantityType}.{DslMemberNames.QuantityNone}";
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is { } raw)
        {
            IFieldSymbol? member = _symbols.Quantity?.GetMembers().OfType<IFieldSymbol>()
                .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, raw));
            quantity = member is null
                ? $"({quantityType}){Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture)}"
                : $"{quantityType}.{member.Name}";
        }

        derived.Add(new DerivedInfo(property.Name, Identifiers.Escape(property.Name), quantity));
    }

    private bool ReadSpecProperty(IPropertySymbol property, INamedTypeSymbol? specType, DiagnosticDescriptor rule, List<MemberInfo> members)
    {
        string? problem = property.IsStatic ? "is static"
            : property.GetMethod is null || property.IsIndexer ? "cannot be read"
            : !KnownSymbols.IsOrDerivesFrom(property.Type, specType) ? $"is of type '{property.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'"
            : null;
        if (problem is not null)
        {
            Report(rule, MemberIdentifier(property), property.Name, problem);
            return false;
        }

        members.Add(new MemberInfo(property.Name, Identifiers.Escape(property.Name)));
        return true;
    }

    /// <summary>
    /// <c>SWP2010</c>: axes and derived properties are columns beside the fixed result columns and (for a specs study)
    /// the engine's metrics, all compared ignoring case; each clash is reported once, on the later property.
    /// </summary>
    private void CheckColumnNames(bool runsOnEngine)
    {
        for (int i = 0; i < _columns.Count; i++)
        {
            Column column = _columns[i];
            string? clash = Find(ColumnNames.Reserved, column.Name) is { } reserved ? $"the result column '{reserved}'"
                : runsOnEngine && Find(ColumnNames.EngineMetrics, column.Name) is { } metric ? $"the engine's metric '{metric}'"
                : null;
            for (int j = 0; j < i && clash is null; j++)
            {
                Column earlier = _columns[j];
                if (SameColumn(earlier.Name, column.Name) && !SymbolEqualityComparer.Default.Equals(earlier.Property, column.Property))
                {
                    clash = $"{earlier.Kind} '{earlier.Name}'";
                }
            }

            if (clash is not null)
            {
                string kind = char.ToUpperInvariant(column.Kind[0]) + column.Kind.Substring(1);
                Report(DiagnosticDescriptors.ColumnNameClash, MemberIdentifier(column.Property), kind, column.Name, clash);
            }
        }
    }

    /// <summary>Whether two column names are the same column: results tables compare names ignoring case.</summary>
    private static bool SameColumn(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    private static string? Find(IEnumerable<string> names, string name) => names.FirstOrDefault(n => SameColumn(n, name));

    private static bool IsNumeric(ITypeSymbol type) => type.SpecialType is
        SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16 or
        SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or
        SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;

    private static string ShortName(AttributeData attribute)
    {
        string name = attribute.AttributeClass?.Name ?? "?";
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }
}
