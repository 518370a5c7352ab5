using System.Text;
using System.Text.RegularExpressions;

namespace Sweep.Reporting;

/// <summary>
/// A study's report as one self-contained HTML page: the Markdown report (<see cref="MarkdownHtml"/>) with every figure's
/// SVG inline (ids prefixed per figure, so that figures cannot capture each other's clip paths), a stylesheet and no
/// external resource. A script checks, once the page has loaded, that every figure drew something: it rasterises each
/// SVG and counts non-background pixels, sets <c>data-figures="rendered/total"</c> on the body, and logs a console error
/// naming any blank or broken figure, so a headless browser can check the page (tests/Browser/check.sh).
/// </summary>
internal static partial class HtmlReport
{
    public static string Render(string title, string markdown, string directory)
    {
        string body = MarkdownHtml.Convert(markdown, stem => Figure(stem, directory));
        StringBuilder html = new();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(MarkdownHtml.Encode(title)).AppendLine("</title>");
        html.Append("<style>").Append(Style).AppendLine("</style>");
        html.AppendLine("</head><body data-figures=\"pending\">");
        html.AppendLine("<main>");
        html.Append(body);
        html.AppendLine("</main>");
        html.Append("<script>").Append(Check).AppendLine("</script>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    /// <summary>A figure's SVG inline, or a note that it is missing (which the page's check counts as a broken figure).</summary>
    private static string Figure(string stem, string directory)
    {
        string path = Path.Combine(directory, stem + ".svg");
        string id = MarkdownHtml.Encode(stem);
        if (!File.Exists(path))
        {
            return $"<figure class=\"figure missing\" data-stem=\"{id}\"><p>Figure {id}.svg is missing.</p></figure>";
        }

        string svg = DeclarationPattern().Replace(File.ReadAllText(path), string.Empty);
        string prefix = Prefix(stem);
        svg = IdPattern().Replace(svg, m => $"{m.Groups[1].Value}=\"{prefix}{m.Groups[2].Value}\"");
        svg = ReferencePattern().Replace(svg, m => $"url(#{prefix}{m.Groups[1].Value})");
        svg = HrefPattern().Replace(svg, m => $"{m.Groups[1].Value}=\"#{prefix}{m.Groups[2].Value}\"");
        return $"<figure class=\"figure\" data-stem=\"{id}\">{svg}</figure>";
    }

    private static string Prefix(string stem) => "f" + NonIdPattern().Replace(stem, "_") + "-";

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; background: #fff; }
        main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 4rem; line-height: 1.5; }
        h1 { border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
        h2 { margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
        table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; display: block; overflow-x: auto; }
        th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: right; white-space: nowrap; }
        th { background: #f6f8fa; }
        code { background: #f6f8fa; padding: .1rem .3rem; border-radius: 4px; font-size: .88em; }
        figure { margin: 1.2rem 0 .3rem; }
        figure svg { max-width: 100%; height: auto; border: 1px solid #eaeef2; }
        p.caption { color: #57606a; font-size: .9rem; margin-top: 0; }
        """;

    private const string Check = """
        (function () {
          var figures = Array.prototype.slice.call(document.querySelectorAll("figure.figure"));
          var rendered = 0, settled = 0;
          function done() {
            settled++;
            if (settled === figures.length) { document.body.setAttribute("data-figures", rendered + "/" + figures.length); }
          }
          if (figures.length === 0) { document.body.setAttribute("data-figures", "0/0"); return; }
          figures.forEach(function (figure) {
            var stem = figure.getAttribute("data-stem");
            var svg = figure.querySelector("svg");
            if (!svg) { console.error("figure " + stem + " is missing"); done(); return; }
            var width = svg.width.baseVal.value || 800, height = svg.height.baseVal.value || 500;
            var url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: "image/svg+xml" }));
            var image = new Image();
            image.onload = function () {
              var canvas = document.createElement("canvas");
              canvas.width = width; canvas.height = height;
              var context = canvas.getContext("2d");
              context.fillStyle = "#fff"; context.fillRect(0, 0, width, height);
              context.drawImage(image, 0, 0, width, height);
              var pixels = context.getImageData(0, 0, width, height).data, inked = 0;
              for (var i = 0; i < pixels.length; i += 4) { if (pixels[i] < 230 || pixels[i + 1] < 230 || pixels[i + 2] < 230) { inked++; } }
              URL.revokeObjectURL(url);
              if (inked > width * height * 0.005) { rendered++; figure.setAttribute("data-rendered", "true"); }
              else { console.error("figure " + stem + " is blank (" + inked + " drawn pixels)"); }
              done();
            };
            image.onerror = function () { console.error("figure " + stem + " could not be drawn"); done(); };
            image.src = url;
          });
        })();
        """;

    [GeneratedRegex(@"<\?xml[^>]*\?>\s*")]
    private static partial Regex DeclarationPattern();

    [GeneratedRegex(@"\b(id)=""([^""]+)""")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"\b(href|xlink:href)=""#([^""]+)""")]
    private static partial Regex HrefPattern();

    [GeneratedRegex(@"[^A-Za-z0-9_-]")]
    private static partial Regex NonIdPattern();
}
