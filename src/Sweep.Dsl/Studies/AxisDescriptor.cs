namespace Sweep;

/// <summary>One axis of a study as declared: its name, type and default values (before CLI overrides).</summary>
/// <example>
/// <code>
/// AxisDescriptor width = MyStudy.Definition.Descriptor.Axes[0];
/// Console.WriteLine($"{width.Name} ({width.TypeName}): {string.Join(", ", width.Values)}");
/// </code>
/// </example>
public sealed class AxisDescriptor
{
    /// <summary>Describes an axis. Called by generated code.</summary>
    /// <param name="name">The property's name.</param>
    /// <param name="kind">The value type.</param>
    /// <param name="typeName">The property's type as written in C# (for messages).</param>
    /// <param name="values">The default values, formatted invariantly.</param>
    /// <param name="zipGroup">The zip group, or null for a Cartesian axis.</param>
    public AxisDescriptor(string name, AxisKind kind, string typeName, IReadOnlyList<string> values, string? zipGroup)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        Name = name;
        Kind = kind;
        TypeName = typeName;
        Values = values;
        ZipGroup = zipGroup;
    }

    /// <summary>The property's name, which is also the column name.</summary>
    public string Name { get; }

    /// <summary>The value type.</summary>
    public AxisKind Kind { get; }

    /// <summary>The property's type as written in C#.</summary>
    public string TypeName { get; }

    /// <summary>The declared values, formatted invariantly, in grid order.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The zip group, or null when the axis is part of the Cartesian product.</summary>
    public string? ZipGroup { get; }

    /// <summary>Whether the values are numbers.</summary>
    public bool IsNumeric => Kind is AxisKind.Int32 or AxisKind.Int64 or AxisKind.Single or AxisKind.Double;
}
