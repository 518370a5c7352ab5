using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Sweep.Generators.Parsing;

/// <summary>
/// The hash of a study class's source that <c>StudyDescriptor.SourceHash</c> carries: SHA-256 over the tokens of
/// every partial declaration (no trivia, so comments, whitespace and disabled <c>#if</c> regions do not count), the
/// declarations sorted by their text so file order and paths do not matter, truncated to <see cref="Length"/> lower-case
/// hex characters. Syntax the reader marks as left out (the declared axis values, seeds, the study's name, and the
/// <c>[Law]</c> properties) does not count either: it chooses which trials run or how results are fitted, not what a
/// trial computes.
/// </summary>
internal static class SourceHash
{
    /// <summary>Hex characters kept from the SHA-256 digest (128 bits).</summary>
    public const int Length = 32;

    /// <summary>Hashes a type's declarations.</summary>
    /// <param name="type">The study class.</param>
    /// <param name="leftOut">Syntax nodes, by tree and span, whose tokens do not count.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The hash, <see cref="Length"/> lower-case hex characters.</returns>
    public static string Compute(INamedTypeSymbol type, ISet<(SyntaxTree Tree, TextSpan Span)> leftOut, CancellationToken cancellationToken)
    {
        List<string> declarations = [];
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (StudyReader.IsGeneratedFile(reference.SyntaxTree))
            {
                continue;
            }

            SyntaxNode declaration = reference.GetSyntax(cancellationToken);
            StringBuilder text = new();
            foreach (SyntaxToken token in declaration.DescendantTokens(node => !leftOut.Contains((node.SyntaxTree, node.Span))))
            {
                // Length-prefixed, so two tokens never read as one ("a b" and "ab" differ).
                _ = text.Append(token.Text.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(token.Text);
            }

            declarations.Add(text.ToString());
        }

        declarations.Sort(StringComparer.Ordinal);
        StringBuilder all = new();
        foreach (string declaration in declarations)
        {
            _ = all.Append(declaration.Length.ToString(CultureInfo.InvariantCulture)).Append('|').Append(declaration);
        }

        using SHA256 sha = SHA256.Create();
        byte[] digest = sha.ComputeHash(Encoding.UTF8.GetBytes(all.ToString()));
        StringBuilder hex = new(Length);
        for (int i = 0; i < Length / 2; i++)
        {
            _ = hex.Append(digest[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }
}
