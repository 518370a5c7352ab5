using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Sweep.Generators.Helpers;
using Sweep.Generators.Models;

namespace Sweep.Generators.Parsing;

/// <summary>The type an axis's values must have, resolved from the property's type.</summary>
/// <param name="Kind">The value kind.</param>
/// <param name="TypeName">The type as written in C# (<c>int</c>, <c>Optimizer</c>), for messages.</param>
/// <param name="FullyQualifiedType">The type as generated code refers to it.</param>
/// <param name="EnumType">The enum type, for an enum axis.</param>
internal sealed record AxisTarget(AxisValueKind Kind, string TypeName, string FullyQualifiedType, INamedTypeSymbol? EnumType)
{
    /// <summary>Resolves the axis type of a property type, or null when it cannot be an axis.</summary>
    /// <param name="type">The property's type.</param>
    /// <returns>The target, or null.</returns>
    public static AxisTarget? From(ITypeSymbol type)
    {
        AxisValueKind? kind = type.SpecialType switch
        {
            SpecialType.System_Int32 => AxisValueKind.Int32,
            SpecialType.System_Int64 => AxisValueKind.Int64,
            SpecialType.System_Single => AxisValueKind.Single,
            SpecialType.System_Double => AxisValueKind.Double,
            SpecialType.System_Boolean => AxisValueKind.Boolean,
            SpecialType.System_String => AxisValueKind.String,
            _ => type.TypeKind == TypeKind.Enum ? AxisValueKind.Enum : null,
        };

        if (kind is null)
        {
            return null;
        }

        // Nullable reference annotations (string?) don't change the axis type.
        ITypeSymbol plain = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        return new AxisTarget(
            kind.Value,
            plain.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            plain.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            kind == AxisValueKind.Enum ? (INamedTypeSymbol)type : null);
    }

    /// <summary>Whether the axis holds numbers (and so accepts ranges).</summary>
    public bool IsNumeric => Kind is AxisValueKind.Int32 or AxisValueKind.Int64 or AxisValueKind.Single or AxisValueKind.Double;

    /// <summary>Whether the axis holds whole numbers (ranges are rounded and de-duplicated).</summary>
    public bool IsInteger => Kind is AxisValueKind.Int32 or AxisValueKind.Int64;
}

/// <summary>One converted axis value.</summary>
/// <param name="Value">The value as the runtime compares it (boxed <c>long</c>, <c>float</c>, <c>double</c>, <c>bool</c>, <c>string</c>, or the enum's underlying value).</param>
/// <param name="Literal">A C# expression of the axis type.</param>
/// <param name="Text">The invariant text the runtime formats the value as.</param>
internal readonly record struct AxisValue(object Value, string Literal, string Text);

/// <summary>
/// Converts declared constants to axis values and computes ranges: the rules shared by the generator (which
/// emits the values) and the analyzer (which reports what does not convert), so the two can never disagree.
/// </summary>
internal static class AxisValues
{
    /// <summary>The most values a range may ask for; a typo like <c>Steps = 100000</c> should not hang the compiler.</summary>
    public const int MaxSteps = 10_000;

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    /// <summary>Converts one declared constant to the axis type.</summary>
    /// <param name="constant">The constant as the attribute holds it.</param>
    /// <param name="target">The axis type.</param>
    /// <param name="value">The converted value.</param>
    /// <param name="reason">Why it does not convert, when it does not.</param>
    /// <returns>Whether it converts.</returns>
    public static bool TryConvert(TypedConstant constant, AxisTarget target, out AxisValue value, out string reason)
    {
        value = default;
        reason = string.Empty;
        object? raw = constant.Kind is TypedConstantKind.Primitive or TypedConstantKind.Enum ? constant.Value : null;
        if (constant.Kind == TypedConstantKind.Enum || target.Kind == AxisValueKind.Enum)
        {
            return TryConvertEnum(constant, target, out value, out reason);
        }

        if (constant.IsNull || raw is null)
        {
            reason = constant.Kind is TypedConstantKind.Type or TypedConstantKind.Array ? $"it is of type '{TypeOf(constant)}'" : "it is null";
            return false;
        }

        switch (target.Kind)
        {
            case AxisValueKind.Int32:
            case AxisValueKind.Int64:
                if (!TryWhole(raw, out decimal whole, out reason))
                {
                    return false;
                }

                return TryInteger(whole, target, out value, out reason);
            case AxisValueKind.Single:
            case AxisValueKind.Double:
                if (!TryReal(raw, out double real, out reason))
                {
                    return false;
                }

                return TryFloating(real, target, out value, out reason);
            case AxisValueKind.Boolean:
                if (raw is bool flag)
                {
                    value = Boolean(flag);
                    return true;
                }

                reason = $"it is of type '{TypeOf(constant)}'";
                return false;
            default:
                if (raw is not string text)
                {
                    reason = $"it is of type '{TypeOf(constant)}'";
                    return false;
                }

                if (text.Length == 0)
                {
                    reason = "it is empty, and '--set' could never name it";
                    return false;
                }

                value = new AxisValue(text, SymbolDisplay.FormatLiteral(text, quote: true), text);
                return true;
        }
    }

