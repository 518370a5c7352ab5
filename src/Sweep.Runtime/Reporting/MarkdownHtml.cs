using System.Text;
using System.Text.RegularExpressions;

namespace Sweep.Reporting;

/// <summary>
/// The Markdown the reports write, as HTML: headings, paragraphs, <c>- </c> lists, pipe tables (<c>\|</c> escapes a
/// pipe), <c>`code`</c>, <c>**bold**</c>, <c>*emphasis*</c>, and an image line <c>![stem](stem.png)</c>, which becomes
/// whatever <c>image</c> returns for the stem (the HTML report inlines the figure's SVG). Not a general Markdown parser:
/// only what <see cref="MarkdownReport"/> and the sections emit.
/// </summary>
internal static partial class MarkdownHtml
{
    public static string Convert(string markdown, Func<string, string> image)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        string[] lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        StringBuilder html = new();
        List<string> paragraph = [];
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0)
            {
                Flush(html, paragraph);
                continue;
            }

            if (HeadingPattern().Match(line) is { Success: true } heading)
            {
                Flush(html, paragraph);
                int level = heading.Groups[1].Length;
                html.Append("<h").Append(level).Append('>').Append(Inline(heading.Groups[2].Value)).Append("</h").Append(level).AppendLine(">");
            }
            else if (ImagePattern().Match(line) is { Success: true } picture)
            {
                Flush(html, paragraph);
                html.AppendLine(image(picture.Groups[2].Value));
            }
            else if (line.StartsWith('|'))
            {
                Flush(html, paragraph);
                int end = i;
                while (end < lines.Length && lines[end].StartsWith('|'))
                {
                    end++;
                }

                html.Append(Table(lines[i..end]));
                i = end - 1;
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                Flush(html, paragraph);
                html.AppendLine("<ul>");
                while (i < lines.Length && lines[i].StartsWith("- ", StringComparison.Ordinal))
                {
                    html.Append("<li>").Append(Inline(lines[i][2..])).AppendLine("</li>");
                    i++;
                }

                html.AppendLine("</ul>");
                i--;
            }
            else
            {
                paragraph.Add(line);
            }
        }

        Flush(html, paragraph);
        return html.ToString();
    }

    /// <summary>Inline Markdown: HTML escaped, then code spans, bold and emphasis.</summary>
    public static string Inline(string text)
    {
        StringBuilder html = new();
        string[] parts = text.Split('`');
        for (int k = 0; k < parts.Length; k++)
        {
            string part = Encode(parts[k]);
            bool code = k % 2 == 1 && k < parts.Length - 1;
            html.Append(code ? $"<code>{part}</code>" : Emphasis(k % 2 == 1 ? "`" + part : part));
        }

        return html.ToString();
    }

    /// <summary>Escapes the characters HTML gives a meaning (and only those: the page is UTF-8, so ± and → stay as they are).</summary>
    public static string Encode(string text)
        => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string Emphasis(string text)
        => EmphasisPattern().Replace(BoldPattern().Replace(text, "<strong>$1</strong>"), "<em>$1</em>");

    private static string Table(string[] rows)
    {
        StringBuilder html = new();
        html.AppendLine("<table>");
        bool header = rows.Length > 1 && SeparatorPattern().IsMatch(rows[1]);
        for (int r = 0; r < rows.Length; r++)
        {
            if (header && r == 1)
            {
                continue;
            }

            string tag = header && r == 0 ? "th" : "td";
            html.Append("<tr>");
            foreach (string cell in Cells(rows[r]))
            {
                html.Append('<').Append(tag).Append('>').Append(Inline(cell)).Append("</").Append(tag).Append('>');
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</table>");
        return html.ToString();
    }

    /// <summary>A row's cells: split on pipes that are not escaped, the escapes undone, trimmed.</summary>
    internal static IReadOnlyList<string> Cells(string row)
    {
        List<string> cells = [];
        StringBuilder cell = new();
        string body = row.Trim();
        body = body[1..(body.EndsWith('|') && !body.EndsWith("\\|", StringComparison.Ordinal) && body.Length > 1 ? ^1 : ^0)];
        for (int i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length && body[i + 1] == '|')
            {
                cell.Append('|');
                i++;
            }
            else if (body[i] == '|')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(body[i]);
            }
        }

        cells.Add(cell.ToString().Trim());
        return cells;
    }

    private static void Flush(StringBuilder html, List<string> paragraph)
    {
        if (paragraph.Count == 0)
        {
            return;
        }

        string text = string.Join(" ", paragraph);
        bool caption = text.Length > 2 && text[0] == '*' && text[^1] == '*' && text[1] != '*';
        html.Append(caption ? $"<p class=\"caption\"><em>{Inline(text[1..^1])}</em></p>" : $"<p>{Inline(text)}</p>").AppendLine();
        paragraph.Clear();
    }

    [GeneratedRegex(@"^(#{1,6}) (.*)$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^!\[([^\]]*)\]\(([^)]+)\.png\)$")]
    private static partial Regex ImagePattern();

    [GeneratedRegex(@"^\|(\s*:?-+:?\s*\|)+\s*$")]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex(@"\*\*([^*]+)\*\*")]
    private static partial Regex BoldPattern();

    [GeneratedRegex(@"(?<![*\w])\*([^*\s][^*]*)\*(?![*\w])")]
    private static partial Regex EmphasisPattern();
}
