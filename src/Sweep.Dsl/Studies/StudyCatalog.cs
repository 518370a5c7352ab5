namespace Sweep;

/// <summary>
/// Every study the process knows about. Generated module initializers register each study of an assembly when
/// that assembly loads, so a host finds them without reflection; call <see cref="Register"/> for a hand-written
/// definition.
/// </summary>
/// <example>
/// <code>
/// foreach (StudyDefinition study in StudyCatalog.All) Console.WriteLine(study.Descriptor.Name);
/// StudyDefinition? ridge = StudyCatalog.Find("ridge-width");
/// </code>
/// </example>
public static class StudyCatalog
{
    private static readonly Lock s_gate = new();
    private static readonly List<StudyDefinition> s_studies = [];

    /// <summary>The registered studies, sorted by name.</summary>
    public static IReadOnlyList<StudyDefinition> All
    {
        get
        {
            lock (s_gate)
            {
                return s_studies.OrderBy(s => s.Descriptor.Name, StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>Registers a study; registering the same definition twice has no effect.</summary>
    /// <param name="definition">The study.</param>
    public static void Register(StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (s_gate)
        {
            if (!s_studies.Contains(definition))
            {
                s_studies.Add(definition);
            }
        }
    }

    /// <summary>Finds a study by name (exact match first, then ignoring case).</summary>
    /// <param name="name">The study's name.</param>
    /// <returns>The study, or null when none has that name.</returns>
    /// <exception cref="InvalidOperationException">Two registered studies share the name.</exception>
    public static StudyDefinition? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        StudyDefinition[] all = [.. All];
        StudyDefinition[] matches = all.Where(s => s.Descriptor.Name == name).ToArray();
        if (matches.Length == 0)
        {
            matches = all.Where(s => string.Equals(s.Descriptor.Name, name, StringComparison.OrdinalIgnoreCase)).ToArray();
        }

        return matches.Length switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new InvalidOperationException(
                $"{matches.Length} studies are named '{name}': {string.Join(", ", matches.Select(m => m.Descriptor.TypeName))}; rename one."),
        };
    }
}
