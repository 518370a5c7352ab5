using System;
using System.Text;

namespace Sweep.Generators.Helpers;

/// <summary>
/// Writes C# source with indentation, ComputeSharp-style: <see cref="WriteLine(string)"/> for a line at the current
/// depth and <see cref="WriteBlock"/> for a brace-delimited, indented block. No syntax trees, no
/// <c>NormalizeWhitespace</c>: the text is built once and handed to <c>AddSource</c>.
/// </summary>
internal sealed class IndentedTextWriter
{
    private const string IndentUnit = "    ";

    private readonly StringBuilder _builder = new();
    private int _depth;

    /// <summary>Writes one line at the current indentation (an empty line has no indentation).</summary>
    /// <param name="line">The line's text.</param>
    public void WriteLine(string line)
    {
        if (line.Length > 0)
        {
            for (int i = 0; i < _depth; i++)
            {
                _ = _builder.Append(IndentUnit);
            }

            _ = _builder.Append(line);
        }

        _ = _builder.Append('\n');
    }

    /// <summary>Writes an empty line.</summary>
    public void WriteLine() => _builder.Append('\n');

    /// <summary>Writes <c>{</c>, indents until the returned scope is disposed, then writes <c>}</c>.</summary>
    /// <param name="closing">The closing text (<c>}</c>, or <c>};</c> for an initializer).</param>
    /// <returns>The scope to dispose.</returns>
    public Block WriteBlock(string closing = "}")
    {
        WriteLine("{");
        _depth++;
        return new Block(this, closing);
    }

    /// <summary>Increases the indentation until the returned scope is disposed, without braces.</summary>
    /// <returns>The scope to dispose.</returns>
    public Block Indent()
    {
        _depth++;
        return new Block(this, null);
    }

    /// <summary>The text written so far.</summary>
    /// <returns>The source text.</returns>
    public override string ToString() => _builder.ToString();

    /// <summary>An indentation scope; disposing it closes the block.</summary>
    internal readonly struct Block : IDisposable
    {
        private readonly IndentedTextWriter _writer;
        private readonly string? _closing;

        /// <summary>Creates the scope.</summary>
        /// <param name="writer">The writer.</param>
        /// <param name="closing">The closing text, or null for a bare indentation.</param>
        public Block(IndentedTextWriter writer, string? closing)
        {
            _writer = writer;
            _closing = closing;
        }

        /// <summary>Closes the scope.</summary>
        public void Dispose()
        {
            _writer._depth--;
            if (_closing is not null)
            {
                _writer.WriteLine(_closing);
            }
        }
    }
}
