using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;

namespace Sweep.Generators.Helpers;

/// <summary>Turns symbol names into identifiers generated code can use.</summary>
internal static class Identifiers
{
    /// <summary>Prefixes a name with <c>@</c> when it is a C# keyword (a property named <c>@class</c> is called <c>class</c>).</summary>
    /// <param name="name">The symbol's name.</param>
    /// <returns>The identifier.</returns>
    public static string Escape(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>
    /// A camelCase identifier for a name, unique among <paramref name="taken"/> (which it joins), and never a
    /// keyword: <c>Width</c> → <c>width</c>, <c>Class</c> → <c>class1</c>.
    /// </summary>
    /// <param name="name">The property's name.</param>
    /// <param name="taken">Identifiers already in use, including those generated code reserves.</param>
    /// <returns>The identifier.</returns>
    public static string UniqueCamelCase(string name, HashSet<string> taken)
    {
        string camel = name.Length == 0 ? "axis" : char.ToLowerInvariant(name[0]) + name.Substring(1);
        string candidate = camel;
        for (int suffix = 1; taken.Contains(candidate) || SyntaxFacts.GetKeywordKind(candidate) != SyntaxKind.None; suffix++)
        {
            candidate = camel + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _ = taken.Add(candidate);
        return candidate;
    }
}
