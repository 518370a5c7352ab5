using System.Reflection;
using System.Runtime.CompilerServices;

namespace Sweep.Dsl.Tests.Contract;

/// <summary>
/// Members of Sweep.Dsl as one line of C#-like text (<c>protected abstract TStudy CreateDefault()</c>), so a contract
/// test states the shape the generator relies on and a mismatch reads as the two signatures side by side. Types are
/// written by short name (<c>IReadOnlyList&lt;Int32&gt;</c>); parameter names are left out, since generated code passes
/// arguments by position and overrides may name parameters as they like.
/// </summary>
internal static class Shape
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The shapes of every method of a type (and its base types) with a name.</summary>
    /// <param name="type">The type.</param>
    /// <param name="name">The method name.</param>
    /// <returns>One shape per overload.</returns>
    public static IReadOnlyList<string> Methods(Type type, string name)
        => [.. Hierarchy(type).SelectMany(t => t.GetMethods(Declared)).Where(m => m.Name == name).Select(Of)];

    /// <summary>The shapes of a type's constructors.</summary>
    /// <param name="type">The type.</param>
    /// <returns>One shape per constructor.</returns>
    public static IReadOnlyList<string> Constructors(Type type)
        => [.. type.GetConstructors(Declared).Select(Of)];

    /// <summary>The shape of a property found on a type or its base types, or null.</summary>
    /// <param name="type">The type.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The shape.</returns>
    public static string? Property(Type type, string name)
        => Hierarchy(type).SelectMany(t => t.GetProperties(Declared)).Where(p => p.Name == name).Select(Of).FirstOrDefault();

    /// <summary>A method or constructor: <c>protected virtual Boolean Admits(TStudy)</c>.</summary>
    /// <param name="method">The member.</param>
    /// <returns>The text.</returns>
    public static string Of(MethodBase method)
    {
        string modifiers = Access(method) + (method.IsStatic ? " static" : string.Empty);
        bool introduces = method is not MethodInfo info || info.GetBaseDefinition() == info;
        if (method.IsAbstract)
        {
            modifiers += " abstract";
        }
        else if (method.IsVirtual && !introduces)
        {
            modifiers += method.IsFinal ? " sealed override" : " override";
        }
        else if (method.IsVirtual && !method.IsFinal)
        {
            modifiers += " virtual";
        }

        string parameters = string.Join(", ", method.GetParameters().Select(Parameter));
        if (method is ConstructorInfo)
        {
            return $"{modifiers} .ctor({parameters})";
        }

        MethodInfo ordinary = (MethodInfo)method;
        string generic = ordinary.IsGenericMethodDefinition ? $"<{string.Join(", ", ordinary.GetGenericArguments().Select(Name))}>" : string.Empty;
        return $"{modifiers} {Name(ordinary.ReturnType)} {method.Name}{generic}({parameters})";
    }

    /// <summary>A property: <c>public String SourceHash { get; init; }</c>.</summary>
    /// <param name="property">The property.</param>
    /// <returns>The text.</returns>
    public static string Of(PropertyInfo property)
    {
        MethodInfo getter = property.GetMethod ?? throw new InvalidOperationException($"{property.Name} has no getter");
        string setter = property.SetMethod switch
        {
            null => string.Empty,
            { } set when set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) => $" {Access(set)} init;".Replace(" public init;", " init;", StringComparison.Ordinal),
            { } set => $" {Access(set)} set;".Replace(" public set;", " set;", StringComparison.Ordinal),
        };
        return $"{Access(getter)}{(getter.IsStatic ? " static" : string.Empty)} {Name(property.PropertyType)} {property.Name} {{ get;{setter} }}";
    }

    /// <summary>A type by short name: <c>IReadOnlyList&lt;Int32&gt;</c>, <c>T[]</c>, <c>TStudy</c>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The text.</returns>
    public static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        string name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
    }

    private static string Parameter(ParameterInfo parameter)
    {
        string prefix = parameter.IsOut ? "out " : parameter.IsDefined(typeof(ParamArrayAttribute)) ? "params " : string.Empty;
        return prefix + Name(parameter.ParameterType);
    }

    private static string Access(MethodBase method) => method switch
    {
        { IsPublic: true } => "public",
        { IsFamily: true } => "protected",
        { IsFamilyOrAssembly: true } => "protected internal",
        { IsFamilyAndAssembly: true } => "private protected",
        { IsAssembly: true } => "internal",
        _ => "private",
    };

    private static IEnumerable<Type> Hierarchy(Type type)
    {
        for (Type? current = type; current is not null; current = current.BaseType)
        {
            yield return current.IsGenericType && !current.IsGenericTypeDefinition ? current.GetGenericTypeDefinition() : current;
        }
    }
}