    /// <summary>Converts a computed range value (already rounded for integer axes) to the axis type.</summary>
    /// <param name="number">The number.</param>
    /// <param name="target">A numeric axis type.</param>
    /// <param name="value">The converted value.</param>
    /// <param name="reason">Why it does not convert, when it does not.</param>
    /// <returns>Whether it converts.</returns>
    public static bool TryConvertNumber(double number, AxisTarget target, out AxisValue value, out string reason)
    {
        if (target.IsInteger)
        {
            if (!IsFinite(number))
            {
                value = default;
                reason = "it is not a finite number";
                return false;
            }

            double rounded = Math.Round(number, MidpointRounding.AwayFromZero);
            if (rounded < -7.9e28 || rounded > 7.9e28)
            {
                value = default;
                reason = $"it is outside the {target.TypeName} range";
                return false;
            }

            return TryInteger((decimal)rounded, target, out value, out reason);
        }

        return TryFloating(number, target, out value, out reason);
    }

    /// <summary>
    /// <c>Steps</c> geometrically spaced numbers from <paramref name="from"/> to <paramref name="to"/>, both exact;
    /// interior values are snapped to 15 significant digits so 1e-3 stays 0.001.
    /// </summary>
    /// <param name="from">The first value, positive.</param>
    /// <param name="to">The last value, positive.</param>
    /// <param name="steps">How many values, at least 2.</param>
    /// <returns>The numbers.</returns>
    public static double[] Geometric(double from, double to, int steps)
    {
        double[] values = new double[steps];
        double ratio = to / from;
        for (int i = 0; i < steps; i++)
        {
            values[i] = i == 0 ? from : i == steps - 1 ? to : Snap(from * Math.Pow(ratio, (double)i / (steps - 1)));
        }

        return values;
    }

    /// <summary><c>Steps</c> evenly spaced numbers from <paramref name="from"/> to <paramref name="to"/>, both exact.</summary>
    /// <param name="from">The first value.</param>
    /// <param name="to">The last value.</param>
    /// <param name="steps">How many values, at least 2.</param>
    /// <returns>The numbers.</returns>
    public static double[] Linear(double from, double to, int steps)
    {
        double[] values = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            values[i] = i == 0 ? from : i == steps - 1 ? to : Snap(from + ((to - from) * i / (steps - 1)));
        }

