using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;

namespace Sweep.Generators.Tests.Infrastructure;

/// <summary>One expected diagnostic marked in test source as <c>{|SWP1001:Name|}</c>.</summary>
/// <param name="Id">The diagnostic ID.</param>
/// <param name="Span">The marked span in the source without markers.</param>
internal readonly record struct ExpectedDiagnostic(string Id, TextSpan Span);

/// <summary>
/// Parses roslyn-sdk-style span markers: <c>{|SWP2006:1.5|}</c> expects diagnostic SWP2006 exactly on <c>1.5</c>.
/// Markers do not nest.
/// </summary>
internal static partial class Markup
{
    /// <summary>Removes the markers from a source and returns where they were.</summary>
    /// <param name="markup">The source with markers.</param>
    /// <returns>The plain source and the expected diagnostics in source order.</returns>
    public static (string Source, IReadOnlyList<ExpectedDiagnostic> Expected) Parse(string markup)
    {
        StringBuilder source = new();
        List<ExpectedDiagnostic> expected = [];
        int last = 0;
        foreach (Match match in Marker().Matches(markup))
        {
            source.Append(markup, last, match.Index - last);
            int start = source.Length;
            source.Append(match.Groups["text"].Value);
            expected.Add(new ExpectedDiagnostic(match.Groups["id"].Value, TextSpan.FromBounds(start, source.Length)));
            last = match.Index + match.Length;
        }

        source.Append(markup, last, markup.Length - last);
        return (source.ToString(), expected);
    }

    [GeneratedRegex(@"\{\|(?<id>[A-Z]+\d+):(?<text>.*?)\|\}", RegexOptions.Singleline)]
    private static partial Regex Marker();
}