        return values;
    }

    /// <summary>Every value of a bool or enum axis that declares no values, in declaration order.</summary>
    /// <param name="target">The axis type.</param>
    /// <returns>The values (empty for an enum without members; null for other kinds).</returns>
    public static List<AxisValue>? AllValues(AxisTarget target)
    {
        if (target.Kind == AxisValueKind.Boolean)
        {
            return [Boolean(false), Boolean(true)];
        }

        if (target.EnumType is not { } enumType)
        {
            return null;
        }

        List<AxisValue> values = [];
        foreach (ISymbol member in enumType.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true } field)
            {
                string key = Convert.ToString(field.ConstantValue, s_invariant) ?? string.Empty;
                if (!values.Exists(v => Equals(v.Value, key)))
                {
                    values.Add(EnumMember(target, field, key));
                }
            }
        }

        return values;
    }

    /// <summary>Whether two converted values are equal as the runtime compares them (so 0.0 equals -0.0).</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when equal.</returns>
    public static bool AreEqual(AxisValue left, AxisValue right) => Equals(left.Value, right.Value);

    /// <summary>How a declared constant reads in a message: <c>1.5</c>, <c>"abc"</c>, <c>Optimizer.Adam</c>.</summary>
    /// <param name="constant">The constant.</param>
    /// <returns>The text.</returns>
    public static string Display(TypedConstant constant)
    {
        if (constant.IsNull)
        {
            return "null";
        }

        if (constant.Kind == TypedConstantKind.Enum && constant.Type is INamedTypeSymbol enumType)
        {
            string key = Convert.ToString(constant.Value, s_invariant) ?? string.Empty;
            IFieldSymbol? member = FindMember(enumType, key);
            string type = enumType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            return member is null ? $"({type}){key}" : $"{type}.{member.Name}";
        }

        return constant.Value switch
        {
            string text => SymbolDisplay.FormatLiteral(text, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            double d => d.ToString("R", s_invariant),
            float f => f.ToString("R", s_invariant),
            IFormattable formattable => formattable.ToString(null, s_invariant),
            _ => constant.Kind == TypedConstantKind.Type ? $"typeof({TypeOf(constant)})" : constant.ToCSharpString(),
        };
    }

    /// <summary>How a number reads in a message (round-trip, invariant).</summary>
    /// <param name="number">The number.</param>
    /// <returns>The text.</returns>
    public static string Display(double number) => number.ToString("R", s_invariant);

    /// <summary>Whether a double is neither NaN nor infinite (netstandard2.0 lacks <c>double.IsFinite</c>).</summary>
    /// <param name="number">The number.</param>
    /// <returns>True when finite.</returns>
    public static bool IsFinite(double number) => !double.IsNaN(number) && !double.IsInfinity(number);

    private static bool TryConvertEnum(TypedConstant constant, AxisTarget target, out AxisValue value, out string reason)
    {
        value = default;
        if (target.EnumType is not { } enumType)
        {
            reason = $"it is of type '{TypeOf(constant)}'";
            return false;
        }

        if (constant.Kind != TypedConstantKind.Enum || !SymbolEqualityComparer.Default.Equals(constant.Type, enumType))
        {
            reason = constant.IsNull ? "it is null" : $"it is of type '{TypeOf(constant)}'";
            return false;
        }

        string key = Convert.ToString(constant.Value, s_invariant) ?? string.Empty;
        if (FindMember(enumType, key) is not { } member)
        {
            reason = $"{key} is not a named member of '{target.TypeName}'";
            return false;
        }

        value = EnumMember(target, member, key);
        reason = string.Empty;
        return true;
    }

    private static AxisValue EnumMember(AxisTarget target, IFieldSymbol member, string key)
        => new(key, $"{target.FullyQualifiedType}.{Identifiers.Escape(member.Name)}", member.Name);

    private static IFieldSymbol? FindMember(INamedTypeSymbol enumType, string key)
    {
        foreach (ISymbol member in enumType.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true } field
                && Convert.ToString(field.ConstantValue, s_invariant) == key)
            {
                return field;
            }
        }

        return null;
    }

    private static bool TryWhole(object raw, out decimal whole, out string reason)
    {
        whole = 0;
        reason = string.Empty;
        switch (raw)
        {
            case sbyte or byte or short or ushort or int or uint or long or ulong:
                whole = Convert.ToDecimal(raw, s_invariant);
                return true;
            case double or float:
                double real = Convert.ToDouble(raw, s_invariant);
                if (!IsFinite(real))
                {
                    reason = "it is not a finite number";
                    return false;
                }

                if (Math.Floor(real) != real)
                {
                    reason = "it is not a whole number";
                    return false;
                }

                if (Math.Abs(real) > 7.9e28)
                {
                    reason = "it is too large";
                    return false;
                }

                whole = (decimal)real;
                return true;
            default:
                reason = $"it is of type '{Keyword(raw)}'";
                return false;
        }
    }

    private static bool TryReal(object raw, out double real, out string reason)
    {
        reason = string.Empty;
        switch (raw)
        {
            case sbyte or byte or short or ushort or int or uint or long or ulong or float or double:
                real = Convert.ToDouble(raw, s_invariant);
                return true;
            default:
                real = 0;
                reason = $"it is of type '{Keyword(raw)}'";
                return false;
        }
    }

    private static bool TryInteger(decimal whole, AxisTarget target, out AxisValue value, out string reason)
    {
        reason = string.Empty;
        if (target.Kind == AxisValueKind.Int32)
        {
            if (whole is < int.MinValue or > int.MaxValue)
            {
                value = default;
                reason = "it is outside the int range";
                return false;
            }

            int number = (int)whole;
            string text = number.ToString(s_invariant);
            value = new AxisValue((long)number, text, text);
            return true;
        }

        if (whole is < long.MinValue or > long.MaxValue)
        {
            value = default;
            reason = "it is outside the long range";
            return false;
        }

        long wide = (long)whole;
        string wideText = wide.ToString(s_invariant);
        value = new AxisValue(wide, wideText + "L", wideText);
        return true;
    }

    private static bool TryFloating(double real, AxisTarget target, out AxisValue value, out string reason)
    {
        value = default;
        reason = string.Empty;
        if (!IsFinite(real))
        {
            reason = "it is not a finite number";
            return false;
        }

        if (target.Kind == AxisValueKind.Single)
        {
            if (Math.Abs(real) > float.MaxValue)
            {
                reason = "it is outside the float range";
                return false;
            }

            float single = (float)real;
            string text = single.ToString("R", s_invariant);
            value = new AxisValue(single, text + "f", text);
            return true;
        }

        string doubleText = real.ToString("R", s_invariant);
        string literal = doubleText.IndexOfAny(['.', 'E', 'e']) >= 0 ? doubleText : doubleText + ".0";
        value = new AxisValue(real, literal, doubleText);
        return true;
    }

    private static AxisValue Boolean(bool flag) => new(flag, flag ? "true" : "false", flag ? "true" : "false");

    private static double Snap(double value)
        => double.Parse(value.ToString("G15", s_invariant), NumberStyles.Float, s_invariant);

    private static string TypeOf(TypedConstant constant)
        => constant.Type?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "?";

    private static string Keyword(object raw) => raw switch
    {
        bool => "bool",
        char => "char",
        string => "string",
        double => "double",
        float => "float",
        _ => raw.GetType().Name,
    };
}
